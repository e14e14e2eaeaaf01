import { describe, expect, it } from 'vitest';
import { checkHeaders } from '../../src/message/headers.js';

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
