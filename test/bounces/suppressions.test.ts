import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  fileSuppressions,
  memorySuppressions,
  redisSuppressions,
  type SuppressionStore,
} from 'mailsmith/bounces';
import { afterAll, describe, expect, it } from 'vitest';
import { REDIS_URL, redisAvailable, uniqueQueueName } from '../helpers/redis.js';

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});
async function tempDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'mailsmith-suppressions-'));
  dirs.push(d);
  return d;
}

/** The behaviour every store shares: the mailer only relies on this. */
function conformance(name: string, make: () => Promise<SuppressionStore & { close?: () => Promise<void> }>) {
  describe(`${name}: the SuppressionStore contract`, () => {
    it('adds, finds case-insensitively, lists and removes', async () => {
      const store = await make();
      try {
        expect(await store.has('ada@163.com')).toBeUndefined();
        const added = await store.add({
          address: ' Ada@163.COM ',
          reason: 'bounce',
          detail: '5.1.1 no such user',
        });
        expect(added).toEqual({
          address: 'ada@163.com',
          reason: 'bounce',
          at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
          detail: '5.1.1 no such user',
        });
        expect(await store.has('ADA@163.com')).toEqual(added);
        expect((await store.list()).map((e) => e.address)).toEqual(['ada@163.com']);
        expect(await store.remove('ada@163.com')).toBe(true);
        expect(await store.remove('ada@163.com')).toBe(false);
        expect(await store.has('ada@163.com')).toBeUndefined();
        expect(await store.list()).toEqual([]);
      } finally {
        await store.close?.();
      }
    });

    it('a scoped entry applies to that scope only; an unscoped one to every send', async () => {
      const store = await make();
      try {
        await store.add({ address: 'bob@qq.com', reason: 'unsubscribe', scope: 'digest' });
        expect(await store.has('bob@qq.com')).toBeUndefined();
        expect(await store.has('bob@qq.com', 'welcome')).toBeUndefined();
        expect(await store.has('bob@qq.com', 'digest')).toMatchObject({
          reason: 'unsubscribe',
          scope: 'digest',
        });
        await store.add({ address: 'bob@qq.com', reason: 'bounce' });
        expect(await store.has('bob@qq.com', 'welcome')).toMatchObject({ reason: 'bounce' });
        expect(await store.remove('bob@qq.com', 'digest')).toBe(true);
        expect((await store.list()).map((e) => [e.address, e.scope])).toEqual([['bob@qq.com', undefined]]);
      } finally {
        await store.close?.();
      }
    });

    it('rejects a non-address and an unknown reason with CONFIG, storing nothing', async () => {
      const store = await make();
      try {
        await expect(store.add({ address: 'not an address', reason: 'bounce' })).rejects.toMatchObject({
          code: 'CONFIG',
          hint: expect.stringContaining('bare address'),
        });
        await expect(store.add({ address: 'a@b.c', reason: 'nope' as 'bounce' })).rejects.toMatchObject({
          code: 'CONFIG',
        });
        expect(await store.list()).toEqual([]);
      } finally {
        await store.close?.();
      }
    });
  });
}

conformance('memorySuppressions', async () => memorySuppressions());
conformance('fileSuppressions', async () =>
  fileSuppressions(join(await tempDir(), 'nested', 'suppressions.json')),
);

const redisUp = await redisAvailable();
describe.skipIf(!redisUp)('redisSuppressions (real redis-server)', () => {
  conformance('redisSuppressions', async () =>
    redisSuppressions({ connection: REDIS_URL, prefix: uniqueQueueName('suppressions') }),
  );

  it('two stores on the same prefix (two app servers) see each other', async () => {
    const prefix = uniqueQueueName('shared');
    const a = redisSuppressions({ connection: REDIS_URL, prefix });
    const b = redisSuppressions({ connection: REDIS_URL, prefix });
    try {
      await a.add({ address: 'gone@163.com', reason: 'bounce' });
      expect(await b.has('gone@163.com')).toMatchObject({ reason: 'bounce' });
      await b.remove('gone@163.com');
      expect(await a.has('gone@163.com')).toBeUndefined();
    } finally {
      await a.close();
      await b.close();
    }
  });
});

describe('fileSuppressions on disk', () => {
  it('survives a restart (a new store on the same file) and leaves no temporary files', async () => {
    const dir = await tempDir();
    const path = join(dir, 'suppressions.json');
    const first = fileSuppressions(path);
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => first.add({ address: `user${i}@163.com`, reason: 'bounce' })),
    );
    const second = fileSuppressions(path);
    expect((await second.list()).length).toBe(20);
    expect(await second.has('user7@163.com')).toMatchObject({ reason: 'bounce' });
    expect(await readdir(dir)).toEqual(['suppressions.json']);
    expect(JSON.parse(await readFile(path, 'utf8')).suppressions).toHaveLength(20);
  });

  it('a store sees changes another process made to the file (its cache follows the file)', async () => {
    const path = join(await tempDir(), 'suppressions.json');
    const app = fileSuppressions(path);
    const cli = fileSuppressions(path);
    expect(await app.has('late@163.com')).toBeUndefined();
    await cli.add({ address: 'late@163.com', reason: 'manual' });
    expect(await app.has('late@163.com')).toMatchObject({ reason: 'manual' });
    await cli.remove('late@163.com');
    expect(await app.has('late@163.com')).toBeUndefined();
  });

  it('a corrupt file is a CONFIG error naming the file, not an empty list', async () => {
    const path = join(await tempDir(), 'suppressions.json');
    await writeFile(path, '{ not json');
    await expect(fileSuppressions(path).has('a@b.c')).rejects.toMatchObject({
      code: 'CONFIG',
      message: expect.stringContaining(path),
    });
  });
});
