import { randomBytes } from 'node:crypto';
import { type AddressObject, type ParsedMail, simpleParser } from 'mailparser';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { describe, expect, it } from 'vitest';
import { buildMessage, prepareEnvelope } from '../../src/message/compose.js';
import { fastMime, fastPathProblem, type MimeSource } from '../../src/message/fast-mime.js';
import { toMime } from '../../src/message/mime.js';
import { previewScenarios } from '../../src/render/preview.js';
import { createRenderer } from '../../src/render/renderer.js';
import type { Address } from '../../src/types.js';
import { SHIPPED } from '../render/fixtures.js';

// The fast path must parse exactly like nodemailer's composer. Each case builds the message both
// ways and compares what mailparser reads: every header (except the random boundary), addresses,
// subject, date, id, text, HTML, each attachment's bytes, type, name, disposition and cid, and the
// order of MIME parts.

/** nodemailer's composer: the reference. Attachments go in as the Buffers compose() read them from. */
function composerMime(m: MimeSource, keepBcc = false): Promise<Buffer> {
  const node = new MailComposer({
    messageId: m.messageId,
    date: m.date === undefined ? undefined : new Date(m.date),
    from: m.from,
    to: m.to,
    cc: m.cc,
    bcc: m.bcc,
    replyTo: m.replyTo,
    subject: m.subject,
    html: m.html,
    text: m.text,
    headers: m.headers,
    attachments: m.attachments.map((a) => ({
      filename: a.filename,
      contentType: a.contentType,
      cid: a.cid,
      content: Buffer.from(a.content, 'base64'),
    })),
  }).compile();
  if (keepBcc) (node as unknown as { keepBcc: boolean }).keepBcc = true;
  return new Promise((resolve, reject) => node.build((e, out) => (e ? reject(e) : resolve(out))));
}

/** The composer leaves bare LFs for the SMTP client to turn into CRLF; compare what goes on the wire. */
const onTheWire = (raw: Buffer) => Buffer.from(raw.toString('latin1').replace(/\r?\n/g, '\r\n'), 'latin1');

function addresses(a: AddressObject | AddressObject[] | undefined) {
  return [a ?? []].flat().map((o) => o.value);
}

function withoutBoundary(value: unknown): unknown {
  if (value && typeof value === 'object' && 'params' in value) {
    const { boundary: _b, ...params } = (value as { params: Record<string, string> }).params;
    return { ...value, params };
  }
  return value;
}

function view(mail: ParsedMail, raw: Buffer) {
  const source = raw.toString('latin1').replace(/\r\n[ \t]+/g, ' ');
  return {
    headers: [...mail.headers].map(([k, v]) => [k, withoutBoundary(v)]),
    subject: mail.subject,
    from: addresses(mail.from),
    to: addresses(mail.to),
    cc: addresses(mail.cc),
    bcc: addresses(mail.bcc),
    replyTo: addresses(mail.replyTo),
    messageId: mail.messageId,
    date: mail.date?.toISOString(),
    html: mail.html,
    text: mail.text,
    textAsHtml: mail.textAsHtml,
    attachments: mail.attachments.map((a) => ({
      filename: a.filename,
      contentType: a.contentType,
      contentDisposition: a.contentDisposition,
      cid: a.cid,
      related: a.related,
      checksum: a.checksum,
      size: a.size,
      content: a.content.toString('base64'),
      headers: [...a.headers].map(([k, v]) => [k, withoutBoundary(v)]),
    })),
    // The MIME tree, as the sequence of part types.
    parts: [...source.matchAll(/^Content-Type: ([^;\r\n]+)/gim)].map((m) => m[1]?.toLowerCase()),
  };
}

async function expectSameParse(m: MimeSource, keepBcc = false): Promise<Buffer> {
  expect(fastPathProblem(m)).toBeUndefined();
  const fast = fastMime(m, { keepBcc });
  if (!fast) throw new Error('fast path declined');
  const reference = onTheWire(await composerMime(m, keepBcc));
  const [a, b] = await Promise.all([simpleParser(reference), simpleParser(fast)]);
  expect(view(b, fast)).toEqual(view(a, reference));
  // RFC 5322: CRLF line ends only, no line over 998 octets.
  const lines = fast.toString('latin1').split('\r\n');
  expect(lines.filter((l) => l.includes('\n') || l.includes('\r'))).toEqual([]);
  expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(998);
  return fast;
}

const DATE = '2025-06-18T08:30:00.000Z';
const addr = (address: string, name = ''): Address => ({ name, address });
function message(overrides: Partial<MimeSource> = {}): MimeSource {
  return {
    messageId: `<${randomBytes(6).toString('hex')}@acme.example.com>`,
    date: DATE,
    from: addr('noreply@acme.example.com', 'Acme 云服务'),
    to: [addr('ada@163.com', 'Ada')],
    cc: [],
    bcc: [],
    replyTo: [],
    subject: 'Hello',
    html: '<p>Hello</p>',
    text: 'Hello',
    headers: {},
    attachments: [],
    ...overrides,
  };
}
const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64');
const PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

describe('fastMime parses like nodemailer’s composer', () => {
  it.each(['password-reset', 'receipt', 'verify-email', 'welcome'])(
    'shipped template %s, every preview scenario, with an inline logo and a PDF',
    async (name) => {
      const renderer = createRenderer({ dir: SHIPPED, checkInterval: false });
      const compiled = await renderer.get(name);
      const scenarios = Object.entries(previewScenarios(compiled.preview));
      expect(scenarios.length).toBeGreaterThan(0);
      for (const [, data] of scenarios) {
        const { subject, html, text } = compiled.render(data);
        await expectSameParse(message({ subject, html, text }));
        await expectSameParse(
          message({
            subject,
            html,
            text,
            attachments: [
              { filename: 'logo.png', cid: 'logo@acme', content: PNG },
              {
                filename: '发票 2025-06.pdf',
                contentType: 'application/pdf',
                content: b64(randomBytes(3000)),
              },
            ],
          }),
        );
      }
    },
  );

  it.each([
    ['Chinese and emoji', '订单 AC2025 已付款 🎉 · Receipt'],
    ['quotes and commas', 'He said "hi", then left; 50% off = deal?'],
    ['a 10,000-character subject', `${'主题 subject '.repeat(900)}end`],
    ['encoded-word look-alike', '=?UTF-8?Q?not_encoded?= literally'],
    ['leading and double spaces', '  two  spaces'],
  ])('subject: %s', async (_label, subject) => {
    await expectSameParse(message({ subject }));
  });

  it('display names with quotes, commas, Chinese and an IDN domain; cc, reply-to, many recipients', async () => {
    await expectSameParse(
      message({
        from: addr('noreply@acme.example.com', 'Acme "Cloud", Inc.'),
        to: [
          addr('li@例子.中国', '李雷, 技术部'),
          addr('o@163.com', 'O\'Brien "Bob" \\ back'),
          ...Array.from({ length: 300 }, (_, i) => addr(`user${i}@126.com`, i % 2 ? `用户 ${i}` : '')),
        ],
        cc: [addr('cc@qq.com', 'Ça va ?')],
        replyTo: [addr('support@acme.example.com', '客服 Support')],
      }),
    );
  });

  it('bcc is left out, or kept when asked (outbox)', async () => {
    const m = message({ bcc: [addr('audit@qq.com', '审计')] });
    const dropped = await expectSameParse(m);
    expect(dropped.toString()).not.toMatch(/^Bcc:/im);
    const kept = await expectSameParse(m, true);
    expect(kept.toString()).toMatch(/^Bcc:/im);
  });

  it('custom headers, long and non-ASCII values', async () => {
    await expectSameParse(
      message({
        headers: {
          'X-Order': 'AC20250618-000042',
          'x-campaign': '春季 促销 spring',
          'List-Unsubscribe': `<https://acme.example.com/u?${'t'.repeat(300)}>, <mailto:u@acme.example.com>`,
        },
      }),
    );
  });

  it.each([
    ['plain ASCII, short lines (7bit)', 'Hello Ada,\n\nyour code is 123456.\n'],
    ['ASCII with a 5,000-character line', `start ${'x'.repeat(5000)} end\nnext`],
    ['ASCII with long words and spaces', Array.from({ length: 200 }, (_, i) => `word${i}`).join(' ')],
    ['mostly Chinese (base64)', '你好，世界。这是一封中文邮件。\n'.repeat(80)],
    ['mixed, = and dots and "From "', 'a=b\n.\n..leading dots\nFrom here\n=?x?= =3D\n€ 5'],
    ['trailing spaces and tabs', 'line with space \nline with tab\t\n \n\t'],
    ['control characters', 'bell \u0007 here\u000b and NUL \u0000 too'],
    ['long Chinese line', '长'.repeat(3000)],
    ['emoji', '👍🏽 family 👨‍👩‍👧‍👦 flags 🇨🇳 '.repeat(40)],
    ['only newlines', '\n\n\n'],
  ])('body: %s', async (_label, body) => {
    await expectSameParse(message({ text: body, html: `<pre>${body}</pre>` }));
    await expectSameParse(message({ text: body, html: '' }));
    await expectSameParse(message({ text: '', html: body }));
  });

  it('attachments: unicode and long names, no name, binary, inline images, a cid on a non-image', async () => {
    await expectSameParse(
      message({
        attachments: [
          { filename: 'report.csv', content: b64('a,b\n1,2\n') },
          { filename: `${'很长的文件名'.repeat(20)}.txt`, content: b64('long name') },
          { content: b64(randomBytes(100)) },
          { contentType: 'text/calendar', content: b64('BEGIN:VCALENDAR\nEND:VCALENDAR') },
          { filename: 'a "quoted"; name.bin', content: b64(randomBytes(5000)) },
          { filename: 'logo.png', cid: 'logo@acme', content: PNG },
          { filename: 'banner.gif', contentType: 'image/gif', cid: '<banner>', content: b64('GIF89a') },
          { filename: 'terms.pdf', cid: 'terms', content: b64('%PDF-1.4') },
          { filename: 'empty.txt', content: '' },
        ],
      }),
    );
  });

  it('shapes: html only with an inline image, text only with attachments, one attachment', async () => {
    const logo = { filename: 'logo.png', cid: 'logo', content: PNG };
    const file = { filename: 'a.txt', content: b64('a') };
    await expectSameParse(message({ text: '', attachments: [logo] }));
    await expectSameParse(message({ text: '', attachments: [logo, file] }));
    await expectSameParse(message({ html: '', attachments: [logo, file] }));
    await expectSameParse(message({ html: '', attachments: [file] }));
    await expectSameParse(message({ attachments: [file] }));
  });

  it('random messages (seeded property test)', async () => {
    const rand = mulberry32(20250618);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
    const pieces = [
      'Hello',
      '你好',
      ' ',
      '\n',
      '\n\n',
      '=',
      '.',
      '\t',
      '€',
      '😀',
      'a'.repeat(90),
      '长'.repeat(40),
      '<td style="padding:0 24px;font-family:Helvetica,Arial,sans-serif">',
      '"quoted", ',
      '\u00a0',
      'From ',
    ];
    const text = () => Array.from({ length: Math.floor(rand() * 60) }, () => pick(pieces)).join('');
    for (let i = 0; i < 150; i++) {
      const attachments = Array.from({ length: Math.floor(rand() * 3) }, (_, k) => ({
        filename: pick(['x.bin', 'photo.png', '文件.txt', undefined]),
        cid: rand() < 0.4 ? `c${k}` : undefined,
        content: b64(randomBytes(Math.floor(rand() * 400))),
      }));
      const m = message({
        subject: text().replace(/\s+/g, ' ').trim() || 'x',
        to: [addr(`r${i}@163.com`, pick(['', '李雷', 'A, B', '"Q"']))],
        text: rand() < 0.85 ? text() : '',
        html: rand() < 0.85 ? `<p>${text()}</p>` : '',
        attachments,
      });
      if (!m.text && !m.html) m.text = 'x';
      await expectSameParse(m);
    }
  });
});

describe('fastMime falls back to the composer', () => {
  it.each([
    ['no body at all', { text: '', html: '' }, /no text or HTML/],
    ['a CR in the body', { text: 'a\r\nb' }, /CR/],
    [
      'a message/rfc822 attachment',
      { attachments: [{ contentType: 'message/rfc822', content: b64('Subject: x\r\n\r\nhi') }] },
      /message/,
    ],
    [
      'attachment content with line breaks',
      { attachments: [{ filename: 'a.bin', content: 'QUJD\r\nREVG' }] },
      /base64/,
    ],
    ['a header the message sets itself', { headers: { 'Content-Type': 'text/plain' } }, /Content-Type/],
  ] as const)('%s', (_label, overrides, reason) => {
    const m = message(overrides as Partial<MimeSource>);
    expect(fastPathProblem(m)).toMatch(reason);
    expect(fastMime(m)).toBeUndefined();
  });
});

describe('toMime', () => {
  it('takes the fast path for a composed message and the composer for the rest; both parse the same', async () => {
    const envelope = await prepareEnvelope('"Acme 商城" <10001@qq.com>', {
      to: '张三 <zhang@163.com>',
      attachments: [{ filename: 'logo.png', cid: 'logo', content: Buffer.from(PNG, 'base64') }],
    });
    const composed = buildMessage(envelope, {
      subject: '你好',
      html: '<p>Hi <img src="cid:logo"></p>',
      text: 'line 1\nline 2',
    });
    // The composer leaves the text's bare LF for the SMTP client to fix; the fast path writes CRLF only.
    const fast = await toMime(composed);
    expect(fast.toString()).not.toMatch(/[^\r]\n/);
    await expectSameParse(composed);
    const fallback = await toMime({ ...composed, text: 'line 1\r\nline 2' });
    const parsed = await simpleParser(fallback);
    expect(parsed.text).toBe('line 1\nline 2');
    expect(parsed.attachments[0]?.cid).toBe('logo');
  });
});

describe('fastMime boundaries', () => {
  it('are random per message, so data can not close a part', async () => {
    const m = message({ attachments: [{ filename: 'a.txt', content: b64('a') }] });
    const boundary = (raw: Buffer) => /boundary="([^"]+)"/.exec(raw.toString())?.[1];
    const first = boundary(fastMime(m) as Buffer);
    const second = boundary(fastMime(m) as Buffer);
    expect(first).toBeTruthy();
    expect(first).not.toBe(second);
    // A body that contains the previous message's boundary still parses to one text part.
    const raw = await expectSameParse(message({ text: `--${first}\n--${first}--` }));
    expect(raw.toString()).not.toContain(`boundary="${first}"`);
  });
});

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
