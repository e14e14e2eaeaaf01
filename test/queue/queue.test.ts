import { Readable } from 'node:stream';
import { Queue } from 'bullmq';
import { simpleParser } from 'mailparser';
import { createMailer, type Mailer, smtp } from 'mailsmith';
import { createMailQueue, createMailWorker, type MailQueue, type MailWorker } from 'mailsmith/queue';
import { SMTPServer } from 'smtp-server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { obliterateQueue, redisAvailable, redisConnection, uniqueQueueName } from '../helpers/redis.js';
import { startSmtpServer, TEST_CA, type TestServer } from '../helpers/smtp-server.js';

type Untyped = Mailer<Record<never, never>>;
const templates = 'test/fixtures/templates/ok';
const data = {
  name: 'Ada',
  url: 'https://example.com/a',
  verifyUrl: 'https://example.com/v',
  team: 'Acme',
  site: 'https://acme.example.com',
};
const auth = { user: 'noreply@acme.test', pass: 'queue-secret-pass-7' };
const connection = redisConnection();
const available = await redisAvailable();

/** A mailer over TLS + AUTH to `server`, as a worker process would build it. */
function workerMailer(server: TestServer): Untyped {
  const transport = smtp({
    host: server.host,
    port: server.port,
    secure: true,
    ...auth,
    tls: { ca: TEST_CA },
  });
  return createMailer({ templates, transport, from: '"Acme" <noreply@acme.test>' }) as unknown as Untyped;
}

/** Polls until `check` holds (jobs run in the background); fails with what it last saw. */
async function until<T>(read: () => Promise<T>, check: (value: T) => boolean, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  let value = await read();
  while (!check(value)) {
    if (Date.now() > end)
      throw new Error(`condition not met within ${ms} ms; last: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 50));
    value = await read();
  }
  return value;
}

describe.skipIf(!available)('mailsmith/queue on redis-server', () => {
  let server: TestServer;
  let busyAttempts = 0;
  const open: { queue?: MailQueue<Record<never, never>>; worker?: MailWorker; name: string }[] = [];

  function setup(label: string, queueOptions: { templates?: string; attempts?: number } = {}) {
    const name = uniqueQueueName(label);
    const queue = createMailQueue<Record<never, never>>({
      connection,
      name,
      backoffMs: 50,
      ...queueOptions,
    });
    const entry: (typeof open)[number] = { queue, name };
    open.push(entry);
    return {
      name,
      queue,
      startWorker(options: Partial<Parameters<typeof createMailWorker>[1]> = {}) {
        entry.worker = createMailWorker(workerMailer(server), {
          connection,
          name,
          concurrency: 5,
          signals: false,
          ...options,
        });
        return entry.worker;
      },
    };
  }

  beforeAll(async () => {
    server = await startSmtpServer({
      secure: true,
      auth,
      fail: {
        rcptTo: (address) => {
          if (address.startsWith('gone@')) return '550 5.1.1 Mailbox not found';
          if (!address.startsWith('busy@')) return undefined;
          busyAttempts++;
          return '451 4.3.0 Try again later';
        },
      },
    });
  });
  afterEach(async () => {
    for (const entry of open.splice(0)) {
      await entry.worker?.close();
      await entry.queue?.close();
      await obliterateQueue(entry.name);
    }
  });
  afterAll(async () => {
    await server?.close();
  });

  const received = (subjectTo: string) => server.messages.filter((m) => m.to.includes(subjectTo));

  it('enqueues a send that a worker renders and delivers over TLS + AUTH; the job keeps the result', async () => {
    const { queue, startWorker } = setup('deliver', { templates });
    const job = await queue.send('basic', data, { to: 'deliver-1@163.com' });
    expect(job.name).toBe('basic');
    expect(await queue.stats()).toMatchObject({ waiting: 1, active: 0, completed: 0 });

    startWorker();
    await until(
      () => queue.stats(),
      (s) => s.completed === 1,
    );
    const [message] = received('deliver-1@163.com');
    expect(message?.user).toBe(auth.user);
    expect(message?.secure).toBe(true);
    const parsed = await simpleParser(message!.raw);
    expect(parsed.text).toContain('Hi Ada,');
  });

  it('never puts credentials in Redis: a job carries template, data and send options', async () => {
    const { queue, name } = setup('nocreds');
    const { id } = await queue.send('basic', data, { to: 'nocreds@163.com', headers: { 'X-Tag': 'a' } });
    const raw = new Queue(name, { connection });
    const job = await raw.getJob(id);
    await raw.close();
    expect(job?.data).toEqual({
      kind: 'template',
      template: 'basic',
      data,
      options: { to: 'nocreds@163.com', headers: { 'X-Tag': 'a' } },
    });
    expect(JSON.stringify(job?.data)).not.toContain(auth.pass);
  });

  it('checks data, addresses and attachments at enqueue when it has the templates: nothing is queued', async () => {
    const { queue } = setup('validate', { templates });
    await expect(queue.send('basic', { name: 'Ada' }, { to: 'ada@163.com' })).rejects.toMatchObject({
      code: 'TEMPLATE_DATA_INVALID',
    });
    await expect(queue.send('nope', data, { to: 'ada@163.com' })).rejects.toMatchObject({
      code: 'TEMPLATE_NOT_FOUND',
    });
    await expect(queue.send('basic', data, { to: 'not an address' })).rejects.toMatchObject({
      code: 'INVALID_ADDRESS',
    });
    const stream = Readable.from([Buffer.from('x')]);
    const refused = queue.send('basic', data, {
      to: 'ada@163.com',
      attachments: [{ filename: 'a.bin', content: stream }],
    });
    await expect(refused).rejects.toMatchObject({
      code: 'INVALID_ATTACHMENT',
      message: expect.stringContaining('a.bin is a stream'),
    });
    await expect(refused).rejects.toHaveProperty('hint', expect.stringContaining('Buffer'));
    expect(await queue.stats()).toMatchObject({ waiting: 0, delayed: 0 });
  });

  it('without templates, still refuses bad addresses at enqueue; the data is checked by the worker', async () => {
    const { queue, startWorker } = setup('late', { attempts: 3 });
    await expect(queue.send('basic', data, { to: 'a@b@c' })).rejects.toMatchObject({
      code: 'INVALID_ADDRESS',
    });
    await queue.send('basic', { name: 'Ada' }, { to: 'late@163.com' });
    startWorker();
    const [failed] = await until(
      () => queue.failed(),
      (f) => f.length === 1,
    );
    // A permanent error spends one attempt, not three.
    expect(failed).toMatchObject({ name: 'basic', attempts: 1, to: ['late@163.com'] });
    expect(failed?.error.code).toBe('TEMPLATE_DATA_INVALID');
    expect(received('late@163.com')).toHaveLength(0);
  });

  it('an idempotency key (with ":") dedupes enqueues: the same job comes back, one message goes out', async () => {
    const { queue, startWorker, name } = setup('idem', { templates });
    // Keys live in the shared idempotency store for 24 h: unique per run.
    const key = `welcome:${name}`;
    const first = await queue.send('basic', data, { to: 'idem@163.com', idempotencyKey: key });
    const again = await queue.send('basic', data, { to: 'idem@163.com', idempotencyKey: key });
    expect(again.id).toBe(first.id);
    expect(first.id).not.toContain(':');
    expect(await queue.stats()).toMatchObject({ waiting: 1 });
    startWorker();
    await until(
      () => queue.stats(),
      (s) => s.completed === 1,
    );
    // Still a no-op while the completed job is kept.
    expect((await queue.send('basic', data, { to: 'idem@163.com', idempotencyKey: key })).id).toBe(first.id);
    await new Promise((r) => setTimeout(r, 200));
    expect(received('idem@163.com')).toHaveLength(1);
    expect((await queue.stats()).completed).toBe(1);
  });

  it('carries attachments as base64 and delivers them intact', async () => {
    const { queue, startWorker } = setup('attach', { templates });
    const bytes = Buffer.from([0, 1, 2, 250, 255, 13, 10]);
    await queue.send('basic', data, {
      to: 'attach@163.com',
      attachments: [{ filename: 'bytes.bin', content: bytes, contentType: 'application/octet-stream' }],
    });
    startWorker();
    await until(
      async () => received('attach@163.com').length,
      (n) => n === 1,
    );
    const parsed = await simpleParser(received('attach@163.com')[0]!.raw);
    expect(parsed.attachments[0]?.filename).toBe('bytes.bin');
    expect(Buffer.compare(parsed.attachments[0]!.content, bytes)).toBe(0);
  });

  it('fails a permanent refusal at once and keeps the typed error with the server reply', async () => {
    const { queue, startWorker } = setup('permanent', { templates, attempts: 4 });
    await queue.send('basic', data, { to: 'gone@163.com' });
    startWorker();
    const [failed] = await until(
      () => queue.failed(),
      (f) => f.length === 1,
    );
    expect(failed?.attempts).toBe(1);
    expect(failed?.error).toMatchObject({
      code: 'RECIPIENT_REJECTED',
      retryable: false,
      responseCode: 550,
      response: expect.stringContaining('Mailbox not found'),
    });
    expect(failed?.error.hint).toEqual(expect.any(String));
  });

  it('retries a retryable refusal with BullMQ attempts, then keeps it failed; retryFailed() re-queues it', async () => {
    const { queue, startWorker } = setup('retryable', { templates, attempts: 3 });
    await queue.send('basic', data, { to: 'busy@163.com' });
    startWorker();
    const [failed] = await until(
      () => queue.failed(),
      (f) => f.length === 1,
    );
    expect(failed?.attempts).toBe(3);
    expect(failed?.error).toMatchObject({ retryable: true, responseCode: 451 });
    // One retry layer: three job attempts are three SMTP transactions, not three times the mailer's retries.
    expect(busyAttempts).toBe(3);
    expect(await queue.retryFailed()).toBe(1);
    const afterRetry = await queue.stats();
    expect(afterRetry.failed).toBe(0);
    // Re-queued, it runs (and fails) again: three more attempts, none of them through the mailer's own retries.
    await until(
      () => queue.failed(),
      (f) => f.length === 1 && f[0]!.attempts >= 3,
    );
  });

  it('sendComposed delivers the message rendered at enqueue, as it was', async () => {
    const { queue, startWorker, name } = setup('composed');
    const composer = createMailer({
      templates,
      transport: 'memory://',
      from: 'noreply@acme.test',
    }) as unknown as Untyped;
    const job = await queue.sendComposed(
      composer.compose(
        'basic',
        { ...data, name: 'Frozen' },
        { to: 'composed@163.com', idempotencyKey: `c:${name}` },
      ),
    );
    expect(job.name).toBe('basic');
    startWorker();
    await until(
      async () => received('composed@163.com').length,
      (n) => n === 1,
    );
    const parsed = await simpleParser(received('composed@163.com')[0]!.raw);
    expect(parsed.text).toContain('Hi Frozen,');
    await composer.close();
  });

  it('sendMany enqueues all or, for one bad item, none (naming it)', async () => {
    const { queue, startWorker } = setup('many', { templates });
    await expect(
      queue.sendMany([
        { template: 'basic', data, to: 'many-1@163.com' },
        { template: 'basic', data: { name: 'x' }, to: 'many-2@163.com' },
      ]),
    ).rejects.toThrow(/item #2 \(basic\)/);
    expect((await queue.stats()).waiting).toBe(0);
    const jobs = await queue.sendMany(
      Array.from({ length: 20 }, (_, i) => ({ template: 'basic', data, to: `many-${i}@163.com` })),
    );
    expect(jobs).toHaveLength(20);
    startWorker({ concurrency: 10 });
    await until(
      () => queue.stats(),
      (s) => s.completed === 20,
    );
  });

  it('close() lets in-flight jobs finish, then closes the mailer', async () => {
    const { queue, startWorker } = setup('close', { templates });
    await queue.sendMany(
      Array.from({ length: 10 }, (_, i) => ({ template: 'basic', data, to: `close-${i}@163.com` })),
    );
    const worker = startWorker({ concurrency: 10 });
    await until(
      () => queue.stats(),
      (s) => s.active > 0 || s.completed > 0,
    );
    await worker.close();
    const stats = await queue.stats();
    expect(stats.active).toBe(0);
    expect(stats.completed + stats.waiting).toBe(10);
  });

  it('close() does not wait past shutdownTimeoutMs for a send that never gets an answer', async () => {
    // Takes the message and never replies, like a server that hung.
    let received!: () => void;
    const got = new Promise<void>((resolve) => {
      received = resolve;
    });
    const hung = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      closeTimeout: 100,
      onData(stream) {
        stream.on('data', () => {});
        stream.on('end', received);
      },
    });
    await new Promise<void>((resolve) => hung.listen(0, '127.0.0.1', resolve));
    const port = (hung.server.address() as { port: number }).port;
    const { queue, name } = setup('hung');
    await queue.send('basic', data, { to: 'hung@163.com' });
    const mailer = createMailer({
      templates,
      transport: `smtp://127.0.0.1:${port}`,
      from: 'noreply@acme.test',
    }) as unknown as Untyped;
    let closed = false;
    const transportClose = mailer.transport.close?.bind(mailer.transport);
    mailer.transport.close = async (...args) => {
      closed = true;
      await transportClose?.(...args);
    };
    const worker = createMailWorker(mailer, { connection, name, signals: false, shutdownTimeoutMs: 200 });
    await got;
    await worker.close();
    expect(closed).toBe(true);
    hung.close();
  });
});
