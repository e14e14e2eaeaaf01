import { readFileSync } from 'node:fs';
import { mayBeBounce, parseBounce } from 'mailsmith/bounces';
import { describe, expect, it } from 'vitest';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/bounces/${name}`, import.meta.url));

// Real-format notices, one per MTA family. postfix.eml was produced by the CI Postfix (.ci/postfix-dovecot.sh)
// for a send to the bouncing domain; the others follow the formats those systems send.
describe('parseBounce: RFC 3464 reports', () => {
  it('Postfix: recipient, status, diagnostic, and the original Message-ID and template', async () => {
    expect(await parseBounce(fixture('postfix.eml'))).toEqual([
      {
        recipient: 'nobody@bounce.test',
        kind: 'hard',
        status: '5.1.1',
        diagnostic: expect.stringMatching(
          /^smtp; 550 5\.1\.1 <nobody@bounce\.test>: Recipient address rejected/,
        ),
        messageId: '<9dae0ab6-f9e2-8d44-c2ae-168227296c43@localhost>',
        template: 'welcome',
        at: new Date('2026-11-30T16:53:04Z'),
      },
    ]);
  });

  it('Exchange: status 5.1.10 from the report, original from text/rfc822-headers', async () => {
    const [b, ...rest] = await parseBounce(fixture('exchange.eml'));
    expect(rest).toEqual([]);
    expect(b).toMatchObject({
      recipient: 'jdoe@contoso.example',
      kind: 'hard',
      status: '5.1.10',
      messageId: '<7c2e9d10-exchange@acme.example>',
      template: 'invoice',
    });
    expect(b?.diagnostic).toContain('RESOLVER.ADR.RecipientNotFound');
  });

  it('Gmail: a failed and a delayed recipient (mailbox full is soft); the delivered one is not a bounce', async () => {
    const bounces = await parseBounce(fixture('gmail.eml'));
    expect(bounces.map((b) => [b.recipient, b.kind, b.status])).toEqual([
      ['nobody.here@gmail.com', 'hard', '5.1.1'],
      ['full.box@gmail.com', 'soft', '4.2.2'],
    ]);
    expect(bounces[0]?.diagnostic).toContain('does not exist. Please try double-checking');
    expect(bounces[0]?.at).toEqual(new Date('2026-11-05T10:03:04Z'));
    expect(
      bounces.every((b) => b.template === 'welcome' && b.messageId === '<0a1b2c3d-gmail@acme.example>'),
    ).toBe(true);
  });
});

describe('parseBounce: non-standard notices', () => {
  it('Exim (plain text, X-Failed-Recipients) with the copy of the message', async () => {
    expect(await parseBounce(fixture('exim.eml'))).toEqual([
      {
        recipient: 'gone@exim.example',
        kind: 'hard',
        status: '5.1.1',
        diagnostic: expect.stringContaining('550 5.1.1 <gone@exim.example>: Recipient address rejected'),
        messageId: '<4f1c2a9e-exim@acme.example>',
        template: 'password-reset',
        at: new Date('2026-11-03T09:12:44Z'),
      },
    ]);
  });

  it('qmail (QSBMF): one bounce per recipient paragraph, status from (#5.1.1) or the remote reply', async () => {
    const bounces = await parseBounce(fixture('qmail.eml'));
    expect(bounces.map((b) => [b.recipient, b.kind, b.status, b.template])).toEqual([
      ['ghost@qmail.example', 'hard', '5.1.1', 'digest'],
      ['old@remote.example', 'hard', '5.1.1', 'digest'],
    ]);
    expect(bounces[0]?.diagnostic).toBe('Sorry, no mailbox here by that name. (#5.1.1)');
    expect(bounces[1]?.diagnostic).toContain('Remote host said: 550 5.1.1');
  });

  it('QQ Mail: HTML-only Chinese notice in UTF-8, status from "550 Mailbox not found."', async () => {
    const [b, ...rest] = await parseBounce(fixture('qq-utf8.eml'));
    expect(rest).toEqual([]);
    expect(b).toMatchObject({
      recipient: 'typo.user@qq.com',
      kind: 'hard',
      status: '5.1.1',
      messageId: '<5b6c7d8e-qq@qq.com>',
    });
    // The sender's own address in the notice (发件人 10001@qq.com) is never taken for the failed recipient.
    expect(b?.diagnostic).toContain('550 Mailbox not found.');
    expect(b?.diagnostic).toContain('不存在');
  });

  it('NetEase 163/126: Chinese notice in GBK, decoded; template from the quoted original', async () => {
    expect(await parseBounce(fixture('netease-gbk.eml'))).toEqual([
      {
        recipient: 'no-such-user@163.com',
        kind: 'hard',
        status: '5.1.1',
        diagnostic: '对方服务器返回：550 User not found: no-such-user@163.com',
        messageId: '<1c2d3e4f-163@126.com>',
        template: 'order-confirmation',
        at: new Date('2026-11-08T06:05:12Z'),
      },
    ]);
  });

  it('NetEase in UTF-8 (quoted-printable): a full mailbox is a soft bounce', async () => {
    const [b] = await parseBounce(fixture('netease-utf8.eml'));
    expect(b).toMatchObject({ recipient: 'full-box@163.com', kind: 'soft', status: '4.2.2' });
    expect(b?.diagnostic).toContain('邮箱空间已满');
  });
});

describe('parseBounce: mail that is not a bounce', () => {
  it.each([
    ['an out-of-office reply (Auto-Submitted: auto-replied, like a DSN)', 'ooo-en.eml'],
    ['a Chinese auto-reply in GBK (自动回复)', 'ooo-zh-gbk.eml'],
    ['a read receipt (multipart/report, disposition-notification)', 'read-receipt.eml'],
  ])('%s', async (_label, file) => {
    expect(await parseBounce(fixture(file))).toEqual([]);
  });

  it('an ordinary message, even one that mentions a failed delivery', async () => {
    const raw = [
      'From: Ada <ada@163.com>',
      'To: app@acme.example',
      'Subject: my mail could not be delivered?',
      'Auto-Submitted: auto-replied',
      '',
      'Hi, I think 550 5.1.1 no such user happened to my friend bob@163.com.',
      '',
    ].join('\r\n');
    expect(await parseBounce(raw)).toEqual([]);
  });
});

describe('mayBeBounce (header check before download)', () => {
  it('lets every bounce in the corpus through and keeps ordinary mail out', () => {
    const headers = (name: string) =>
      fixture(name)
        .toString('latin1')
        .split(/\r?\n\r?\n/)[0] ?? '';
    for (const name of [
      'postfix.eml',
      'exchange.eml',
      'gmail.eml',
      'exim.eml',
      'qmail.eml',
      'qq-utf8.eml',
      'netease-gbk.eml',
      'netease-utf8.eml',
    ]) {
      expect(mayBeBounce(headers(name)), name).toBe(true);
    }
    expect(mayBeBounce(headers('ooo-en.eml'))).toBe(false);
    expect(mayBeBounce(headers('ooo-zh-gbk.eml'))).toBe(false);
    expect(mayBeBounce('From: Ada <ada@163.com>\r\nSubject: hello\r\n\r\n')).toBe(false);
  });
});
