import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildMessage, checkHeaders, parseAddresses, prepareEnvelope } from '../src/message.js';

describe('parseAddresses', () => {
  it('parses plain, named, quoted and unicode mailboxes', () => {
    expect(
      parseAddresses('to', ['ada@163.com', '"Acme" <10001@qq.com>', '张三 <zhang@foxmail.com>']),
    ).toEqual([
      { name: '', address: 'ada@163.com' },
      { name: 'Acme', address: '10001@qq.com' },
      { name: '张三', address: 'zhang@foxmail.com' },
    ]);
  });

  it('accepts comma-separated lists and local hosts', () => {
    expect(parseAddresses('cc', 'a@qq.com, b@localhost').map((a) => a.address)).toEqual([
      'a@qq.com',
      'b@localhost',
    ]);
  });

  it.each([
    ['no at sign', 'ada.163.com', /expected local@domain|no address/],
    ['empty domain', 'ada@', /expected local@domain/],
    ['bad domain', 'ada@exa mple.com', /not a valid|expected/],
    ['double dot', 'a..b@qq.com', /not a valid mailbox/],
    ['a NUL byte', 'a\u0000b@qq.com', /control character/],
    ['an escape character', 'Ada\u001b <ada@qq.com>', /control character/],
  ])('rejects %s with INVALID_ADDRESS', (_label, value, reason) => {
    try {
      parseAddresses('to', value);
      expect.unreachable('should have thrown');
    } catch (error) {
      expect(error).toMatchObject({ code: 'INVALID_ADDRESS', field: 'to' });
      expect((error as Error).message).toMatch(reason);
    }
  });

  it('rejects CR/LF so no data can add a header', () => {
    expect(() => parseAddresses('to', 'ada@163.com\r\nBcc: evil@example.com')).toThrow(
      expect.objectContaining({ code: 'INVALID_ADDRESS', message: expect.stringMatching(/line break/) }),
    );
  });
});

describe('checkHeaders', () => {
  it('passes token names with single-line values', () => {
    expect(checkHeaders({ 'X-Campaign': 'spring', 'List-Unsubscribe': '<https://a.cn/u>' })).toEqual({
      'X-Campaign': 'spring',
      'List-Unsubscribe': '<https://a.cn/u>',
    });
  });

  it.each([
    [{ 'X-Bad\nName': 'v' }, /not a header token/],
    [{ 'X-Ok': 'v\r\nBcc: evil@example.com' }, /line break/],
    [{ Subject: 'spoof' }, /set by mailsmith/],
    [{ Bcc: 'x@y.cn' }, /set by mailsmith/],
    ['X-Campaign: spring', /expected an object/],
    [[['X-Campaign', 'spring']], /expected an object/],
  ])('rejects %o with INVALID_HEADER', (headers, reason) => {
    expect(() => checkHeaders(headers as Record<string, string>)).toThrow(
      expect.objectContaining({ code: 'INVALID_HEADER', message: expect.stringMatching(reason) }),
    );
  });
});

describe('prepareEnvelope', () => {
  it('needs at least one recipient', async () => {
    await expect(prepareEnvelope('a@qq.com', {})).rejects.toMatchObject({
      code: 'INVALID_ADDRESS',
      field: 'to',
    });
  });

  it('needs exactly one sender', async () => {
    await expect(prepareEnvelope('a@qq.com, b@qq.com', { to: 'c@163.com' })).rejects.toMatchObject({
      code: 'INVALID_ADDRESS',
      field: 'from',
    });
  });

  it('rejects a missing attachment path before anything connects', async () => {
    await expect(
      prepareEnvelope('a@qq.com', { to: 'c@163.com', attachments: [{ path: '/nonexistent/invoice.pdf' }] }),
    ).rejects.toMatchObject({ code: 'ATTACHMENT_NOT_FOUND', path: '/nonexistent/invoice.pdf' });
  });

  it.each([
    ['a directory', [{ path: tmpdir() }], /is not a file/],
    ['a non-array', { path: 'a.pdf' }, /must be an array/],
    ['a null entry', [null], /is null, not an object/],
    ['a number as content', [{ filename: 'n.bin', content: 42 }], /n\.bin has content of type number/],
    ['an object as content', [{ filename: 'o.bin', content: { a: 1 } }], /content of type object/],
  ])('rejects %s with ATTACHMENT_NOT_FOUND saying what is wrong', async (_label, attachments, reason) => {
    await expect(
      prepareEnvelope('a@qq.com', { to: 'c@163.com', attachments: attachments as never }),
    ).rejects.toMatchObject({ code: 'ATTACHMENT_NOT_FOUND', message: expect.stringMatching(reason) });
  });

  it.each([
    ['cid', 'Content-ID'],
    ['contentType', 'Content-Type'],
    ['filename', 'Content-Disposition'],
  ])('rejects CR/LF in an attachment %s with INVALID_HEADER', async (field, header) => {
    const attachment = { filename: 'logo.png', content: 'x', [field]: 'logo\r\nBcc: evil@example.com' };
    await expect(
      prepareEnvelope('a@qq.com', { to: 'c@163.com', attachments: [attachment] }),
    ).rejects.toMatchObject({ code: 'INVALID_HEADER', header });
  });

  it('accepts existing files and in-memory content', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mailsmith-'));
    await writeFile(join(dir, 'a.txt'), 'hi');
    const env = await prepareEnvelope('a@qq.com', {
      to: 'c@163.com',
      attachments: [{ path: join(dir, 'a.txt') }, { filename: 'b.txt', content: 'b' }],
    });
    expect(env.attachments).toHaveLength(2);
  });
});

describe('buildMessage', () => {
  it('folds newlines in the subject and builds the envelope from to, cc and bcc', async () => {
    const env = await prepareEnvelope('"Acme" <10001@qq.com>', {
      to: 'a@163.com',
      cc: 'b@126.com',
      bcc: 'c@qq.com',
    });
    const msg = buildMessage(env, { subject: 'Hello\r\n  Ada\nBcc: x@y.cn', html: '<p>x</p>', text: 'x' });
    expect(msg.subject).toBe('Hello Ada Bcc: x@y.cn');
    expect(msg.envelope).toEqual({ from: '10001@qq.com', to: ['a@163.com', 'b@126.com', 'c@qq.com'] });
    expect(msg.messageId).toMatch(/^<[0-9a-f-]{36}@qq\.com>$/);
  });
});
