import { MailerError } from '../errors/MailerError.js';
import type { SendResult } from '../types.js';

/** What `claim` found: the key is now ours, or it was sent already, or someone is sending it. */
export type IdempotencyClaim =
  | { state: 'claimed' }
  | { state: 'done'; result: SendResult }
  | { state: 'in-flight' };

/**
 * Where idempotency keys live. Every method must be atomic across all clients of the store (Redis:
 * `SET key NX PX`), so two concurrent sends with one key cannot both claim it.
 */
export interface IdempotencyStore {
  /** Claims the key for `ttlMs` (a sender that dies frees it then), unless it is done or claimed. */
  claim(key: string, ttlMs: number): Promise<IdempotencyClaim>;
  /** Records the result of a successful send; repeats within `ttlMs` return it. */
  complete(key: string, result: SendResult, ttlMs: number): Promise<void>;
  /** Frees a claimed key after a failed send, so a retry sends. */
  release(key: string): Promise<void>;
}

/** Idempotency settings of a mailer. */
export interface IdempotencyOptions {
  /** @default memoryIdempotencyStore() (one process; use a shared store such as Redis across processes) */
  store?: IdempotencyStore;
  /** How long a completed send is remembered. @default 86400000 (24 h) */
  ttlMs?: number;
  /** How long a claim holds while sending, so a sender that crashed does not block the key for a day. @default 600000 (10 min) */
  inFlightTtlMs?: number;
}

export const DEFAULT_IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
export const DEFAULT_IN_FLIGHT_TTL_MS = 10 * 60 * 1000;

type Entry = { state: 'in-flight'; expires: number } | { state: 'done'; result: SendResult; expires: number };

/**
 * An in-memory store: atomic within one process (each call completes synchronously before it
 * resolves). Expired keys are dropped as they are met and swept every 1,000 claims.
 *
 * @example
 * createMailer({ idempotency: { store: memoryIdempotencyStore(), ttlMs: 3_600_000 } });
 */
export function memoryIdempotencyStore(
  now: () => number = Date.now,
): IdempotencyStore & { readonly size: number } {
  const entries = new Map<string, Entry>();
  let claims = 0;
  const live = (key: string): Entry | undefined => {
    const entry = entries.get(key);
    if (entry && entry.expires <= now()) {
      entries.delete(key);
      return undefined;
    }
    return entry;
  };
  const sweep = () => {
    const t = now();
    for (const [key, entry] of entries) if (entry.expires <= t) entries.delete(key);
  };
  return {
    get size() {
      return entries.size;
    },
    async claim(key, ttlMs) {
      if (++claims % 1000 === 0) sweep();
      const entry = live(key);
      if (entry?.state === 'done') return { state: 'done', result: entry.result };
      if (entry) return { state: 'in-flight' };
      entries.set(key, { state: 'in-flight', expires: now() + ttlMs });
      return { state: 'claimed' };
    },
    async complete(key, result, ttlMs) {
      entries.set(key, { state: 'done', result, expires: now() + ttlMs });
    },
    async release(key) {
      if (entries.get(key)?.state === 'in-flight') entries.delete(key);
    },
  };
}

/**
 * Runs sends at most once per key: a repeat after success returns the first result without sending;
 * a repeat while the first is in flight waits for it in this process, or fails with the retryable
 * `IDEMPOTENCY_IN_FLIGHT` when another process (another store client) holds the key; after a failure
 * the key is released, so a retry sends.
 */
export function createIdempotency(options: IdempotencyOptions = {}) {
  const store = options.store ?? memoryIdempotencyStore();
  const ttlMs = options.ttlMs ?? DEFAULT_IDEMPOTENCY_TTL_MS;
  const inFlightTtlMs = options.inFlightTtlMs ?? DEFAULT_IN_FLIGHT_TTL_MS;
  const local = new Map<string, Promise<SendResult>>();

  return async function once(key: string, send: () => Promise<SendResult>): Promise<SendResult> {
    // Same process: wait for the send in flight; its outcome decides what the claim below finds.
    for (let pending = local.get(key); pending; pending = local.get(key)) {
      await pending.catch(() => {});
    }
    const run = (async () => {
      const claim = await store.claim(key, inFlightTtlMs);
      if (claim.state === 'done') return claim.result;
      if (claim.state === 'in-flight') {
        throw new MailerError(
          'IDEMPOTENCY_IN_FLIGHT',
          `A send with idempotency key "${key}" is in flight elsewhere`,
          {
            retryable: true,
            hint: 'another process is sending it; retry later to get its result (or a fresh send if it failed)',
          },
        );
      }
      let result: SendResult;
      try {
        result = await send();
      } catch (error) {
        await store.release(key).catch(() => {});
        throw error;
      }
      await store.complete(key, result, ttlMs);
      return result;
    })();
    local.set(key, run);
    try {
      return await run;
    } finally {
      if (local.get(key) === run) local.delete(key);
    }
  };
}
