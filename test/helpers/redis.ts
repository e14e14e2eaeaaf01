import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import { serviceAvailable } from './services.js';

/** The redis-server `.ci/redis.sh` starts: loopback, default port. Override with MAILSMITH_TEST_REDIS. */
export const REDIS_URL = process.env.MAILSMITH_TEST_REDIS ?? 'redis://127.0.0.1:6379';

/** Connection options for BullMQ / ioredis, from {@link REDIS_URL}. */
export function redisConnection(): { host: string; port: number } {
  const url = new URL(REDIS_URL);
  return { host: url.hostname, port: Number(url.port || 6379) };
}

/** Sends PING over a raw socket (no client library needed) and expects +PONG within a second. */
export function pingRedis(): Promise<boolean> {
  const { host, port } = redisConnection();
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer from ${host}:${port} within 1 s`));
    }, 1000);
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (chunk) => {
      clearTimeout(timer);
      socket.end();
      resolve(chunk.toString().startsWith('+PONG'));
    });
  });
}

/** Whether redis-server answers: skip notice locally, failure in CI (MAILSMITH_REQUIRE_SERVICES=1). */
export function redisAvailable(): Promise<boolean> {
  return serviceAvailable('Redis', pingRedis);
}

/** A queue name no other test (or other helper's run) uses. */
export function uniqueQueueName(label: string): string {
  return `mailsmith-test-${label}-${process.pid}-${randomBytes(4).toString('hex')}`;
}

/** Removes a test queue and everything in it (jobs, counters, limiter keys). */
export async function obliterateQueue(name: string): Promise<void> {
  const { Queue } = await import('bullmq');
  const queue = new Queue(name, { connection: redisConnection() });
  try {
    await queue.obliterate({ force: true });
  } finally {
    await queue.close();
  }
}
