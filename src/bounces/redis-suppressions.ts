import type { Redis, RedisOptions } from 'ioredis';
import { loadIoredis } from './peers.js';
import { applicable, normalizeSuppression, type Suppression, type SuppressionStore } from './suppressions.js';

export interface RedisSuppressionsOptions {
  /** An ioredis client (shared with the queue, say), or options / a `redis://` URL to create one. */
  connection: Redis | RedisOptions | string;
  /** Prefix of the keys. @default 'mailsmith:suppressions' */
  prefix?: string;
}

export interface RedisSuppressionStore extends SuppressionStore {
  /** Closes the client when this store created it; a client passed in is left to its owner. */
  close(): Promise<void>;
}

function isClient(value: unknown): value is Redis {
  return typeof value === 'object' && value !== null && typeof (value as Redis).hgetall === 'function';
}

/**
 * A suppression list in Redis, for apps on several machines (the same Redis as `mailsmith/queue`).
 * One hash per address (field: scope, '' for every send) and a set of addresses, so `has` is one round trip.
 * Needs the optional peer `ioredis`.
 *
 * @example
 * const suppressions = redisSuppressions({ connection: 'redis://127.0.0.1:6379' });
 */
export function redisSuppressions(options: RedisSuppressionsOptions): RedisSuppressionStore {
  const prefix = options.prefix ?? 'mailsmith:suppressions';
  const index = `${prefix}:addresses`;
  const keyOf = (address: string) => `${prefix}:address:${address.trim().toLowerCase()}`;
  let client: Promise<Redis> | undefined;
  let owned = false;
  const redis = (): Promise<Redis> => {
    client ??= (async () => {
      if (isClient(options.connection)) return options.connection;
      const IORedis = await loadIoredis();
      owned = true;
      return typeof options.connection === 'string'
        ? new IORedis(options.connection, { lazyConnect: false, maxRetriesPerRequest: 2 })
        : new IORedis({ maxRetriesPerRequest: 2, ...options.connection });
    })();
    return client;
  };
  const parse = (values: Record<string, string>): Suppression[] =>
    Object.values(values).flatMap((raw) => {
      try {
        return [JSON.parse(raw) as Suppression];
      } catch {
        return [];
      }
    });

  return {
    async has(address, scope) {
      const r = await redis();
      return applicable(parse(await r.hgetall(keyOf(address))), address, scope);
    },
    async add(input) {
      const entry = normalizeSuppression(input);
      const r = await redis();
      await r
        .multi()
        .hset(keyOf(entry.address), entry.scope ?? '', JSON.stringify(entry))
        .sadd(index, entry.address)
        .exec();
      return entry;
    },
    async remove(address, scope) {
      const r = await redis();
      const key = keyOf(address);
      const removed = scope === undefined ? await r.del(key) : await r.hdel(key, scope);
      if ((await r.exists(key)) === 0) await r.srem(index, address.trim().toLowerCase());
      return removed > 0;
    },
    async list() {
      const r = await redis();
      const addresses = await r.smembers(index);
      const pipeline = r.pipeline();
      for (const a of addresses) pipeline.hgetall(keyOf(a));
      const results = (await pipeline.exec()) ?? [];
      return results
        .flatMap(([, values]) => parse((values ?? {}) as Record<string, string>))
        .sort((a, b) => a.at.localeCompare(b.at));
    },
    async close() {
      if (client && owned) await (await client).quit();
    },
  };
}
