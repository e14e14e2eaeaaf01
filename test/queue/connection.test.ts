import { describe, expect, it } from 'vitest';
import { parseRedisUrl } from '../../src/queue/connection.js';
import { importOptional } from '../../src/queue/load.js';

describe('parseRedisUrl', () => {
  it('reads host, port, credentials, database and TLS', () => {
    expect(parseRedisUrl('redis://127.0.0.1:6380')).toEqual({ host: '127.0.0.1', port: 6380 });
    expect(parseRedisUrl('rediss://app:p%40ss@cache.internal/2')).toEqual({
      host: 'cache.internal',
      port: 6379,
      username: 'app',
      password: 'p@ss',
      db: 2,
      tls: {},
    });
  });

  it('refuses other schemes and named databases without echoing the password', () => {
    expect(() => parseRedisUrl('http://:hunter2@host:6379')).toThrow(
      expect.objectContaining({ code: 'CONFIG', message: expect.stringContaining('http:') }),
    );
    for (const url of ['http://:hunter2@host:6379', 'redis://:hunter2@host/cache', 'not a url hunter2']) {
      let error: unknown;
      try {
        parseRedisUrl(url);
      } catch (e) {
        error = e;
      }
      expect(error).toMatchObject({ code: 'CONFIG', hint: expect.any(String) });
      expect(String((error as Error).message) + String((error as { hint: string }).hint)).not.toContain(
        'hunter2',
      );
    }
  });
});

describe('optional peer dependencies', () => {
  it('a missing package is a CONFIG error naming what to install', async () => {
    const missing = importOptional('bullmq', () => import('mailsmith-no-such-package' as string));
    await expect(missing).rejects.toMatchObject({
      code: 'CONFIG',
      message: expect.stringContaining('"bullmq"'),
      hint: 'npm install bullmq ioredis',
    });
  });

  it('any other import failure is rethrown as it is', async () => {
    const broken = new SyntaxError('Unexpected token in bullmq/dist/index.js');
    await expect(importOptional('bullmq', () => Promise.reject(broken))).rejects.toBe(broken);
  });
});
