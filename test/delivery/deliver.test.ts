import { simpleParser } from 'mailparser';
import { afterAll, describe, expect, it } from 'vitest';
import { createMailer, type Mailer, type MailerOptions, qq, smtp } from '../../src/index.js';
import { startFaultySmtpServer } from '../helpers/faulty-smtp.js';
import { startSmtpServer, TEST_CA, type TestServer } from '../helpers/smtp-server.js';

type Untyped = Mailer<Record<never, never>>;
const templates = 'test/fixtures/templates/ok';
const data = { name: 'Ada', url: 'https://a.test' };
const auth = { user: 'retry@acme.test', pass: 'retry-pass-1' };
const open: Array<{ close(): Promise<void> }> = [];
afterAll(async () => {
  for (const o of open.reverse()) await o.close();
});

function mailerFor(server: TestServer, options: Partial<MailerOptions> = {}, maxConnections = 1): Untyped {
  const transport = smtp({
    host: server.host,
    port: server.port,
    secure: true,
    ...auth,
    tls: { ca: TEST_CA },
    maxConnections,
  });
  const m = createMailer({ templates, transport, from: auth.user, ...options }) as unknown as Untyped;
  open.push(server, m);
  return m;
}

describe('retries (on by default)', () => {
  it('retries a 4xx and delivers once', async () => {
    let rcpt = 0;
    const server = await startSmtpServer({
      secure: true,
      auth,
      fail: { rcptTo: () => (++rcpt <= 2 ? '451 4.3.0 Try again later' : undefined) },
    });
    const m = mailerFor(server, { retry: { minDelayMs: 10, maxDelayMs: 50 } });
    const result = await m.send('plain-html', data, { to: 'ada@163.com' });
    expect(result.accepted).toEqual(['ada@163.com']);
    expect(rcpt).toBe(3);
    expect(server.messages).toHaveLength(1);
  });

  it('fails a permanent error at once, and stops after `attempts`', async () => {
    let rcpt = 0;
    const server = await startSmtpServer({
      secure: true,
      auth,
      fail: {
        rcptTo: (a) => {
          rcpt++;
          return a.startsWith('gone') ? '550 5.1.1 No such user' : '451 4.7.0 Busy';
        },
      },
    });
    const m = mailerFor(server, { retry: { attempts: 2, minDelayMs: 10, maxDelayMs: 20 } });
    await expect(m.send('plain-html', data, { to: 'gone@163.com' })).rejects.toMatchObject({
      code: 'RECIPIENT_REJECTED',
    });
    expect(rcpt).toBe(1);
    await expect(m.send('plain-html', data, { to: 'busy@163.com' })).rejects.toMatchObject({
      retryable: true,
    });
    expect(rcpt).toBe(3);
    expect(server.messages).toHaveLength(0);
  });

  it('retry: false sends once', async () => {
    let rcpt = 0;
    const server = await startSmtpServer({
      secure: true,
      auth,
      fail: {
        rcptTo: () => {
          rcpt++;
          return '451 4.3.0 Try again later';
        },
      },
    });
    await expect(
      mailerFor(server, { retry: false }).send('plain-html', data, { to: 'a@163.com' }),
    ).rejects.toThrow();
    expect(rcpt).toBe(1);
  });
});

describe('rateLimit', () => {
  it('holds across all pooled connections of the mailer', async () => {
    const server = await startSmtpServer({ secure: true, auth });
    const m = mailerFor(server, { rateLimit: { messages: 2, perMs: 400 } }, 3);
    const starts: number[] = [];
    const original = m.transport.send.bind(m.transport);
    (m.transport as { send: typeof original }).send = (message) => {
      starts.push(Date.now());
      return original(message);
    };
    await Promise.all(
      Array.from({ length: 6 }, (_, i) => m.send('plain-html', data, { to: `u${i}@163.com` })),
    );
    expect(server.messages).toHaveLength(6);
    // The starts are stamped after the limiter, so a few ms of async work between the two can make a
    // later start look early: allow 50 ms of that. Unlimited, all six would start within a few ms.
    for (const [i, t] of starts.entries()) {
      expect(starts.filter((s, j) => j !== i && s >= t && s < t + 350).length).toBeLessThanOrEqual(1);
    }
    expect(Math.max(...starts) - Math.min(...starts)).toBeGreaterThanOrEqual(2 * 350);
  });

  it('follows the transport’s default pace (presets set one) unless the mailer says otherwise', async () => {
    expect(qq({ user: '10001@qq.com', pass: 'code' }).defaultRateLimit).toEqual({ messages: 1, perMs: 2000 });
    const server = await startSmtpServer({ secure: true, auth });
    const paced = smtp({
      host: server.host,
      port: server.port,
      secure: true,
      ...auth,
      tls: { ca: TEST_CA },
      maxConnections: 2,
      defaultRateLimit: { messages: 1, perMs: 300 },
    });
    open.push(server, paced);
    const starts: number[] = [];
    const original = paced.send.bind(paced);
    (paced as { send: typeof original }).send = (message) => {
      starts.push(Date.now());
      return original(message);
    };
    const m = createMailer({ templates, transport: paced, from: auth.user }) as unknown as Untyped;
    await Promise.all([0, 1, 2].map((i) => m.send('plain-html', data, { to: `p${i}@163.com` })));
    const gaps = starts.slice(1).map((t, i) => t - (starts[i] as number));
    // A loaded machine only spreads sends further apart; unpaced they start within a few ms.
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(250);

    starts.length = 0;
    const unpaced = createMailer({
      templates,
      transport: paced,
      from: auth.user,
      rateLimit: false,
    }) as unknown as Untyped;
    await Promise.all([0, 1, 2].map((i) => unpaced.send('plain-html', data, { to: `q${i}@163.com` })));
    expect(starts).toHaveLength(3);
    expect(server.messages).toHaveLength(6);
  });

  it('is validated at createMailer', () => {
    expect(() => createMailer({ transport: 'memory://', rateLimit: { messages: 0, perMs: 1 } })).toThrow(
      expect.objectContaining({ code: 'CONFIG', message: expect.stringMatching(/rateLimit must be/) }),
    );
  });
});

describe('DELIVERY_UNKNOWN through the mailer', () => {
  it('is not retried by default, and retried with the same Message-ID when opted in', async () => {
    // Takes the whole message, then never answers: the client times out after the final ".".
    const server = await startFaultySmtpServer('hang-after-data');
    const transport = smtp({
      host: server.host,
      port: server.port,
      secure: true,
      ...auth,
      tls: { ca: TEST_CA },
      socketTimeout: 300,
    });
    open.push(server, transport);
    const base = { templates, transport, from: auth.user };
    const m = createMailer({ ...base, retry: { minDelayMs: 10 } }) as unknown as Untyped;
    await expect(m.send('plain-html', data, { to: 'a@163.com' })).rejects.toMatchObject({
      code: 'DELIVERY_UNKNOWN',
    });
    expect(server.raws).toHaveLength(1);

    const opted = createMailer({
      ...base,
      retry: { attempts: 2, minDelayMs: 10, retryDeliveryUnknown: true },
    }) as unknown as Untyped;
    await expect(
      opted.send('plain-html', data, { to: 'a@163.com', idempotencyKey: 'unknown-1' }),
    ).rejects.toMatchObject({ code: 'DELIVERY_UNKNOWN' });
    expect(server.raws).toHaveLength(3);
    const ids = await Promise.all(
      server.raws.slice(1).map(async (raw) => (await simpleParser(raw)).messageId),
    );
    expect(ids[0]).toBe(ids[1]);
  });
});
