import { readFile } from 'node:fs/promises';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailer, type Mailer, smtp } from '../../src/index.js';
import { startSmtpServer, TEST_CA, type TestServer } from '../helpers/smtp-server.js';

// End to end: shipped templates → render pipeline → mailer → smtp() → a real smtp-server over TLS + AUTH.
const auth = { user: '10001@qq.com', pass: 'abcdefghijklmnop' };
const pixel = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

describe.each([
  ['implicit TLS (465-style)', true],
  ['STARTTLS (587-style)', false],
])('sending shipped templates over %s with AUTH', (_label, secure) => {
  let server: TestServer;
  let mailer: Mailer;

  beforeAll(async () => {
    server = await startSmtpServer({ secure, auth });
    mailer = createMailer({
      templates: 'templates',
      from: `"Acme 云服务" <${auth.user}>`,
      transport: smtp({ host: 'localhost', port: server.port, secure, ...auth, tls: { ca: TEST_CA } }),
    });
  });
  afterAll(async () => {
    await mailer.close();
    await server.close();
  });

  it('delivers multipart/alternative with inlined HTML, a text part with links, attachments and headers', async () => {
    const preview = JSON.parse(await readFile('templates/receipt/preview.json', 'utf8'));
    const data = {
      ...(preview as { default: Record<string, unknown> }).default,
      name: 'Tom & <Jerry>',
    };
    const result = await mailer.send('receipt', data as never, {
      to: 'Ada <ada@163.com>',
      cc: 'finance@126.com',
      bcc: 'audit@qq.com',
      replyTo: 'support@acme.example.com',
      headers: { 'X-Order': 'AC20250618-000042' },
      locale: 'zh-CN',
      attachments: [
        { filename: 'invoice.txt', content: Buffer.from('invoice body') },
        { filename: 'logo.png', content: pixel, cid: 'logo@acme' },
      ],
    });

    expect(result.accepted.sort()).toEqual(['ada@163.com', 'audit@qq.com', 'finance@126.com']);
    expect(server.messages).toHaveLength(1);
    const received = server.messages[0]!;
    expect(received).toMatchObject({ from: auth.user, user: auth.user, secure: true });
    expect(received.to.sort()).toEqual(['ada@163.com', 'audit@qq.com', 'finance@126.com']);

    const raw = received.raw.toString();
    expect(raw).toMatch(/Content-Type: multipart\/alternative/i);
    const mail = await simpleParser(received.raw);
    expect(mail.subject).toBe('订单 AC20250618-000042 付款成功');
    expect(mail.headers.get('content-language')).toBe('zh-CN');
    expect(mail.messageId).toBe(result.messageId);
    expect(mail.from?.value[0]).toEqual({ name: 'Acme 云服务', address: auth.user });
    expect(mail.headers.get('x-order')).toBe('AC20250618-000042');
    expect(mail.headers.has('bcc')).toBe(false);
    expect(mail.replyTo?.value[0]?.address).toBe('support@acme.example.com');

    // HTML: CSS inlined at compile time, data escaped.
    const html = String(mail.html);
    expect(html).toMatch(/<td[^>]+style="[^"]+"/);
    expect(html).toContain('Tom &amp; &lt;Jerry&gt;');
    expect(html).not.toContain('<Jerry>');
    expect(html).not.toContain('{{');

    // Text: not escaped, links keep URLs, line items as lines.
    const text = mail.text ?? '';
    expect(text).toContain('Tom & <Jerry>');
    expect(text).toContain('[https://acme.example.com/orders/AC20250618-000042]');
    expect(text).toMatch(/额外存储空间 100 GB.*\n?.*¥120\.00/);
    expect(text).not.toMatch(/&amp;|&#\d+;|\{\{/);

    const byName = Object.fromEntries(mail.attachments.map((a) => [a.filename, a]));
    expect(byName['invoice.txt']?.content.toString()).toBe('invoice body');
    expect(byName['logo.png']?.contentId).toBe('<logo@acme>');
    expect(byName['logo.png']?.related).toBe(true);
  });

  it('rejects a header injection from data or options before connecting', async () => {
    const before = server.connections;
    await expect(
      mailer.send('welcome', { name: 'x', items: [] }, { to: 'ada@163.com\r\nBcc: victim@qq.com' }),
    ).rejects.toMatchObject({ code: 'INVALID_ADDRESS' });
    await expect(
      mailer.send(
        'welcome',
        { name: 'x', items: [] },
        { to: 'ada@163.com', headers: { 'X-A': 'b\r\nBcc: v@qq.com' } },
      ),
    ).rejects.toMatchObject({ code: 'INVALID_HEADER' });
    await expect(
      mailer.send(
        'welcome',
        { name: 'x', items: [] },
        { to: 'ada@163.com', attachments: [{ path: '/nope.pdf' }] },
      ),
    ).rejects.toMatchObject({ code: 'ATTACHMENT_NOT_FOUND' });
    expect(server.connections).toBe(before);
  });

  it('folds a subject that data would break across lines', async () => {
    const data = {
      name: 'Ada',
      orderId: 'A1\r\nBcc: victim@qq.com',
      paidAt: 'now',
      paymentMethod: 'card',
      items: [],
      subtotal: '0',
      total: '0',
    };
    await mailer.send('receipt', data, { to: 'ada@163.com' });
    const mail = await simpleParser(server.messages.at(-1)!.raw);
    expect(mail.subject).toBe('Receipt for order A1 Bcc: victim@qq.com');
    expect(mail.bcc).toBeUndefined();
    expect(server.messages.at(-1)!.to).toEqual(['ada@163.com']);
  });
});

describe('QQ sender rule', () => {
  // smtp.qq.com is unreachable here, so reaching the network would fail with CONNECTION instead.
  it('refuses a From other than the login before any connection (SENDER_MISMATCH)', async () => {
    const { preset } = await import('../../src/transports/qq.js');
    const transport = preset('qq', auth);
    const mailer = createMailer({ templates: 'templates', transport, from: 'other@qq.com' });
    await expect(
      mailer.send('welcome', { name: 'Ada', items: [] }, { to: 'ada@163.com' }),
    ).rejects.toMatchObject({
      code: 'SENDER_MISMATCH',
    });
    await mailer.close();
  });
});
