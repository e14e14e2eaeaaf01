import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { TransportError } from '../../src/errors/TransportError.js';
import { buildMessage, prepareEnvelope } from '../../src/message/compose.js';
import { type SmtpOptions, smtp } from '../../src/transports/smtp.js';
import type { Transport } from '../../src/types.js';
import { REPLIES } from '../fixtures/replies.js';
import { startSmtpServer, TEST_CA, type TestServer, type TestServerOptions } from '../helpers/smtp-server.js';

// Each error code, produced by a real smtp-server (or socket) answering the way QQ/NetEase do.
const USER = '10001@qq.com';
const PASS = 'abcdefghijklmnop';
const AUTH = { user: USER, pass: PASS };

const cleanup: (() => Promise<unknown> | undefined)[] = [];
afterEach(async () => {
  await Promise.all(cleanup.splice(0).map((f) => f()));
});

async function serverAndClient(server: TestServerOptions, options: Partial<SmtpOptions> = {}) {
  const s: TestServer = await startSmtpServer({ secure: true, auth: AUTH, ...server });
  const t: Transport = smtp({
    host: s.host,
    port: s.port,
    secure: true,
    tls: { ca: TEST_CA },
    ...AUTH,
    ...options,
  });
  cleanup.push(
    () => t.close?.(),
    () => s.close(),
  );
  return { s, t };
}

async function sendFails(t: Transport, to: string | string[] = 'ada@163.com'): Promise<TransportError> {
  const message = buildMessage(await prepareEnvelope(USER, { to }), {
    subject: 'Hi',
    html: '<p>Hi</p>',
    text: 'Hi',
  });
  const error = await t.send(message).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TransportError);
  expect(String((error as Error).message)).not.toContain(PASS);
  return error as TransportError;
}

describe('errors from real server replies', () => {
  it('535 (the QQ text) on AUTH → AUTH_FAILED with the 授权码 advice', async () => {
    const { s, t } = await serverAndClient({ fail: { auth: REPLIES.qqAuthModern } }, { provider: 'qq' });
    const error = await sendFails(t);
    expect(error).toMatchObject({ code: 'AUTH_FAILED', responseCode: 535, retryable: false });
    expect(error.response).toBe(REPLIES.qqAuthModern);
    expect(error.command).toMatch(/^AUTH /);
    expect(error.hint).toMatch(/16-character 授权码.*not your QQ password/);
    expect(s.messages).toEqual([]);
  });

  it('535 in mojibake → AUTH_FAILED (by code and help URL, not the text)', async () => {
    const { t } = await serverAndClient({ fail: { auth: REPLIES.qqAuthMojibakeLatin1 } });
    expect((await sendFails(t)).code).toBe('AUTH_FAILED');
  });

  it('501 …authorization user on MAIL FROM → SENDER_MISMATCH', async () => {
    const { t } = await serverAndClient({ fail: { mailFrom: REPLIES.qqSenderMismatch } });
    const error = await sendFails(t);
    expect(error).toMatchObject({ code: 'SENDER_MISMATCH', responseCode: 501, command: 'MAIL FROM' });
    expect(error.response).toBe(REPLIES.qqSenderMismatch);
  });

  it('553 Mail from must equal authorized user (NetEase) → SENDER_MISMATCH', async () => {
    const { t } = await serverAndClient({ fail: { mailFrom: REPLIES.neteaseSenderMismatch } });
    expect(await sendFails(t)).toMatchObject({ code: 'SENDER_MISMATCH', responseCode: 553 });
  });

  it('550 on RCPT TO → RECIPIENT_REJECTED; a partly rejected send resolves with `rejected`', async () => {
    const reject = (a: string) => (a.startsWith('nobody@') ? REPLIES.qqMailboxNotFound : undefined);
    const { s, t } = await serverAndClient({ fail: { rcptTo: reject } });
    const error = await sendFails(t, 'nobody@qq.com');
    expect(error).toMatchObject({ code: 'RECIPIENT_REJECTED', responseCode: 550, command: 'RCPT TO' });

    const message = buildMessage(await prepareEnvelope(USER, { to: ['nobody@qq.com', 'ada@163.com'] }), {
      subject: 'Hi',
      html: '<p>Hi</p>',
      text: 'Hi',
    });
    const result = await t.send(message);
    expect(result.accepted).toEqual(['ada@163.com']);
    expect(result.rejected).toEqual(['nobody@qq.com']);
    expect(s.messages[0]?.to).toEqual(['ada@163.com']);
  });

  it('550 content on DATA → CONTENT_REJECTED', async () => {
    const { s, t } = await serverAndClient({ fail: { data: REPLIES.qqInappropriate } });
    expect(await sendFails(t)).toMatchObject({
      code: 'CONTENT_REJECTED',
      responseCode: 550,
      command: 'DATA',
    });
    expect(s.messages).toEqual([]);
  });

  it("554 DT:SPM (163's anti-spam) on DATA → CONTENT_REJECTED", async () => {
    const { t } = await serverAndClient({ fail: { data: REPLIES.neteaseSpam } });
    const error = await sendFails(t);
    expect(error).toMatchObject({
      code: 'CONTENT_REJECTED',
      responseCode: 554,
      response: REPLIES.neteaseSpam,
    });
  });

  it('550 …frequency limited → RATE_LIMITED, retryable', async () => {
    const { t } = await serverAndClient({ fail: { mailFrom: REPLIES.qqConnectionFrequency } });
    expect(await sendFails(t)).toMatchObject({ code: 'RATE_LIMITED', retryable: true, responseCode: 550 });
  });

  it("over the server's advertised SIZE → MESSAGE_TOO_LARGE, refused before MAIL FROM", async () => {
    const { s, t } = await serverAndClient({ size: 2048 });
    const big = buildMessage(await prepareEnvelope(USER, { to: 'ada@163.com' }), {
      subject: 'Big',
      html: `<p>${'x'.repeat(10_000)}</p>`,
      text: 'y'.repeat(10_000),
    });
    const error = await t.send(big).catch((e: TransportError) => e);
    expect(error).toMatchObject({ code: 'MESSAGE_TOO_LARGE', retryable: false });
    expect((error as TransportError).message).toMatch(/2048/);
    expect(s.transactions).toEqual([]);
    expect(s.messages).toEqual([]);
  });

  it('552 on DATA → MESSAGE_TOO_LARGE', async () => {
    const { t } = await serverAndClient({
      fail: { data: '552 5.3.4 Message size exceeds fixed maximum message size' },
    });
    expect(await sendFails(t)).toMatchObject({
      code: 'MESSAGE_TOO_LARGE',
      responseCode: 552,
      retryable: false,
    });
  });

  it('421 on DATA (unknown temporary failure) → TRANSPORT, retryable', async () => {
    const { t } = await serverAndClient({ fail: { data: '421 4.3.0 Temporary system problem' } });
    expect(await sendFails(t)).toMatchObject({ code: 'TRANSPORT', retryable: true, responseCode: 421 });
  });

  it('a refused connection → CONNECTION, retryable', async () => {
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as { port: number }).port;
    await new Promise((r) => probe.close(r)); // now nothing listens there
    const t = smtp({ host: '127.0.0.1', port, secure: true, ...AUTH, pool: false });
    expect(await sendFails(t)).toMatchObject({ code: 'CONNECTION', retryable: true });
  });

  it('a server that never greets → TIMEOUT, retryable', async () => {
    const silent: Server = createServer(() => {});
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    cleanup.push(() => new Promise((r) => silent.close(r)));
    const port = (silent.address() as { port: number }).port;
    const t = smtp({ host: '127.0.0.1', port, ...AUTH, greetingTimeout: 300, pool: false });
    const error = await sendFails(t);
    expect(error).toMatchObject({ code: 'TIMEOUT', retryable: true, command: 'CONN' });
    expect(error.message).toMatch(/Greeting never received/);
  });

  it('an untrusted certificate → TLS, not retryable (verification is on by default)', async () => {
    const { s } = await serverAndClient({});
    const t = smtp({ host: s.host, port: s.port, secure: true, ...AUTH, pool: false });
    const error = await sendFails(t);
    expect(error).toMatchObject({ code: 'TLS', retryable: false });
    expect(error.message).toMatch(/certificate/);
    expect(s.authAttempts).toEqual([]);
  });

  it('implicit TLS against a STARTTLS port → TLS ("wrong version number")', async () => {
    const { s } = await serverAndClient({ secure: false });
    const t = smtp({ host: s.host, port: s.port, secure: true, ...AUTH, tls: { ca: TEST_CA }, pool: false });
    const error = await sendFails(t);
    expect(error).toMatchObject({ code: 'TLS', retryable: false });
    expect(error.message).toMatch(/wrong version number/);
  });
});
