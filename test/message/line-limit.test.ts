import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { fastMime } from '../../src/message/fast-mime.js';
import { toMime } from '../../src/message/mime.js';
import type { ComposedMessage } from '../../src/types.js';

const PDF = Buffer.from('%PDF-1.4 x').toString('base64');

function message(overrides: Partial<ComposedMessage> = {}): ComposedMessage {
  return {
    messageId: '<long@x.test>',
    from: { name: 'Sender', address: 'a@x.test' },
    to: [{ name: 'Ada', address: 'b@x.test' }],
    cc: [],
    bcc: [],
    replyTo: [],
    subject: 'Hello',
    html: '<p>Hi</p>',
    text: 'Hi',
    headers: {},
    attachments: [],
    envelope: { from: 'a@x.test', to: ['b@x.test'] },
    ...overrides,
  } as ComposedMessage;
}

/** Lines of the raw message longer than RFC 5322's 998 characters (CRLF excluded). */
const overlong = (raw: Buffer) =>
  raw
    .toString('latin1')
    .split('\r\n')
    .filter((line) => line.length > 998)
    .map((line) => `${line.slice(0, 30)}… (${line.length})`);

describe('toMime: no line over 998 characters, whatever the header values', () => {
  const long = message({
    subject: `${'S'.repeat(3000)} and ü`,
    from: { name: 'N'.repeat(1500), address: 'a@x.test' },
    to: [
      { name: 'Ü'.repeat(600), address: 'b@x.test' },
      { name: `Grace ${'H'.repeat(1200)}`, address: 'c@x.test' },
    ],
    cc: [{ name: 'C'.repeat(1100), address: 'd@x.test' }],
    replyTo: [{ name: 'R'.repeat(1100), address: 'e@x.test' }],
    attachments: [
      { filename: `${'f'.repeat(2000)}.pdf`, contentType: 'application/pdf', content: PDF },
      { filename: `${'g'.repeat(1200)} ü.pdf`, contentType: 'application/pdf', content: PDF },
    ],
  });

  it('folds or encodes a 3,000-character subject, long display names and attachment file names', async () => {
    const raw = await toMime(long);
    expect(overlong(raw)).toEqual([]);
  });

  it('keeps every value intact for a reader', async () => {
    const parsed = await simpleParser(await toMime(long));
    expect(parsed.subject).toBe(long.subject);
    expect(parsed.from?.value).toEqual([{ name: long.from.name, address: 'a@x.test' }]);
    const names = (field: typeof parsed.to) =>
      (Array.isArray(field) ? field : [field]).flatMap((f) => f?.value ?? []);
    expect(names(parsed.to)).toEqual(long.to.map(({ name, address }) => ({ name, address })));
    expect(names(parsed.cc)).toEqual([{ name: 'C'.repeat(1100), address: 'd@x.test' }]);
    expect(names(parsed.replyTo)).toEqual([{ name: 'R'.repeat(1100), address: 'e@x.test' }]);
    expect(parsed.attachments.map((a) => a.filename)).toEqual(long.attachments.map((a) => a.filename));
  });

  it('leaves ordinary messages byte-for-byte as nodemailer writes them (no encoding when not needed)', async () => {
    const raw = (await toMime(message({ subject: 'A normal subject, with words' }))).toString('latin1');
    expect(raw).toContain('Subject: A normal subject, with words\r\n');
    expect(raw).toContain('From: Sender <a@x.test>\r\n');
  });

  it('the fast MIME path hands such messages to the composer instead of writing long lines', () => {
    expect(fastMime(long)).toBeUndefined();
    expect(fastMime(message())).toBeInstanceOf(Buffer);
  });
});
