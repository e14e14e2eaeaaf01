import { ConfigError } from '../errors/ConfigError.js';

type Bullmq = typeof import('bullmq');
type Ioredis = { Redis: typeof import('ioredis').Redis };

/**
 * Imports an optional peer dependency. Only a missing package becomes the install hint; any other
 * failure (a broken install, a syntax error in a patched file) is rethrown as it is.
 */
export async function importOptional<T>(name: string, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') throw error;
    throw new ConfigError(`mailsmith/queue needs the optional package "${name}", which is not installed`, {
      hint: 'npm install bullmq ioredis',
      cause: error,
    });
  }
}

let bullmq: Promise<Bullmq> | undefined;
let ioredis: Promise<Ioredis> | undefined;

/** BullMQ, loaded on first use so that `mailsmith` itself never needs it. */
export function loadBullmq(): Promise<Bullmq> {
  const loading = bullmq ?? importOptional('bullmq', () => import('bullmq'));
  bullmq = loading;
  return loading;
}

/** ioredis, for the idempotency store's own connection. */
export function loadIoredis(): Promise<Ioredis> {
  const loading =
    ioredis ?? importOptional('ioredis', async () => ({ Redis: (await import('ioredis')).Redis }));
  ioredis = loading;
  return loading;
}
