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
