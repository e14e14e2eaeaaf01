import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisAvailable, redisConnection } from '../helpers/redis.js';

// The probe runs once at collection: skip notice locally, failure in CI.
const available = await redisAvailable();

describe.skipIf(!available)('redis-server for the queue tier', () => {
  let redis: Redis;
  beforeAll(() => {
    redis = new Redis({ ...redisConnection(), lazyConnect: true, maxRetriesPerRequest: 1 });
  });
  afterAll(async () => {
    await redis?.quit();
  });

  it('keeps every key: BullMQ needs maxmemory-policy noeviction, or jobs vanish under memory pressure', async () => {
    const [, policy] = (await redis.config('GET', 'maxmemory-policy')) as [string, string];
    expect(policy).toBe('noeviction');
  });
});
