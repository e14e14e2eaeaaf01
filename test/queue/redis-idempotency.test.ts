import { createMailer, type Mailer, smtp } from 'mailsmith';
import { createMailQueue, createMailWorker, redisIdempotencyStore } from 'mailsmith/queue';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { obliterateQueue, redisAvailable, redisConnection, uniqueQueueName } from '../helpers/redis.js';
import { startSmtpServer, TEST_CA, type TestServer } from '../helpers/smtp-server.js';

const available = await redisAvailable();
const connection = redisConnection();
const result = (id: string) => ({
  messageId: `<${id}@acme.test>`,
  accepted: ['ada@163.com'],
  rejected: [],
  response: '250 OK',
  envelope: { from: 'noreply@acme.test', to: ['ada@163.com'] },
});

describe.skipIf(!available)('redisIdempotencyStore', () => {
  // Two stores = two processes: each has its own connection and its own record of what it claimed.
  const a = redisIdempotencyStore({ connection: `redis://${connection.host}:${connection.port}` });
  const b = redisIdempotencyStore({ connection });
  const prefix = uniqueQueueName('idem');
  afterAll(async () => {
    await a.close();
    await b.close();
  });

  it('lets exactly one of many concurrent claims win', async () => {
    const key = `${prefix}:race`;
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).claim(key, 10_000)),
    );
    expect(outcomes.filter((o) => o.state === 'claimed')).toHaveLength(1);
    expect(outcomes.filter((o) => o.state === 'in-flight')).toHaveLength(19);
  });

  it('after complete, every process gets the first result instead of a claim', async () => {
    const key = `${prefix}:done`;
    expect(await a.claim(key, 10_000)).toEqual({ state: 'claimed' });
    await a.complete(key, result('first'), 60_000);
    expect(await b.claim(key, 10_000)).toEqual({ state: 'done', result: result('first') });
  });

  it('after release, the key can be claimed again (a failed send may be retried)', async () => {
    const key = `${prefix}:release`;
    expect((await a.claim(key, 10_000)).state).toBe('claimed');
    expect((await b.claim(key, 10_000)).state).toBe('in-flight');
    await a.release(key);
    expect((await b.claim(key, 10_000)).state).toBe('claimed');
  });

  it('a claim expires (its holder died), and a late release does not free the new holder’s claim', async () => {
    const key = `${prefix}:expire`;
    expect((await a.claim(key, 50)).state).toBe('claimed');
    await new Promise((r) => setTimeout(r, 120));
    expect((await b.claim(key, 10_000)).state).toBe('claimed');
    await a.release(key);
    expect((await a.claim(key, 10_000)).state).toBe('in-flight');
  });
});

describe.skipIf(!available)('the worker with the Redis store', () => {
  let server: TestServer;
  let mailer: Mailer<Record<never, never>>;
  const name = uniqueQueueName('idem-worker');
  beforeAll(async () => {
    server = await startSmtpServer({ secure: true });
    mailer = createMailer({
      templates: 'test/fixtures/templates/ok',
      transport: smtp({ host: server.host, port: server.port, secure: true, tls: { ca: TEST_CA } }),
      from: 'noreply@acme.test',
    }) as unknown as Mailer<Record<never, never>>;
  });
  afterAll(async () => {
    await server.close();
    await obliterateQueue(name);
  });

  it('does not send a message again whose send completed before its job was marked done', async () => {
    // The state a worker leaves when it dies between the server's 250 and BullMQ's "completed".
    const key = `${name}:paid`;
    const store = redisIdempotencyStore({ connection });
    expect((await store.claim(key, 10_000)).state).toBe('claimed');
    await store.complete(key, result('sent-before-crash'), 60_000);
    await store.close();

    const queue = createMailQueue<Record<never, never>>({ connection, name });
    await queue.send('basic', { name: 'Ada' }, { to: 'paid@163.com', idempotencyKey: key });
    const worker = createMailWorker(mailer, { connection, name, signals: false });
    const completed = new Promise<unknown>((resolve) => worker.on('completed', (_job, r) => resolve(r)));
    expect(await completed).toEqual(result('sent-before-crash'));
    await worker.close();
    await queue.close();
    expect(server.messages).toHaveLength(0);
  });
});
