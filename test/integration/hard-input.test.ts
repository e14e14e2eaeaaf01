import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createMailer, isMailerError, type Mailer, type SendOptions, smtp } from '../../src/index.js';
import { startSmtpServer, TEST_CA, type TestServer } from '../helpers/smtp-server.js';

// Hard input against a real smtp-server over TLS + AUTH. What is valid goes out correctly encoded;
// what is not fails with a typed error, and the server proves it saw no transaction (no MAIL FROM).

const auth = { user: 'sender@acme.test', pass: 'hard-input-secret' };
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mailsmith-hard-'));
  await mkdir(join(dir, 'note'));
  await writeFile(join(dir, 'note', 'subject.hbs'), '{{subject}}');
  await writeFile(join(dir, 'note', 'html.hbs'), '<p>{{body}}</p>');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

// The fixture template is not in the generated registry: an untyped mailer.
type Untyped = Mailer<Record<string, Record<string, unknown>>>;

function mailerFor(server: TestServer): Untyped {
  return createMailer({
    templates: dir,
    from: `"Acme" <${auth.user}>`,
    transport: smtp({ host: 'localhost', port: server.port, secure: true, ...auth, tls: { ca: TEST_CA } }),
    checkInterval: false,
  }) as unknown as Untyped;
}
const note = (mailer: Untyped, options: SendOptions, data = { subject: 'Hello', body: 'Hi' }) =>
  mailer.send('note', data, options);

/** The header block of a raw message, one entry per (unfolded) field. */
function headerBlock(raw: Buffer): string {
  const text = raw.toString('latin1');
  return text.slice(0, text.indexOf('\r\n\r\n'));
}
const longestLine = (raw: Buffer) =>
  Math.max(
    ...raw
      .toString('latin1')
      .split('\r\n')
      .map((l) => l.length),
  );

describe('hard input that must go out correctly', () => {
  let server: TestServer;
  let mailer: Untyped;
  beforeAll(async () => {
    server = await startSmtpServer({ secure: true, auth });
    mailer = mailerFor(server);
  });
  afterAll(async () => {
    await mailer.close();
    await server.close();
  });
  beforeEach(() => {
    server.messages.length = 0;
    server.transactions.length = 0;
  });

  it('display names with quotes, commas and Chinese travel as RFC 2047 and parse back unchanged', async () => {
    await note(mailer, {
      from: '"Acme \\"Cloud\\", 云服务" <sender@acme.test>',
      to: ['"O\'Brien, \\"Bob\\"" <bob@163.com>', '"李雷, 技术部" <li@163.com>'],
      cc: '"Zoë; Ça va?" <zoe@126.com>',
    });
    const [received] = server.messages;
    expect(received?.to).toEqual(['bob@163.com', 'li@163.com', 'zoe@126.com']);
    // Every header byte is ASCII: the names are encoded words, not raw UTF-8.
    expect(headerBlock(received!.raw)).toMatch(/=\?UTF-8\?[QB]\?/i);
    expect([...headerBlock(received!.raw)].every((c) => c.charCodeAt(0) < 0x80)).toBe(true);
    const mail = await simpleParser(received!.raw);
    expect(mail.from?.value).toEqual([{ name: 'Acme "Cloud", 云服务', address: 'sender@acme.test' }]);
    expect([mail.to].flat().flatMap((a) => a?.value)).toEqual([
      { name: 'O\'Brien, "Bob"', address: 'bob@163.com' },
      { name: '李雷, 技术部', address: 'li@163.com' },
    ]);
    expect([mail.cc].flat()[0]?.value).toEqual([{ name: 'Zoë; Ça va?', address: 'zoe@126.com' }]);
  });

  it('an internationalized address (用户@例子.中国) uses SMTPUTF8 when the server offers it', async () => {
    await note(mailer, { to: '用户 <用户@例子.中国>' });
    expect(server.transactions).toEqual([{ from: auth.user, smtputf8: true }]);
    const [received] = server.messages;
    expect(received?.to).toEqual(['用户@例子.中国']);
    const mail = await simpleParser(received!.raw);
    expect([mail.to].flat()[0]?.value).toEqual([{ name: '用户', address: '用户@例子.中国' }]);
  });

  it('an ASCII mailbox at an IDN domain goes out as punycode, without needing SMTPUTF8', async () => {
    const plain = await startSmtpServer({ secure: true, auth, smtputf8: false });
    const m = mailerFor(plain);
    try {
      const result = await note(m, { to: 'ada@例子.中国' });
      expect(result.envelope.to).toEqual(['ada@xn--fsqu00a.xn--fiqs8s']);
      expect(plain.transactions).toEqual([{ from: auth.user, smtputf8: false }]);
      // smtp-server hands the RCPT over with the domain decoded back to Unicode.
      expect(plain.messages[0]?.to).toEqual(['ada@例子.中国']);
      expect(headerBlock(plain.messages[0]!.raw)).toMatch(/^To: ada@xn--fsqu00a\.xn--fiqs8s$/m);
    } finally {
      await m.close();
      await plain.close();
    }
  });

  it('1,000 recipients: one transaction, every RCPT, headers folded under 998 octets', async () => {
    const to = Array.from({ length: 1000 }, (_, i) => `"用户 ${i}" <user${i}@163.com>`);
    const result = await note(mailer, { to });
    expect(result.accepted).toHaveLength(1000);
    expect(server.transactions).toHaveLength(1);
    const [received] = server.messages;
    expect(received?.to).toHaveLength(1000);
    expect(new Set(received?.to)).toEqual(new Set(to.map((_, i) => `user${i}@163.com`)));
    expect(longestLine(received!.raw)).toBeLessThanOrEqual(998);
    const mail = await simpleParser(received!.raw);
    expect([mail.to].flat()[0]?.value).toHaveLength(1000);
  });

  it('a 10,000-character subject is folded (no line over 998) and parses back whole', async () => {
    const subject = `${'订单已付款 Order paid · '.repeat(600).slice(0, 9_999)}。`;
    expect(subject).toHaveLength(10_000);
    await note(mailer, { to: 'ada@163.com' }, { subject, body: 'x' });
    const [received] = server.messages;
    expect(longestLine(received!.raw)).toBeLessThanOrEqual(998);
    expect((await simpleParser(received!.raw)).subject).toBe(subject);
  });

  it('CR/LF in data for the subject folds to a space: no header is injected', async () => {
    await note(mailer, { to: 'ada@163.com' }, { subject: 'Hi\r\nBcc: evil@x.example', body: 'x' });
    const [received] = server.messages;
    expect(received?.to).toEqual(['ada@163.com']);
    const mail = await simpleParser(received!.raw);
    expect(mail.subject).toBe('Hi Bcc: evil@x.example');
    expect(mail.headers.has('bcc')).toBe(false);
  });
});

describe('hard input refused with a typed error and no transaction', () => {
  let server: TestServer;
  let mailer: Untyped;
  beforeAll(async () => {
    server = await startSmtpServer({ secure: true, auth, smtputf8: false, size: 64 * 1024 });
    mailer = mailerFor(server);
  });
  afterAll(async () => {
    await mailer.close();
    await server.close();
  });
  beforeEach(() => {
    server.messages.length = 0;
    server.transactions.length = 0;
  });

  async function refused(options: SendOptions, data?: { subject: string; body: string }) {
    const error = await note(mailer, options, data).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isMailerError(error), String(error)).toBe(true);
    expect(server.transactions).toEqual([]);
    expect(server.messages).toEqual([]);
    return error as { code: string; message: string; hint?: string };
  }

  it.each([
    ['empty', ''],
    ['blank', '   '],
    ['no domain', 'ada@'],
    ['no @', 'ada'],
    ['no local part', '@163.com'],
    ['a space inside', 'a da@163.com'],
    ['an empty bracket', '<>'],
    ['two dots', 'ada@163..com'],
    ['a trailing dot in the local part', 'ada.@163.com'],
  ])('a malformed address (%s) is INVALID_ADDRESS', async (_label, to) => {
    const error = await refused({ to });
    expect(error.code).toBe('INVALID_ADDRESS');
    expect(error.hint).toBeTruthy();
  });

  it('0 recipients is INVALID_ADDRESS, before anything connects', async () => {
    const connections = server.connections;
    expect((await refused({ to: [] })).code).toBe('INVALID_ADDRESS');
    expect((await refused({})).code).toBe('INVALID_ADDRESS');
    expect(server.connections).toBe(connections);
  });

  it.each([
    ['to', { to: 'ada@163.com\r\nBcc: evil@x.example' }, 'INVALID_ADDRESS'],
    ['cc', { to: 'ada@163.com', cc: 'b@163.com\nX-Evil: 1' }, 'INVALID_ADDRESS'],
    ['bcc', { to: 'ada@163.com', bcc: 'b@163.com\r' }, 'INVALID_ADDRESS'],
    ['replyTo', { to: 'ada@163.com', replyTo: 'r@163.com\r\nX: y' }, 'INVALID_ADDRESS'],
    [
      'from',
      { to: 'ada@163.com', from: 'Acme <sender@acme.test>\r\nBcc: evil@x.example' },
      'INVALID_ADDRESS',
    ],
    ['a display name', { to: '"Ada\r\nBcc: e@x.example" <ada@163.com>' }, 'INVALID_ADDRESS'],
    [
      'a header value',
      { to: 'ada@163.com', headers: { 'X-Tag': 'a\r\nBcc: e@x.example' } },
      'INVALID_HEADER',
    ],
    ['a header name', { to: 'ada@163.com', headers: { 'X-Tag\r\nBcc': 'e@x.example' } }, 'INVALID_HEADER'],
    [
      'an attachment filename',
      { to: 'ada@163.com', attachments: [{ filename: 'a\r\n.txt', content: 'x' }] },
      'INVALID_HEADER',
    ],
    [
      'an attachment cid',
      { to: 'ada@163.com', attachments: [{ filename: 'a.png', cid: 'logo\n', content: 'x' }] },
      'INVALID_HEADER',
    ],
    [
      'an attachment content type',
      { to: 'ada@163.com', attachments: [{ contentType: 'text/plain\r\nX: y', content: 'x' }] },
      'INVALID_HEADER',
    ],
  ] as const)('CR/LF in %s is refused', async (_label, options, code) => {
    expect((await refused(options as SendOptions)).code).toBe(code);
  });

  it('an internationalized address to a server without SMTPUTF8', async () => {
    const error = await refused({ to: '用户@例子.中国' });
    expect(error.code).toBe('INVALID_ADDRESS');
    expect(error.message).toMatch(/SMTPUTF8/);
  });

  it("a message over the server's advertised SIZE is MESSAGE_TOO_LARGE", async () => {
    const error = await refused({
      to: 'ada@163.com',
      attachments: [{ filename: 'big.bin', content: Buffer.alloc(200 * 1024, 7) }],
    });
    expect(error.code).toBe('MESSAGE_TOO_LARGE');
    expect(error.message).toMatch(/65536|64 KB|size/i);
  });

  it('an attachment that is a folder', async () => {
    const error = await refused({ to: 'ada@163.com', attachments: [{ path: dir }] });
    expect(error.code).toMatch(/ATTACHMENT_NOT_FOUND|INVALID_ATTACHMENT/);
    expect(error.message).toMatch(/not a file|folder|directory/i);
  });
});
