import { createMailer, type Mailer, smtp } from 'mailsmith';
import { createMailQueue, createMailWorker } from 'mailsmith/queue';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FaultyServer, startFaultySmtpServer } from '../helpers/faulty-smtp.js';
import { obliterateQueue, redisAvailable, redisConnection, uniqueQueueName } from '../helpers/redis.js';
import { TEST_CA } from '../helpers/smtp-server.js';

const available = await redisAvailable();
const connection = redisConnection();
const data = { name: 'Ada', url: 'https://a.test', items: [] };

describe.skipIf(!available)('DELIVERY_UNKNOWN in the worker', () => {
  let server: FaultyServer;
  const names: string[] = [];
  beforeAll(async () => {
    // Takes the whole message, then drops the connection: the server may have it.
    server = await startFaultySmtpServer('drop-after-data');
  });
  afterAll(async () => {
    await server?.close();
    for (const name of names) await obliterateQueue(name);
  });

  async function run(retryUnknown: boolean) {
    const name = uniqueQueueName(`unknown-${retryUnknown}`);
    names.push(name);
    const mailer = createMailer({
      templates: 'test/fixtures/templates/ok',
      transport: smtp({
        host: server.host,
        port: server.port,
        secure: true,
        user: 'u@acme.test',
        pass: 'p',
        tls: { ca: TEST_CA },
      }),
      from: 'u@acme.test',
    }) as unknown as Mailer<Record<never, never>>;
    const queue = createMailQueue<Record<never, never>>({ connection, name, attempts: 3, backoffMs: 20 });
    await queue.send('plain-html', data, { to: 'ada@163.com', idempotencyKey: name });
    const before = server.raws.length;
    const worker = createMailWorker(mailer, { connection, name, signals: false, retryUnknown });
    const failed = new Promise<{ attempts: number; code: string }>((resolve) =>
      worker.on('failed', (job, error) => {
        if (job.final) resolve({ attempts: job.attempts, code: error.code });
      }),
    );
    const outcome = await failed;
    await worker.close();
    await queue.close();
    return { ...outcome, sent: server.raws.length - before };
  }

  it('fails the job after one attempt by default: a retry might deliver it twice', async () => {
    expect(await run(false)).toEqual({ attempts: 1, code: 'DELIVERY_UNKNOWN', sent: 1 });
  });

  it('is retried with the job attempts when the worker opts in (retryUnknown)', async () => {
    expect(await run(true)).toEqual({ attempts: 3, code: 'DELIVERY_UNKNOWN', sent: 3 });
  });
});
