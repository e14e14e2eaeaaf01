import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InvalidAttachmentError } from '../../src/errors/index.js';
import { buildMessage, messageIdFor, prepareEnvelope } from '../../src/message/compose.js';

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

  it('rejects a directory given as attachment path with ATTACHMENT_NOT_FOUND', async () => {
    await expect(
      prepareEnvelope('a@qq.com', { to: 'c@163.com', attachments: [{ path: tmpdir() }] }),
    ).rejects.toMatchObject({
      code: 'ATTACHMENT_NOT_FOUND',
      path: tmpdir(),
      message: expect.stringMatching(/is not a file/),
    });
  });

  it.each([
    ['a non-array', { path: 'a.pdf' }, 'list', /must be an array/],
    ['a null entry', [null], '#1', /is null, not an object/],
    ['an empty path', [{ path: '' }], '#1', /path that is not a file name/],
    ['neither path nor content', [{ filename: 'e.bin' }], 'e.bin', /neither a path nor any content/],
    [
      'a number as content',
      [{ filename: 'n.bin', content: 42 }],
      'n.bin',
      /n\.bin has content of type number/,
    ],
    ['an object as content', [{ filename: 'o.bin', content: { a: 1 } }], 'o.bin', /content of type object/],
  ])(
    'rejects %s with INVALID_ATTACHMENT saying what is wrong',
    async (_label, attachments, which, reason) => {
      const error = await prepareEnvelope('a@qq.com', {
        to: 'c@163.com',
        attachments: attachments as never,
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidAttachmentError);
      expect(error).toMatchObject({
        code: 'INVALID_ATTACHMENT',
        attachment: which,
        message: expect.stringMatching(reason),
      });
      expect((error as InvalidAttachmentError).hint).toMatch(/Buffer, string or readable stream/);
    },
  );

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

describe('messageIdFor', () => {
  it('derives the same Message-ID from the same key and sender, a different one otherwise', () => {
    const a = messageIdFor('10001@qq.com', 'order-42');
    expect(a).toMatch(/^<[0-9a-f]{32}\.idem@qq\.com>$/);
    expect(messageIdFor('10001@qq.com', 'order-42')).toBe(a);
    expect(messageIdFor('10001@qq.com', 'order-43')).not.toBe(a);
    expect(messageIdFor('10002@qq.com', 'order-42')).not.toBe(a);
    expect(messageIdFor('10001@qq.com')).not.toBe(messageIdFor('10001@qq.com'));
  });
});
