import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailer, type Mailer, smtp } from '../src/index.js';
import { startSmtpServer, TEST_CA, type TestServer } from './helpers/smtp-server.js';

type Untyped = Mailer<Record<never, never>>;
const templates = 'test/fixtures/templates/ok';
const data = {
  name: 'Ada',
  url: 'https://example.com/a',
  verifyUrl: 'https://example.com/v',
  team: 'Acme',
  site: 'https://acme.example.com',
};
const auth = { user: 'noreply@acme.test', pass: 'secret-pass-1' };

let server: TestServer;
let mailer: Untyped;

beforeAll(async () => {
  server = await startSmtpServer({ secure: true, auth });
  const transport = smtp({
    host: server.host,
    port: server.port,
    secure: true,
    ...auth,
    tls: { ca: TEST_CA },
  });
  mailer = createMailer({ templates, transport, from: '"Acme" <noreply@acme.test>' }) as unknown as Untyped;
});
afterAll(async () => {
  await mailer.close();
  await server.close();
});

describe('compose and deliver', () => {
  it('composes plain JSON that delivers, after a round trip, over TLS + AUTH as send() would', async () => {
    const composed = await mailer.compose('basic', data, {
      to: 'ada@163.com',
      attachments: [{ filename: 'a.txt', content: 'attached' }],
    });
    expect(composed).toMatchObject({
      template: 'basic',
      subject: 'Hello Ada',
      envelope: { from: 'noreply@acme.test', to: ['ada@163.com'] },
      attachments: [{ filename: 'a.txt', content: Buffer.from('attached').toString('base64') }],
    });
    const before = server.messages.length;
    const result = await mailer.deliver(JSON.parse(JSON.stringify(composed)));
    expect(result.messageId).toBe(composed.messageId);
    expect(server.messages.length).toBe(before + 1);
    const parsed = await simpleParser(server.messages.at(-1)!.raw);
    expect(parsed.messageId).toBe(composed.messageId);
    expect(parsed.subject).toBe('Hello Ada');
    expect(parsed.attachments[0]?.content.toString()).toBe('attached');
  });

  it('refuses a composed message that is truncated or tampered with, before anything connects', async () => {
    const composed = await mailer.compose('basic', data, { to: 'ada@163.com' });
    const before = server.connections;
    const broken: Array<[unknown, RegExp | string]> = [
      [null, /Not a composed message: got null/],
      [{ ...composed, envelope: { from: composed.envelope.from, to: [] } }, /"envelope" must be/],
      [{ ...composed, to: 'ada@163.com' }, /"to" is not a list of addresses/],
      [{ ...composed, attachments: [{ filename: 'a.txt' }] }, /"attachments" must be/],
    ];
    for (const [message, reason] of broken) {
      await expect(mailer.deliver(message as never)).rejects.toMatchObject({
        code: 'CONFIG',
        message: expect.stringMatching(reason),
      });
    }
    await expect(
      mailer.deliver({
        ...composed,
        envelope: { ...composed.envelope, to: ['a@163.com\r\nRCPT TO:<x@y.cn>'] },
      }),
    ).rejects.toMatchObject({ code: 'INVALID_ADDRESS' });
    await expect(
      mailer.deliver({ ...composed, headers: { 'X-A': 'v\r\nBcc: evil@example.com' } }),
    ).rejects.toMatchObject({ code: 'INVALID_HEADER' });
    expect(server.connections).toBe(before);
  });

  it('gives every compose with one idempotency key the same Message-ID', async () => {
    const a = await mailer.compose('basic', data, { to: 'ada@163.com', idempotencyKey: 'signup-7' });
    const b = await mailer.compose('basic', data, { to: 'ada@163.com', idempotencyKey: 'signup-7' });
    expect(a.messageId).toBe(b.messageId);
    expect(a.idempotencyKey).toBe('signup-7');
  });

  it('refuses a folder as attachment before anything connects', async () => {
    const fresh = await startSmtpServer({ secure: true, auth });
    const m = createMailer({
      templates,
      transport: smtp({ host: fresh.host, port: fresh.port, secure: true, ...auth, tls: { ca: TEST_CA } }),
      from: auth.user,
    }) as unknown as Untyped;
    try {
      await expect(
        m.send('basic', data, { to: 'ada@163.com', attachments: [{ path: 'test' }] }),
      ).rejects.toMatchObject({ code: 'ATTACHMENT_NOT_FOUND', message: expect.stringMatching(/not a file/) });
      expect(fresh.connections).toBe(0);
    } finally {
      await m.close();
      await fresh.close();
    }
  });
});
