import type { Job, Worker } from 'bullmq';
import type { IdempotencyStore } from '../delivery/idempotency.js';
import { MailerError } from '../errors/MailerError.js';
import type { ComposedMessage, SendResult } from '../types.js';
import { type RedisConnection, toBullmqConnection } from './connection.js';
import { type MailJobData, type QueuedError, toQueuedError, toSendOptions } from './job.js';
import { loadBullmq } from './load.js';
import { redisIdempotencyStore } from './redis-idempotency.js';

/** What the worker needs of a mailer: `createMailer()` returns one. */
export interface WorkerMailer {
  compose(template: never, data: never, options?: never): Promise<ComposedMessage>;
  deliver(message: ComposedMessage, options?: { retry?: false; rateLimit?: false }): Promise<SendResult>;
  close(options?: { timeoutMs?: number }): Promise<void>;
}

export interface MailWorkerOptions {
  /** Where Redis is, as for `createMailQueue`. */
  connection: RedisConnection;
  /** Queue name. @default 'mail' */
  name?: string;
  /** Jobs in flight in this process. @default 10 */
  concurrency?: number;
  /**
   * Queue-wide pace, shared by every worker on every machine (BullMQ's limiter), in the mailer's
   * `{ messages, perMs }` shape. Give the worker's mailer no `rateLimit` of its own.
   */
  rateLimit?: { messages: number; perMs: number };
  /**
   * Retry `DELIVERY_UNKNOWN` (the connection dropped after the message was sent; the server may have
   * it). Off by default: a retry may deliver it twice. @default false
   */
  retryUnknown?: boolean;
  /**
   * Idempotency in Redis for jobs with an `idempotencyKey`: a message whose send completed is not
   * sent again, even if the worker dies before BullMQ marks the job done. `false` turns it off.
   */
  idempotency?: false | { store?: IdempotencyStore; ttlMs?: number; claimTtlMs?: number };
  /** How long a job's lock lasts without renewal; a dead worker's jobs run elsewhere after it. @default 30000 */
  lockDurationMs?: number;
  /** On close (or SIGTERM), how long in-flight jobs may take before the mailer is closed under them. @default 30000 */
  shutdownTimeoutMs?: number;
  /** Signals that close the worker gracefully and then end the process; `false` installs none. @default ['SIGTERM', 'SIGINT'] */
  signals?: NodeJS.Signals[] | false;
}

export interface MailWorkerEvents {
  completed: (job: { id: string; name: string }, result: SendResult) => void;
  failed: (job: { id: string; name: string; attempts: number; final: boolean }, error: QueuedError) => void;
  error: (error: Error) => void;
}

export interface MailWorker {
  readonly name: string;
  /** Resolves once the worker is connected and taking jobs. */
  ready(): Promise<void>;
  on<E extends keyof MailWorkerEvents>(event: E, listener: MailWorkerEvents[E]): this;
  /**
   * Stops taking jobs, lets those in flight finish (up to `shutdownTimeoutMs`), closes the mailer.
   * Jobs still running after the deadline are picked up by other workers once their lock expires.
   */
  close(): Promise<void>;
}

const DAY_MS = 86_400_000;
// BullMQ retries (attempts, backoff) and paces (its limiter); the mailer's own layers would multiply them.
const ONE_LAYER = { retry: false, rateLimit: false } as const;

/** Resolves to the promise's value, or `'timeout'` after `ms`. */
async function within<T>(promise: Promise<T>, ms: number): Promise<T | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), ms);
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** Raised when another process holds the key: the job waits, without using up an attempt. */
class InFlightElsewhere extends MailerError {
  constructor(key: string) {
    super('IDEMPOTENCY_IN_FLIGHT', `Another worker is sending the message with idempotency key "${key}"`, {
      retryable: true,
      hint: 'nothing to do: the job runs again after that claim completes or expires',
    });
  }
}

/**
 * A worker process's side of the queue: takes jobs, renders them with `mailer` (so template fixes
 * apply to mail still queued) and delivers them. One retry layer: BullMQ's attempts with exponential
 * backoff for retryable errors; permanent ones fail the job at once (`UnrecoverableError`).
 *
 * @example
 * import { createMailer } from 'mailsmith';
 * import { createMailWorker } from 'mailsmith/queue';
 * const mailer = createMailer({ templates: './templates', retry: false });
 * const worker = createMailWorker(mailer, {
 *   connection: 'redis://127.0.0.1:6379', name: 'mail', concurrency: 10,
 *   rateLimit: { messages: 20, perMs: 1000 },
 * });
 */
export function createMailWorker(mailer: WorkerMailer, options: MailWorkerOptions): MailWorker {
  const name = options.name ?? 'mail';
  const connection = toBullmqConnection(options.connection);
  const lockDuration = options.lockDurationMs ?? 30_000;
  const shutdownTimeout = options.shutdownTimeoutMs ?? 30_000;
  const idem = options.idempotency === false ? undefined : (options.idempotency ?? {});
  const ownStore = idem !== undefined && idem.store === undefined;
  const store: (IdempotencyStore & { close?(): Promise<void> }) | undefined =
    idem === undefined
      ? undefined
      : (idem.store ?? redisIdempotencyStore({ connection: options.connection }));
  const doneTtl = idem?.ttlMs ?? DAY_MS;
  // Longer than the job lock: a stalled job re-runs after its lock expires, and must then still find the claim.
  const claimTtl = idem?.claimTtlMs ?? lockDuration * 2;
  const listeners: { [E in keyof MailWorkerEvents]: MailWorkerEvents[E][] } = {
    completed: [],
    failed: [],
    error: [],
  };

  /**
   * Claims the key before rendering: a message already sent (by a worker that died before BullMQ
   * marked the job done) returns its first result, unrendered and unsent.
   */
  async function deliverOnce(
    key: string | undefined,
    message: () => Promise<ComposedMessage>,
  ): Promise<SendResult> {
    if (key === undefined || store === undefined) return mailer.deliver(await message(), ONE_LAYER);
    const claim = await store.claim(key, claimTtl);
    if (claim.state === 'done') return claim.result;
    if (claim.state === 'in-flight') throw new InFlightElsewhere(key);
    let result: SendResult;
    try {
      result = await mailer.deliver(await message(), ONE_LAYER);
    } catch (error) {
      // After DELIVERY_UNKNOWN the server may have the message: keep the claim unless retries are wanted.
      const unknown = (error as { code?: unknown }).code === 'DELIVERY_UNKNOWN';
      if (!unknown || options.retryUnknown) await store.release(key);
      throw error;
    }
    await store.complete(key, result, doneTtl);
    return result;
  }

  const started = (async (): Promise<Worker> => {
    const { Worker, UnrecoverableError, DelayedError } = await loadBullmq();
    const processor = async (job: Job, token?: string): Promise<SendResult> => {
      const data = job.data as MailJobData;
      try {
        if (data.kind === 'composed') {
          return await deliverOnce(data.message.idempotencyKey, async () => data.message);
        }
        const compose = () =>
          mailer.compose(data.template as never, data.data as never, toSendOptions(data.options) as never);
        return await deliverOnce(data.options.idempotencyKey, compose);
      } catch (error) {
        if (error instanceof InFlightElsewhere && token !== undefined) {
          // Wait for the other claim without spending an attempt.
          await job.moveToDelayed(Date.now() + Math.min(2000, claimTtl), token);
          throw new DelayedError();
        }
        const typed = toQueuedError(error);
        await job.updateData({ ...data, error: typed }).catch(() => {});
        const unknown = typed.code === 'DELIVERY_UNKNOWN';
        if (!typed.retryable && !(unknown && options.retryUnknown))
          throw new UnrecoverableError(typed.message);
        throw new Error(typed.message);
      }
    };
    const worker = new Worker(name, processor, {
      connection,
      concurrency: options.concurrency ?? 10,
      lockDuration,
      // Check for stalled jobs as often as a lock can expire, so a dead worker's jobs move on within ~2 locks.
      stalledInterval: lockDuration,
      ...(options.rateLimit
        ? { limiter: { max: options.rateLimit.messages, duration: options.rateLimit.perMs } }
        : {}),
    });
    worker.on('completed', (job, result: SendResult) => {
      for (const listener of listeners.completed) listener({ id: String(job.id), name: job.name }, result);
    });
    worker.on('failed', (job, error) => {
      if (job === undefined) return;
      const data = job.data as MailJobData;
      const attempts = job.attemptsMade;
      const final = error.name === 'UnrecoverableError' || attempts >= (job.opts.attempts ?? 1);
      for (const listener of listeners.failed) {
        listener({ id: String(job.id), name: job.name, attempts, final }, data.error ?? toQueuedError(error));
      }
    });
    worker.on('error', (error) => {
      for (const listener of listeners.error) listener(error);
    });
    await worker.waitUntilReady();
    return worker;
  })();
  // An error before anyone awaits ready() or close() must not crash the process as unhandled.
  started.catch(() => {});

  let closing: Promise<void> | undefined;
  function close(): Promise<void> {
    closing ??= (async () => {
      removeSignalHandlers();
      const worker = await started.catch(() => undefined);
      const graceful = (worker?.close() ?? Promise.resolve()).then(() => 'closed' as const);
      const outcome = await within(graceful, shutdownTimeout);
      // Past the deadline, closing the mailer at once ends the sends still running; their jobs fail (and
      // retry) or stall, and BullMQ hands them to another worker once their lock expires.
      await mailer.close({ timeoutMs: outcome === 'timeout' ? 0 : shutdownTimeout });
      if (outcome === 'timeout' && (await within(graceful, 1000)) === 'timeout') {
        // A send that ignores even that: stop waiting for it rather than hang the shutdown.
        await worker?.disconnect().catch(() => {});
      }
      if (ownStore) await store?.close?.();
    })();
    return closing;
  }

  const signals = options.signals === false ? [] : (options.signals ?? ['SIGTERM', 'SIGINT']);
  const onSignal = (signal: NodeJS.Signals) => {
    void close().finally(() => {
      // Our handler kept the process alive; with it gone, the signal's default action ends it.
      process.kill(process.pid, signal);
    });
  };
  for (const signal of signals) process.once(signal, onSignal);
  function removeSignalHandlers() {
    for (const signal of signals) process.removeListener(signal, onSignal);
  }

  const handle: MailWorker = {
    name,
    async ready() {
      await started;
    },
    on(event, listener) {
      (listeners[event] as unknown[]).push(listener);
      return handle;
    },
    close,
  };
  return handle;
}
