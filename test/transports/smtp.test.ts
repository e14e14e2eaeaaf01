import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { simpleParser } from 'mailparser';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors/ConfigError.js';
import { SenderMismatchError } from '../../src/errors/SenderMismatchError.js';
import { TransportError } from '../../src/errors/TransportError.js';
import { buildMessage, prepareEnvelope } from '../../src/message/compose.js';
import { type SmtpOptions, smtp } from '../../src/transports/smtp.js';
import type { ComposedMessage, SendOptions, Transport } from '../../src/types.js';
import { startSmtpServer, TEST_CA, type TestServer, type TestServerOptions } from '../helpers/smtp-server.js';

/** What `fn` throws, message and hint (the hint says what to do; tests check both). */
function thrown(fn: () => unknown): { message: string; hint: string } {
  try {
    fn();
  } catch (error) {
    return { message: (error as Error).message, hint: (error as { hint?: string }).hint ?? '' };
  }
  throw new Error('expected a throw');
}

const USER = '10001@qq.com';
const PASS = 'ab/cd@ef:gh?ij kl'; // URL-special characters, to check every redacted form
const AUTH = { user: USER, pass: PASS };
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

const open: { servers: TestServer[]; transports: Transport[] } = { servers: [], transports: [] };
afterEach(async () => {
  await Promise.all(open.transports.splice(0).map((t) => t.close?.()));
  await Promise.all(open.servers.splice(0).map((s) => s.close()));
});

async function server(options: TestServerOptions = {}): Promise<TestServer> {
  const s = await startSmtpServer(options);
  open.servers.push(s);
  return s;
}

function client(s: TestServer, options: Partial<SmtpOptions> = {}) {
  const t = smtp({ host: s.host, port: s.port, tls: { ca: TEST_CA }, ...options });
  open.transports.push(t);
  return t;
}

async function message(from: string, options: SendOptions = {}, subject = 'Hello'): Promise<ComposedMessage> {
  const envelope = await prepareEnvelope(from, { to: 'ada@163.com', ...options });
  return buildMessage(envelope, {
    subject,
    html: '<p>Hi <a href="https://x.example/v">Verify</a></p>',
    text: 'Hi',
  });
}

/** Every place a secret could leak from a thrown error. */
function everything(error: unknown): string {
  const e = error as Error & { response?: string; cause?: unknown };
  return [e.message, e.stack, e.response, String(e.cause), (e.cause as Error)?.stack, JSON.stringify(e)].join(
    '\n',
  );
}

async function failure(promise: Promise<unknown>): Promise<TransportError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TransportError);
  const leaked = everything(error);
  expect(leaked).not.toContain(PASS);
  expect(leaked).not.toContain(encodeURIComponent(PASS));
  return error as TransportError;
}

describe('smtp() delivers over TLS with AUTH', () => {
  it('sends over implicit TLS: multipart/alternative, attachments, inline cid image, headers, unicode', async () => {
    const s = await server({ secure: true, auth: AUTH });
    const t = client(s, { secure: true, ...AUTH });
    const dir = mkdtempSync(join(tmpdir(), 'mailsmith-smtp-'));
    writeFileSync(join(dir, 'report.csv'), 'a,b\n1,2\n');
    const msg = await message(
      `"Acme 客服" <${USER}>`,
      {
        to: ['"Ada Lovelace 李" <ada@163.com>', 'grace@example.org'],
        cc: '"Zoë 张三" <zhang@example.net>',
        bcc: 'hidden@example.com',
        replyTo: 'support@example.com',
        headers: { 'X-Campaign': 'welcome-2026' },
        attachments: [
          { path: join(dir, 'report.csv') },
          { filename: '说明.txt', content: 'héllo 世界' },
          { filename: 'stream.txt', content: Readable.from([Buffer.from('from a stream')]) },
          { filename: 'logo.png', content: PNG, contentType: 'image/png', cid: 'logo' },
        ],
      },
      '欢迎 Ada — your account ✉',
    );
    msg.html =
      '<p>Hi <b>Ada</b> <img src="cid:logo"></p><a href="https://x.example/v?a=1&amp;b=2">Verify</a>';
    msg.text = 'Hi Ada\nVerify [https://x.example/v?a=1&b=2]';

    const result = await t.send(msg);

    expect(result.messageId).toBe(msg.messageId);
    expect(result.accepted.sort()).toEqual([
      'ada@163.com',
      'grace@example.org',
      'hidden@example.com',
      'zhang@example.net',
    ]);
    expect(result.rejected).toEqual([]);
    expect(result.response).toMatch(/^250 /);
    expect(result.envelope).toEqual({ from: USER, to: msg.envelope.to });
    expect(s.messages).toHaveLength(1);
    const received = s.messages[0]!;
    expect(received).toMatchObject({ from: USER, user: USER, secure: true });
    expect(received.to).toContain('hidden@example.com');

    const raw = received.raw.toString();
    expect(raw).toMatch(/Content-Type: multipart\/alternative/i);
    expect(raw).not.toMatch(/^Bcc:/im);
    const mail = await simpleParser(received.raw);
    expect(mail.subject).toBe('欢迎 Ada — your account ✉');
    expect(mail.from?.value).toEqual([{ name: 'Acme 客服', address: USER }]);
    expect(mail.to && !Array.isArray(mail.to) && mail.to.value).toEqual([
      { name: 'Ada Lovelace 李', address: 'ada@163.com' },
      { name: '', address: 'grace@example.org' },
    ]);
    expect(mail.cc && !Array.isArray(mail.cc) && mail.cc.value).toEqual([
      { name: 'Zoë 张三', address: 'zhang@example.net' },
    ]);
    expect(mail.replyTo?.value[0]?.address).toBe('support@example.com');
    expect(mail.messageId).toBe(msg.messageId);
    expect(mail.headers.get('x-campaign')).toBe('welcome-2026');
    expect(mail.text?.trim()).toBe('Hi Ada\nVerify [https://x.example/v?a=1&b=2]');
    expect(mail.html).toContain('<b>Ada</b>');
    const byName = Object.fromEntries(mail.attachments.map((a) => [a.filename, a]));
    expect(byName['report.csv']?.content.toString()).toBe('a,b\n1,2\n');
    expect(byName['说明.txt']?.content.toString()).toBe('héllo 世界');
    expect(byName['stream.txt']?.content.toString()).toBe('from a stream');
    expect(byName['logo.png']).toMatchObject({ cid: 'logo', contentType: 'image/png', related: true });
    expect(byName['logo.png']?.content.equals(PNG)).toBe(true);
  });

  it('sends over STARTTLS with AUTH; AUTH happens only after the upgrade', async () => {
    const s = await server({ auth: AUTH });
    const t = client(s, AUTH);
    expect(t.config).toMatchObject({ secure: false, requireTLS: true });
    await t.send(await message(USER));
    expect(s.messages).toHaveLength(1);
    expect(s.messages[0]).toMatchObject({ secure: true, user: USER });
    expect(s.authAttempts).toEqual([{ user: USER, secure: true }]);
  });

  it('never sends credentials in clear: a server without STARTTLS gets no AUTH and no mail', async () => {
    const s = await server({ noStartTls: true, auth: AUTH });
    const t = client(s, AUTH);
    const error = await failure(t.send(await message(USER)));
    expect(error.code).toBe('TLS');
    expect(s.authAttempts).toEqual([]);
    expect(s.messages).toEqual([]);
  });

  it('allows a plain connection without credentials (dev capture servers)', async () => {
    const s = await server({ noStartTls: true });
    const t = client(s);
    expect(t.config.requireTLS).toBe(false);
    await t.send(await message('dev@example.com'));
    expect(s.messages[0]).toMatchObject({ from: 'dev@example.com', secure: false });
  });

  it('reuses pooled connections, and opens one per message with pool: false', async () => {
    const s = await server({ secure: true, auth: AUTH });
    const pooled = client(s, { secure: true, ...AUTH, maxConnections: 1 });
    for (let i = 0; i < 3; i++) await pooled.send(await message(USER));
    expect(s.messages).toHaveLength(3);
    expect(s.connections).toBe(1);

    const s2 = await server({ secure: true, auth: AUTH });
    const single = client(s2, { secure: true, ...AUTH, pool: false });
    for (let i = 0; i < 3; i++) await single.send(await message(USER));
    expect(s2.connections).toBe(3);
  });
});

describe('smtp() verify()', () => {
  it('connects and authenticates without sending', async () => {
    const s = await server({ secure: true, auth: AUTH });
    await client(s, { secure: true, ...AUTH }).verify();
    expect(s.authAttempts).toEqual([{ user: USER, secure: true }]);
    expect(s.messages).toEqual([]);
  });

  it('reports a wrong password as AUTH_FAILED without leaking it', async () => {
    const s = await server({ secure: true, auth: { user: USER, pass: 'the-right-one' } });
    const error = await failure(client(s, { secure: true, ...AUTH }).verify());
    expect(error).toMatchObject({ code: 'AUTH_FAILED', responseCode: 535, retryable: false });
    expect(error.hint).toMatch(/授权码/);
    expect(error.message).not.toContain(error.hint);
  });
});

describe('smtp() never leaks credentials a server echoes back', () => {
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  const forms: [string, (a: { user: string; pass: string }) => string][] = [
    ['AUTH PLAIN payload', (a) => b64(`\0${a.user}\0${a.pass}`)],
    ['AUTH PLAIN payload with authzid', (a) => b64(`${a.user}\0${a.user}\0${a.pass}`)],
    ['AUTH PLAIN payload unpadded', (a) => b64(`\0${a.user}\0${a.pass}`).replace(/=+$/, '')],
    ['AUTH LOGIN username', (a) => b64(a.user)],
    ['AUTH LOGIN password', (a) => b64(a.pass)],
    ['AUTH LOGIN password unpadded', (a) => b64(a.pass).replace(/=+$/, '')],
    ['the password itself', (a) => a.pass],
  ];
  it.each(forms)('scrubs %s from message, response, cause, JSON and stack', async (_name, form) => {
    const s = await server({
      secure: true,
      auth: AUTH,
      fail: { auth: (a) => `535 5.7.8 rejected ${form(a)} end` },
    });
    const error = await failure(client(s, { secure: true, ...AUTH }).verify());
    expect(error).toMatchObject({ code: 'AUTH_FAILED', responseCode: 535 });
    const everything = [
      error.message,
      error.response,
      String(error.cause),
      JSON.stringify(error),
      error.stack,
    ].join('\n');
    expect(everything).toContain('rejected **** end');
    expect(everything).not.toContain(form(AUTH));
  });
});

describe('smtp() refuses a mismatched sender before connecting', () => {
  it('throws SenderMismatchError with senderMustMatchUser, and the server sees no connection', async () => {
    const s = await server({ secure: true, auth: AUTH });
    const t = client(s, { secure: true, ...AUTH, senderMustMatchUser: true, provider: 'qq' });
    const error = await t.send(await message('other@qq.com')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SenderMismatchError);
    expect(error).toMatchObject({ code: 'SENDER_MISMATCH', from: 'other@qq.com', login: USER });
    expect((error as Error).message).toMatch(/QQ Mail rejects/);
    expect(s.connections).toBe(0);

    await t.send(await message(`"Me" <${USER.toUpperCase()}>`)); // case-insensitive
    expect(s.messages).toHaveLength(1);
  });

  it('lets any sender through without the option (plain SMTP relays allow it)', async () => {
    const s = await server({ secure: true, auth: AUTH });
    await client(s, { secure: true, ...AUTH }).send(await message('other@example.com'));
    expect(s.messages[0]?.from).toBe('other@example.com');
  });
});

describe('smtp() secrets', () => {
  it('prints itself as a redacted URL', () => {
    const t = smtp({ host: 'smtp.qq.com', port: 465, ...AUTH });
    open.transports.push(t);
    expect(String(t)).toBe('smtps://10001@qq.com:****@smtp.qq.com:465');
    expect(`${smtp({ host: 'mx.example.com', port: '587', user: 'a:b', pass: PASS })}`).toBe(
      'smtp://a%3Ab:****@mx.example.com:587',
    );
    expect(String(smtp({ host: '127.0.0.1', port: 1025 }))).toBe('smtp://127.0.0.1:1025');
    for (const leaked of [String(t), JSON.stringify(t.config), JSON.stringify(t)]) {
      expect(leaked).not.toContain(PASS);
      expect(leaked).not.toContain(encodeURIComponent(PASS));
    }
  });

  it('scrubs the password from a server reply that echoes it', async () => {
    const s = await server({
      secure: true,
      auth: AUTH,
      fail: { auth: `535 rejected ${PASS} (${encodeURIComponent(PASS)})` },
    });
    const error = await failure(client(s, { secure: true, ...AUTH }).verify());
    expect(error.response).toBe('535 rejected **** (****)');
    expect(error.transport).toBe(`smtps://${USER}:****@127.0.0.1:${s.port}`);
  });
});

describe('smtp() port and TLS rules', () => {
  it('465 means implicit TLS; a string port is coerced', () => {
    expect(smtp({ host: 'h', port: '465', ...AUTH }).config).toMatchObject({
      port: 465,
      secure: true,
      requireTLS: false,
    });
    expect(smtp({ host: 'h', secure: true }).config.port).toBe(465);
  });

  it('587 (and the default port) require STARTTLS, even without credentials', () => {
    expect(smtp({ host: 'h', port: 587 }).config).toMatchObject({ secure: false, requireTLS: true });
    expect(smtp({ host: 'h' }).config).toMatchObject({ port: 587, requireTLS: true });
  });

  it('credentials on any non-TLS port force STARTTLS; no credentials on a dev port stay plain', () => {
    expect(smtp({ host: 'h', port: 2525, ...AUTH }).config.requireTLS).toBe(true);
    expect(smtp({ host: 'h', port: 25, ...AUTH }).config.requireTLS).toBe(true);
    expect(smtp({ host: '127.0.0.1', port: 1025 }).config.requireTLS).toBe(false);
  });

  it('secure with 587 and plain with 465 are ConfigErrors naming the symptom', () => {
    expect(() => smtp({ host: 'h', port: 587, secure: true })).toThrow(ConfigError);
    expect(thrown(() => smtp({ host: 'h', port: 587, secure: true })).hint).toMatch(/wrong version number/);
    expect(thrown(() => smtp({ host: 'h', port: '465', secure: false })).hint).toMatch(
      /Greeting never received/,
    );
  });

  it('rejects bad ports, half credentials and a missing host', () => {
    expect(() => smtp({ host: 'h', port: 'abc' })).toThrow(/port must be a number/);
    expect(() => smtp({ host: 'h', port: 70000 })).toThrow(ConfigError);
    expect(() => smtp({ host: 'h', user: USER })).toThrow(/a user but no password/);
    expect(() => smtp({ host: 'h', pass: PASS })).toThrow(/a password but no user/);
    expect(() => smtp({ host: '' })).toThrow(/needs a host/);
    try {
      smtp({ host: 'h', pass: PASS });
    } catch (error) {
      expect(everything(error)).not.toContain(PASS);
    }
  });

  it('uses the login as defaultFrom when it is an address', () => {
    expect(smtp({ host: 'h', ...AUTH }).defaultFrom).toBe(USER);
    expect(smtp({ host: 'h', user: '10001', pass: PASS }).defaultFrom).toBeUndefined();
    expect(smtp({ host: 'h', auth: AUTH }).name).toBe('smtp');
  });
});

describe('smtp() close() drains', () => {
  it('waits for sends in flight before closing, and every one of them is delivered', async () => {
    const s = await server({ secure: true, auth: AUTH, dataDelayMs: 300 });
    const t = smtp({
      host: s.host,
      port: s.port,
      tls: { ca: TEST_CA },
      secure: true,
      ...AUTH,
      maxConnections: 2,
    });
    const sends = await Promise.all(
      [1, 2, 3, 4, 5].map(async (n) => t.send(await message(USER, {}, `drain ${n}`))),
    ).catch((e: unknown) => e);
    expect(sends).toBeInstanceOf(Array); // sanity: the server works before we race close() against it

    const outcomes: string[] = [];
    const pending = [6, 7, 8, 9, 10].map(async (n) => {
      const composed = await message(USER, {}, `drain ${n}`);
      return t.send(composed).then(
        () => outcomes.push(`sent ${n}`),
        (e: TransportError) => outcomes.push(`${e.code} ${n}`),
      );
    });
    await new Promise((resolve) => setTimeout(resolve, 50)); // all five are now queued or in DATA
    await t.close();
    // close() returned only after every send in flight settled, and each of them was delivered.
    expect(outcomes.sort()).toEqual(['sent 10', 'sent 6', 'sent 7', 'sent 8', 'sent 9']);
    await Promise.all(pending);
    expect(s.messages).toHaveLength(10);
  });

  it('fails a send after close() at once with CLOSED, not retryable, without connecting', async () => {
    const s = await server({ secure: true, auth: AUTH });
    const t = client(s, { secure: true, ...AUTH });
    await t.close();
    const connections = s.connections;
    const error = await failure(t.send(await message(USER)));
    expect(error).toMatchObject({ code: 'CLOSED', retryable: false });
    expect(error.hint).toMatch(/new transport/);
    expect(s.connections).toBe(connections);
  });

  it('stops waiting at the timeoutMs deadline, and the slow send settles on its own', async () => {
    const s = await server({ secure: true, auth: AUTH, dataDelayMs: 3_000 });
    const t = client(s, { secure: true, ...AUTH });
    const order: string[] = [];
    const sending = t.send(await message(USER)).then(
      () => order.push('send settled'),
      () => order.push('send settled'),
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    await t.close({ timeoutMs: 100 });
    order.push('close returned');
    await sending;
    expect(order).toEqual(['close returned', 'send settled']);
  });
});
