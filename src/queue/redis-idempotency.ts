import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { IdempotencyClaim, IdempotencyStore } from '../delivery/idempotency.js';
import type { SendResult } from '../types.js';
import { isClient, type RedisConnection, toBullmqConnection } from './connection.js';
import { loadIoredis } from './load.js';

export interface RedisIdempotencyOptions {
  /** Where Redis is; a client you pass is duplicated, so closing the store never closes yours. */
  connection: RedisConnection;
  /** Key prefix. @default 'mailsmith:idem:' */
  prefix?: string;
}

export interface RedisIdempotencyStore extends IdempotencyStore {
  /** Closes the store's own Redis connection. */
  close(): Promise<void>;
}

// One round trip, atomic: take the key if free (SET NX PX), else report what holds it.
const CLAIM = `
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return false end
return redis.call('GET', KEYS[1])`;

// Release only our own claim: if it expired and another process claimed the key, that claim stays.
const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

const IN_FLIGHT = 'in-flight:';

/**
 * The mailer's {@link IdempotencyStore} in Redis, shared by every process: two workers holding the same key
 * cannot both send, and a send completed by a worker that then died is not sent again.
 *
 * A claim is `SET key in-flight:<token> NX PX ttl`; `complete` replaces it with the JSON result for
 * the (longer) done window; `release` deletes it only while it is still this process's claim.
 *
 * @example
 * import { createMailer } from 'mailsmith';
 * import { redisIdempotencyStore } from 'mailsmith/queue';
 * const store = redisIdempotencyStore({ connection: 'redis://127.0.0.1:6379' });
 * const mailer = createMailer({ idempotency: { store } });
 */
export function redisIdempotencyStore(options: RedisIdempotencyOptions): RedisIdempotencyStore {
  const prefix = options.prefix ?? 'mailsmith:idem:';
  const tokens = new Map<string, string>();
  let client: Promise<Redis> | undefined;
  const redis = (): Promise<Redis> => {
    client ??= (async () => {
      if (isClient(options.connection)) return options.connection.duplicate();
      const { Redis } = await loadIoredis();
      return new Redis({ ...(toBullmqConnection(options.connection) as object), lazyConnect: false });
    })();
    return client;
  };

  async function claim(key: string, ttlMs: number): Promise<IdempotencyClaim> {
    const token = `${IN_FLIGHT}${randomUUID()}`;
    const held = (await (
      await redis()
    ).eval(CLAIM, 1, prefix + key, token, Math.max(1, Math.round(ttlMs)))) as string | null;
    if (held === null) {
      tokens.set(key, token);
      return { state: 'claimed' };
    }
    if (held.startsWith(IN_FLIGHT)) return { state: 'in-flight' };
    return { state: 'done', result: JSON.parse(held) as SendResult };
  }

  return {
    claim,
    async complete(key, result, ttlMs) {
      tokens.delete(key);
      await (await redis()).set(prefix + key, JSON.stringify(result), 'PX', Math.max(1, Math.round(ttlMs)));
    },
    async release(key) {
      const token = tokens.get(key);
      tokens.delete(key);
      if (token !== undefined) await (await redis()).eval(RELEASE, 1, prefix + key, token);
    },
    async close() {
      if (client === undefined) return;
      const opened = await client;
      client = undefined;
      await opened.quit().catch(() => opened.disconnect());
    },
  };
}
