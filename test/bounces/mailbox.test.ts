import { createBounceReader, redactMailbox, resolveMailbox } from 'mailsmith/bounces';
import { describe, expect, it } from 'vitest';
import { missing } from '../../src/bounces/peers.js';

describe('mailbox URLs', () => {
  it('reads QQ-style URLs with a percent-encoded login, default ports per scheme, and an IMAP folder', () => {
    expect(resolveMailbox('imaps://10001%40qq.com:abcd%2Fefgh@imap.qq.com')).toEqual({
      protocol: 'imap',
      host: 'imap.qq.com',
      port: 993,
      secure: true,
      user: '10001@qq.com',
      pass: 'abcd/efgh',
      folder: 'INBOX',
    });
    expect(resolveMailbox('pop3s://u%40163.com:p@pop.163.com')).toMatchObject({
      protocol: 'pop3',
      port: 995,
      secure: true,
    });
    expect(resolveMailbox('pop3://u:p@127.0.0.1')).toMatchObject({ port: 110, secure: false });
    expect(resolveMailbox('imap://u:p@127.0.0.1:1143/Bounces%20Box')).toMatchObject({
      port: 1143,
      folder: 'Bounces Box',
    });
  });

  it('bad URLs are CONFIG errors with a hint, and never show the password', () => {
    for (const url of ['https://u:topsecret@host', 'imaps://host-without-user', 'imaps://u:topsecret@']) {
      let error: unknown;
      try {
        resolveMailbox(url);
      } catch (e) {
        error = e;
      }
      expect(error, url).toMatchObject({ code: 'CONFIG', hint: expect.any(String) });
      expect(String((error as Error).message)).not.toContain('topsecret');
      // Nor anything it carries (URL's own TypeError keeps the whole input).
      expect(JSON.stringify(error, Object.getOwnPropertyNames(error))).not.toContain('topsecret');
      expect((error as Error).cause).toBeUndefined();
    }
  });

  it('the reader shows its mailbox without the password', () => {
    const reader = createBounceReader({
      mailbox: 'imaps://10001%40qq.com:sixteen-char-code@imap.qq.com:993',
    });
    expect(reader.mailbox).toBe('imaps://10001%40qq.com:****@imap.qq.com:993');
    expect(redactMailbox('pop3s://a:b-secret@pop.qq.com:995')).toBe('pop3s://a:****@pop.qq.com:995');
  });
});

describe('optional peers', () => {
  it('a missing package becomes CONFIG naming what to install; other load errors pass through', () => {
    const notFound = Object.assign(new Error("Cannot find package 'imapflow'"), {
      code: 'ERR_MODULE_NOT_FOUND',
    });
    expect(() => missing('imapflow', notFound, 'to read bounces over IMAP')).toThrow(
      expect.objectContaining({
        code: 'CONFIG',
        hint: 'npm install imapflow',
        message: expect.stringContaining('"imapflow" package to read bounces over IMAP'),
      }),
    );
    const broken = new SyntaxError('Unexpected token');
    expect(() => missing('mailparser', broken, 'to parse')).toThrow(broken);
  });
});
