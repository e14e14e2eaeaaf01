import type { Queue } from 'bullmq';
import { ConfigError } from '../errors/ConfigError.js';
import { createMailer, type Mailer } from '../mailer.js';
import { parseAddresses } from '../message/address.js';
import { checkHeaders } from '../message/headers.js';
import { memory } from '../transports/memory.js';
import type { ComposedMessage, SendOptions, TemplateRegistry } from '../types.js';
import type { TemplateDataOf, TemplateNameOf } from '../validate/index.js';
import { type RedisConnection, toBullmqConnection } from './connection.js';
import {
  jobIdFor,
  type MailJobData,
  type QueuedError,
  type QueuedSendOptions,
  queueAttachments,
  toSendOptions,
} from './job.js';
import { loadBullmq } from './load.js';

export interface MailQueueOptions<R = TemplateRegistry> {
  /** Where Redis is: `redis://host:6379`, ioredis options (Sentinel too), or an ioredis client/Cluster. */
  connection: RedisConnection;
  /** Queue name; workers use the same. @default 'mail' */
  name?: string;
  /**
   * Templates folder: data, addresses and attachments are then checked at enqueue, so bad input
   * fails in the caller, not in a worker at 3 a.m. Without `templates` or `mailer`, the worker checks.
   */
  templates?: string;
  /** A mailer whose templates (and schemas) check data at enqueue; it sends nothing here. */
  mailer?: Mailer<R>;
  /** Delivery attempts per job, for retryable failures. @default 5 */
  attempts?: number;
  /** First retry delay; it doubles each attempt (BullMQ exponential backoff). @default 2000 */
  backoffMs?: number;
  /** How long completed jobs are kept: while kept, re-enqueueing an idempotency key is a no-op. @default 86400 (24 h) */
  keepCompletedSeconds?: number;
  /** How long failed jobs are kept for inspection and `retryFailed()`. @default 604800 (7 days) */
  keepFailedSeconds?: number;
  /** Cap on one job's attachments in total (they travel base64 in Redis). @default 10485760 (10 MB) */
  maxAttachmentBytes?: number;
}

/** Send options plus when and how urgently: `delay` in ms, `priority` 1 (highest) … 2,097,152. */
export interface QueueSendOptions extends SendOptions {
  delay?: number;
  priority?: number;
}

/** One item of `sendMany`: a template, its data, and the send options. */
export type QueueItem<R = TemplateRegistry> = {
  [N in TemplateNameOf<R>]: { template: N; data: TemplateDataOf<R, N> } & QueueSendOptions;
}[TemplateNameOf<R>];

/** A job in the queue. With an idempotency key, `id` is that key's hash, whoever enqueued it first. */
export interface QueuedMail {
  id: string;
  /** The template name (for a composed message, the template it was rendered from, else `composed`). */
  name: string;
}

/** Job counts by state. `waiting` includes prioritized jobs. */
export interface QueueStats {
  waiting: number;
  active: number;
  completed: number;
  failed: number;
  delayed: number;
}

/** A job that failed for good, with the delivery error it kept. */
export interface FailedMail extends QueuedMail {
  attempts: number;
  failedAt?: Date;
  to: string[];
  error: QueuedError;
}

export interface MailQueue<R = TemplateRegistry> {
  /**
   * Enqueues a send; a worker renders and delivers it. Typed like `mailer.send`.
   * @example
   * await queue.send('welcome', { name: 'Ada' }, { to: 'ada@163.com', idempotencyKey: `welcome:${user.id}` });
   */
  send<N extends TemplateNameOf<R>>(
    template: N,
    data: TemplateDataOf<R, N>,
    options?: QueueSendOptions,
  ): Promise<QueuedMail>;
  /** Enqueues many at once. Every item is checked first: one bad item enqueues none and names the item. */
  sendMany(items: QueueItem<R>[]): Promise<QueuedMail[]>;
  /**
   * Enqueues a message rendered now (`mailer.compose(…)`): the worker delivers it as it is, even if
   * the templates change before it runs.
   * @example
   * await queue.sendComposed(mailer.compose('receipt', order, { to, idempotencyKey: `receipt:${order.id}` }));
   */
  sendComposed(
    message: ComposedMessage | Promise<ComposedMessage>,
    options?: Pick<QueueSendOptions, 'delay' | 'priority'>,
  ): Promise<QueuedMail>;
  /** Counts of waiting, active, completed, failed and delayed jobs. */
  stats(): Promise<QueueStats>;
  /** Failed jobs, newest first, each with its typed error (code, hint, server reply). */
  failed(start?: number, end?: number): Promise<FailedMail[]>;
  /** Moves every failed job back to waiting; resolves to how many. */
  retryFailed(): Promise<number>;
  /** Closes the queue's Redis connections (jobs stay in Redis). */
  close(): Promise<void>;
  readonly name: string;
}

// compose() needs a sender; at enqueue it only checks, so any valid one does when none is given.
const CHECK_FROM = 'queue-check@mailsmith.invalid';

/**
 * A mail queue on BullMQ + Redis: `send` enqueues, workers in any number of processes deliver
 * (see `createMailWorker`). Jobs carry template, data and send options, never credentials.
 *
 * @example
 * import { createMailQueue } from 'mailsmith/queue';
 * const queue = createMailQueue({ connection: 'redis://127.0.0.1:6379', name: 'mail', templates: './templates' });
 * await queue.send('welcome', { name: 'Ada' }, { to: 'ada@163.com', idempotencyKey: 'welcome:42' });
 * await queue.close();
 */
export function createMailQueue<R = TemplateRegistry>(options: MailQueueOptions<R>): MailQueue<R> {
  const name = options.name ?? 'mail';
  const connection = toBullmqConnection(options.connection);
  if (options.templates !== undefined && options.mailer !== undefined) {
    throw new ConfigError('createMailQueue got both "templates" and "mailer"', {
      hint: 'pass one: the mailer already knows its templates',
    });
  }
  const maxBytes = options.maxAttachmentBytes;
  const checker: Mailer | undefined =
    (options.mailer as Mailer | undefined) ??
    (options.templates === undefined
      ? undefined
      : (createMailer({ templates: options.templates, transport: memory() }) as unknown as Mailer));
  const ownsChecker = options.mailer === undefined;

  let opened: Promise<Queue> | undefined;
  const queue = (): Promise<Queue> => {
    opened ??= loadBullmq().then(
      ({ Queue }) =>
        new Queue(name, {
          connection,
          defaultJobOptions: {
            attempts: options.attempts ?? 5,
            backoff: { type: 'exponential', delay: options.backoffMs ?? 2000 },
            removeOnComplete: { age: options.keepCompletedSeconds ?? 86_400 },
            removeOnFail: { age: options.keepFailedSeconds ?? 604_800 },
          },
        }),
    );
    return opened;
  };

  /** Checks one send and turns it into job data; throws the typed error of the first problem. */
  async function prepare(template: string, data: unknown, sendOptions: QueueSendOptions) {
    if (typeof template !== 'string' || template === '') {
      throw new ConfigError('queue.send needs a template name', {
        hint: "queue.send('welcome', data, { to })",
      });
    }
    const { delay, priority, attachments, ...rest } = sendOptions;
    const queued: QueuedSendOptions = { ...rest };
    const read = await queueAttachments(attachments, maxBytes);
    if (read !== undefined) queued.attachments = read;
    if (checker) {
      // Everything compose checks (data, addresses, headers, attachments), without sending.
      await checker.compose(template as never, data as never, {
        ...toSendOptions(queued),
        from: queued.from ?? CHECK_FROM,
      });
    } else {
      for (const field of ['to', 'cc', 'bcc', 'replyTo', 'from'] as const)
        parseAddresses(field, queued[field]);
      checkHeaders(queued.headers);
    }
    const job: MailJobData = { kind: 'template', template, data, options: queued };
    return { name: template, data: job, opts: jobOptions(sendOptions.idempotencyKey, delay, priority) };
  }

  function jobOptions(idempotencyKey?: string, delay?: number, priority?: number) {
    return {
      ...(idempotencyKey === undefined ? {} : { jobId: jobIdFor(idempotencyKey) }),
      ...(delay === undefined ? {} : { delay }),
      ...(priority === undefined ? {} : { priority }),
    };
  }

  const handle = (job: { id?: string; name: string }): QueuedMail => ({ id: String(job.id), name: job.name });

  const mailQueue: MailQueue<Record<string, Record<string, unknown>>> = {
    name,
    async send(template, data, sendOptions = {}) {
      const job = await prepare(template, data, sendOptions);
      return handle(await (await queue()).add(job.name, job.data, job.opts));
    },
    async sendMany(items) {
      const jobs = [];
      for (const [index, item] of items.entries()) {
        const { template, data, ...rest } = item;
        try {
          jobs.push(await prepare(template, data, rest));
        } catch (error) {
          if (error instanceof Error) error.message = `item #${index + 1} (${template}): ${error.message}`;
          throw error;
        }
      }
      const q = await queue();
      const added = [];
      // addBulk is one MULTI per call; chunks keep a big batch from blocking Redis.
      for (let i = 0; i < jobs.length; i += 500) added.push(...(await q.addBulk(jobs.slice(i, i + 500))));
      return added.map(handle);
    },
    async sendComposed(message, sendOptions = {}) {
      const composed = await message;
      if (typeof composed !== 'object' || composed === null || typeof composed.messageId !== 'string') {
        throw new ConfigError('sendComposed needs a composed message', {
          hint: 'pass mailer.compose(template, data, { to }) (or its result)',
        });
      }
      // A round trip through JSON is what Redis does anyway: fail here if it would lose something.
      const data: MailJobData = { kind: 'composed', message: JSON.parse(JSON.stringify(composed)) };
      const opts = jobOptions(composed.idempotencyKey, sendOptions.delay, sendOptions.priority);
      return handle(await (await queue()).add(composed.template ?? 'composed', data, opts));
    },
    async stats() {
      const counts = await (await queue()).getJobCounts(
        'waiting',
        'prioritized',
        'active',
        'completed',
        'failed',
        'delayed',
      );
      return {
        waiting: (counts.waiting ?? 0) + (counts.prioritized ?? 0),
        active: counts.active ?? 0,
        completed: counts.completed ?? 0,
        failed: counts.failed ?? 0,
        delayed: counts.delayed ?? 0,
      };
    },
    async failed(start = 0, end = 99) {
      const jobs = await (await queue()).getFailed(start, end);
      return jobs.map((job) => {
        const data = job.data as MailJobData;
        const to =
          data.kind === 'composed' ? data.message.to.map((a) => a.address) : [data.options.to ?? []].flat();
        return {
          ...handle(job),
          attempts: job.attemptsMade,
          ...(job.finishedOn ? { failedAt: new Date(job.finishedOn) } : {}),
          to,
          error: data.error ?? { code: 'TRANSPORT', message: job.failedReason, retryable: false },
        };
      });
    },
    async retryFailed() {
      const q = await queue();
      const count = await q.getFailedCount();
      if (count > 0) await q.retryJobs({ state: 'failed', count: 1000 });
      return count;
    },
    async close() {
      const q = opened;
      opened = undefined;
      await (await q)?.close();
      if (ownsChecker) await checker?.close();
    },
  };
  return mailQueue as unknown as MailQueue<R>;
}
