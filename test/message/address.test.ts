import { describe, expect, it } from 'vitest';
import { parseAddresses } from '../../src/message/address.js';

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

  it.each([
    [
      'zs＠qq.com',
      'Invalid "to" address "zs＠qq.com": contains a full-width "＠" (U+FF20), typed by an input method in Chinese mode',
      'use ASCII: zs@qq.com',
    ],
    [
      '张三 <zs@qq。com>',
      'Invalid "to" address "张三 <zs@qq。com>": contains a Chinese full stop "。" (U+3002), typed by an input method in Chinese mode',
      'use ASCII: 张三 <zs@qq.com>',
    ],
    [
      'zhangsan@qq',
      'Invalid "to" address "zhangsan@qq": the domain "qq" has no dot (mail cannot be delivered to it)',
      'write the whole domain: zhangsan@qq.com',
    ],
  ])('says what to fix in %s (INVALID_ADDRESS with a hint naming it)', (value, message, hint) => {
    let error: (Error & { code?: string; hint?: string }) | undefined;
    try {
      parseAddresses('to', value);
    } catch (e) {
      error = e as Error;
    }
    expect(error?.code).toBe('INVALID_ADDRESS');
    expect(error?.message.split('\n')[0]).toBe(message);
    expect(error?.hint).toBe(hint);
  });

  it('gives the same answer for a string seen before, as copies the caller may change', () => {
    const first = parseAddresses('to', '"Ada 李" <ada@163.com>, bob@qq.com');
    first[0]!.name = 'changed';
    first.push({ name: '', address: 'extra@qq.com' });
    expect(parseAddresses('to', '"Ada 李" <ada@163.com>, bob@qq.com')).toEqual([
      { name: 'Ada 李', address: 'ada@163.com' },
      { name: '', address: 'bob@qq.com' },
    ]);
    // A bad string is refused every time, never remembered.
    for (let i = 0; i < 2; i++) {
      expect(() => parseAddresses('to', 'ada@exa mple.com')).toThrow(/unexpected text/);
    }
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
