/**
 * @module
 * `mailsmith/queue`: queued sending on BullMQ + Redis. `createMailQueue` enqueues, `createMailWorker`
 * delivers in any number of processes. BullMQ and ioredis are optional peer dependencies: without
 * them this import fails with a hint to install them.
 */
import { loadBullmq, loadIoredis } from './load.js';

// Fail at import, naming the packages to install, rather than at the first send.
await Promise.all([loadBullmq(), loadIoredis()]);

export type { IdempotencyClaim, IdempotencyStore } from '../delivery/idempotency.js';
export { parseRedisUrl, type RedisConnection } from './connection.js';
export type { MailJobData, QueuedError, QueuedSendOptions } from './job.js';
export {
  createMailQueue,
  type FailedMail,
  type MailQueue,
  type MailQueueOptions,
  type QueuedMail,
  type QueueItem,
  type QueueSendOptions,
  type QueueStats,
} from './queue.js';
export {
  type RedisIdempotencyOptions,
  type RedisIdempotencyStore,
  redisIdempotencyStore,
} from './redis-idempotency.js';
export {
  createMailWorker,
  type MailWorker,
  type MailWorkerEvents,
  type MailWorkerOptions,
  type WorkerMailer,
} from './worker.js';
