import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { buildMessage, prepareEnvelope } from '../../src/message/compose.js';
import { toMime } from '../../src/message/mime.js';

async function composed() {
  const envelope = await prepareEnvelope('"Acme 商城" <10001@qq.com>', {
    to: '张三 <zhang@163.com>',
    bcc: 'audit@qq.com',
    headers: { 'X-Campaign': 'spring' },
    attachments: [
      { filename: '报告.txt', content: 'ü report' },
      {
        filename: 'logo.png',
        cid: 'logo',
        content: Buffer.from([137, 80, 78, 71]),
        contentType: 'image/png',
      },
    ],
  });
  return buildMessage(envelope, { subject: '你好 Ada', html: '<p>Hi <img src="cid:logo"></p>', text: 'Hi' });
}

describe('toMime', () => {
  it('builds a message that parses back to the same parts, headers and attachments', async () => {
    const message = await composed();
    // From JSON, as a queue would hand it over.
    const parsed = await simpleParser(await toMime(JSON.parse(JSON.stringify(message))));
    expect(parsed.messageId).toBe(message.messageId);
    expect(parsed.subject).toBe('你好 Ada');
    expect(parsed.from?.value[0]).toMatchObject({ name: 'Acme 商城', address: '10001@qq.com' });
    expect(parsed.text?.trim()).toBe('Hi');
    expect(parsed.html).toContain('<p>Hi <img');
    expect(parsed.headers.get('x-campaign')).toBe('spring');
    expect(parsed.attachments.map((a) => [a.filename, a.content.toString('hex')]).sort()).toEqual([
      ['logo.png', '89504e47'],
      ['报告.txt', Buffer.from('ü report').toString('hex')],
    ]);
    expect(parsed.attachments.find((a) => a.filename === 'logo.png')?.cid).toBe('logo');
    expect(parsed.headers.has('bcc')).toBe(false);
  });

  it('keeps Bcc only when asked (a local outbox shows it)', async () => {
    const parsed = await simpleParser(await toMime(await composed(), { keepBcc: true }));
    expect(parsed.bcc).toMatchObject({ value: [{ address: 'audit@qq.com' }] });
  });
});
