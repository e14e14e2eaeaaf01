import type { ConnectionOptions } from 'bullmq';
import type { Redis, RedisOptions } from 'ioredis';
import { ConfigError } from '../errors/ConfigError.js';

/**
 * Where Redis is: a URL (`redis://:pass@host:6379/0`, `rediss://…` for TLS), ioredis options
 * (standalone, or Sentinel with `sentinels` and `name`), or an ioredis client (also a Cluster) you own.
 */
export type RedisConnection = string | RedisOptions | Redis;

/** An ioredis client (it has `duplicate`), as opposed to options. */
export function isClient(connection: RedisConnection): connection is Redis {
  return typeof connection === 'object' && typeof (connection as Redis).duplicate === 'function';
}

/**
 * Turns a `redis://` / `rediss://` URL into ioredis options. The password never appears in the
 * error: a bad URL is reported by its host part only.
 */
export function parseRedisUrl(url: string): RedisOptions {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError('The Redis connection is not a URL', {
      hint: 'pass redis://host:6379 (rediss:// for TLS), or { host, port }',
    });
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new ConfigError(`The Redis URL has scheme ${parsed.protocol}, not redis: or rediss:`, {
      hint: 'pass redis://host:6379 (rediss:// for TLS), or { host, port }',
    });
  }
  const db = parsed.pathname.replace(/^\//, '');
  if (db !== '' && !/^\d+$/.test(db)) {
    throw new ConfigError(`The Redis URL for ${parsed.hostname} names database "${db}", not a number`, {
      hint: 'use redis://host:6379/0 … /15',
    });
  }
  return {
    host: parsed.hostname || '127.0.0.1',
    port: parsed.port ? Number(parsed.port) : 6379,
    ...(parsed.username ? { username: decodeURIComponent(parsed.username) } : {}),
    ...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}),
    ...(db ? { db: Number(db) } : {}),
    ...(parsed.protocol === 'rediss:' ? { tls: {} } : {}),
  };
}

/** What BullMQ takes: options (BullMQ opens and closes its own clients) or your client (you close it). */
export function toBullmqConnection(connection: RedisConnection): ConnectionOptions {
  if (typeof connection === 'string') return parseRedisUrl(connection) as ConnectionOptions;
  if (connection === null || typeof connection !== 'object') {
    throw new ConfigError('No Redis connection given', {
      hint: "pass connection: 'redis://127.0.0.1:6379' or { host, port }",
    });
  }
  return connection as ConnectionOptions;
}
