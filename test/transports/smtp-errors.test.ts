import { describe, expect, it } from 'vitest';
import { isMailerError } from '../../src/errors/MailerError.js';
import { SenderMismatchError } from '../../src/errors/SenderMismatchError.js';
import { TransportError } from '../../src/errors/TransportError.js';
import { classifySmtpError, scrubSecrets } from '../../src/transports/smtp-errors.js';
import { REPLIES } from '../fixtures/replies.js';

type Command = 'CONN' | 'AUTH PLAIN' | 'MAIL FROM' | 'RCPT TO' | 'DATA';

/** An error shaped exactly as nodemailer's SMTPConnection._formatError builds it for a reply to `command`. */
function nodemailerError(command: Command, response: string) {
  const shape = {
    CONN: ['EPROTOCOL', 'Invalid greeting. response='],
    'AUTH PLAIN': ['EAUTH', 'Invalid login: '],
    'MAIL FROM': ['EENVELOPE', 'Mail command failed: '],
    'RCPT TO': ['EENVELOPE', "Can't send mail - all recipients were rejected: "],
    DATA: ['EMESSAGE', 'Message failed: '],
  }[command];
  const code = /^(\d{3})/.exec(response);
  return Object.assign(new Error(`${shape[1]}${response}`), {
    code: shape[0],
    command,
    response,
    responseCode: code ? Number(code[1]) : undefined,
  });
}

const cases: [keyof typeof REPLIES, Command, string, boolean][] = [
  ['qqAuthModern', 'AUTH PLAIN', 'AUTH_FAILED', false],
  ['qqAuthGbkDecoded', 'AUTH PLAIN', 'AUTH_FAILED', false],
  ['qqAuthMojibakeSeen', 'AUTH PLAIN', 'AUTH_FAILED', false],
  ['qqAuthMojibakeUtf8Seen', 'AUTH PLAIN', 'AUTH_FAILED', false],
  ['qqAuthMojibakeLatin1', 'AUTH PLAIN', 'AUTH_FAILED', false],
  ['exmailAuthBusy', 'AUTH PLAIN', 'AUTH_FAILED', false],
  ['neteaseAuth', 'AUTH PLAIN', 'AUTH_FAILED', false],
  ['qqSenderMismatch', 'MAIL FROM', 'SENDER_MISMATCH', false],
  ['qqSenderMismatchCapitalised', 'MAIL FROM', 'SENDER_MISMATCH', false],
  ['neteaseSenderMismatch', 'MAIL FROM', 'SENDER_MISMATCH', false],
  ['neteaseLocalUserOnly', 'MAIL FROM', 'SENDER_MISMATCH', false],
  ['qqInvalidInput', 'MAIL FROM', 'TRANSPORT', false],
  ['qqFromHeader', 'DATA', 'CONTENT_REJECTED', false],
  ['qqInappropriate', 'DATA', 'CONTENT_REJECTED', false],
  ['qqConnectionFrequency', 'CONN', 'RATE_LIMITED', true],
  ['qqIpFrequency', 'RCPT TO', 'RATE_LIMITED', true],
  ['qqSenderFrequency', 'MAIL FROM', 'RATE_LIMITED', true],
  ['qqDomainFrequency', 'RCPT TO', 'RATE_LIMITED', true],
  ['qqMailboxThrottled', 'RCPT TO', 'RATE_LIMITED', true],
  ['qqMailboxNotFound', 'RCPT TO', 'RECIPIENT_REJECTED', false],
  ['qqContentDenied', 'DATA', 'CONTENT_REJECTED', false],
  ['qqContentRejected', 'DATA', 'CONTENT_REJECTED', false],
  ['qqSuspectedSpam', 'MAIL FROM', 'TRANSPORT', false],
  ['qqDmarc', 'MAIL FROM', 'TRANSPORT', false],
  ['qqSpf', 'MAIL FROM', 'TRANSPORT', false],
  ['qqBadAddress', 'RCPT TO', 'RECIPIENT_REJECTED', false],
  ['neteaseSpam', 'DATA', 'CONTENT_REJECTED', false],
  ['neteaseQuota', 'DATA', 'RATE_LIMITED', true],
  ['neteaseTlsActive', 'MAIL FROM', 'TLS', false],
];

describe('classifySmtpError on the QQ/NetEase reply catalogue', () => {
  it.each(cases)('%s on %s → %s', (name, command, code, retryable) => {
    const reply = REPLIES[name];
    const error = classifySmtpError(nodemailerError(command, reply), {
      transport: 'smtps://u:****@smtp.qq.com:465',
    });
    expect(error).toBeInstanceOf(TransportError);
    expect(isMailerError(error)).toBe(true);
    expect(error.code).toBe(code);
    expect(error.retryable).toBe(retryable);
    expect(error.response).toBe(reply);
    expect(error.command).toBe(command);
    expect(error.transport).toBe('smtps://u:****@smtp.qq.com:465');
    expect(error.message).toContain(reply);
    // One class per code: a refused sender is a SenderMismatchError however it was found out.
    expect(error instanceof SenderMismatchError).toBe(code === 'SENDER_MISMATCH');
  });

  it('classifies the mojibake 535 by its code and ASCII help URL alone', () => {
    // Without nodemailer's EAUTH tag: only the reply line, as a bounce or a log would carry it.
    for (const reply of [REPLIES.qqAuthMojibakeLatin1, REPLIES.qqAuthMojibakeUtf8Seen]) {
      const error = classifySmtpError({ response: reply });
      expect(error.code).toBe('AUTH_FAILED');
      expect(error.responseCode).toBe(535);
    }
    const urlOnly = classifySmtpError({ response: `5xx ??? ${REPLIES.qqAuthMojibakeLatin1.slice(-70)}` });
    expect(urlOnly.code).toBe('AUTH_FAILED');
  });

  it('says to use the 16-character 授权码, not the QQ password, and to enable SMTP', () => {
    const error = classifySmtpError(nodemailerError('AUTH PLAIN', REPLIES.qqAuthModern), { provider: 'qq' });
    expect(error.hint).toMatch(/16-character 授权码/);
    expect(error.hint).toMatch(/not your QQ password/);
    expect(error.hint).toMatch(/设置 → 账户/);
    expect(error.hint).toMatch(/can also fail for a while/);
    // The message says what went wrong; the hint is kept apart, not appended to it.
    expect(error.message).not.toContain(error.hint);
    expect(error.message).not.toMatch(/hint:/);
  });

  it('points Exmail users to the 客户端专用密码 and NetEase users to their 授权码', () => {
    const exmail = classifySmtpError(nodemailerError('AUTH PLAIN', REPLIES.exmailAuthBusy), {
      provider: 'exmail',
    });
    expect(exmail.hint).toContain('客户端专用密码');
    const netease = classifySmtpError(nodemailerError('AUTH PLAIN', REPLIES.neteaseAuth), {
      provider: '163',
    });
    expect(netease.hint).toContain('客户端授权密码');
    const other = classifySmtpError(nodemailerError('AUTH PLAIN', '535 5.7.8 Error: authentication failed'));
    expect(other.hint).toMatch(/user name and password/);
  });

  it('keeps responseCode, response and command', () => {
    const error = classifySmtpError(nodemailerError('RCPT TO', REPLIES.qqMailboxNotFound));
    expect(error).toMatchObject({
      responseCode: 550,
      response: '550 Mailbox not found.',
      command: 'RCPT TO',
    });
  });
});

describe('classifySmtpError on socket and TLS failures', () => {
  const socket = (code: string, message: string, command = 'CONN') =>
    Object.assign(new Error(message), { code, command });

  it.each([
    ['ECONNECTION', 'Connection closed unexpectedly', 'CONNECTION', true],
    ['ESOCKET', 'connect ECONNREFUSED 127.0.0.1:1', 'CONNECTION', true],
    ['ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:1', 'CONNECTION', true],
    ['EDNS', 'getaddrinfo ENOTFOUND smtp.nowhere.invalid', 'CONNECTION', true],
    ['ETIMEDOUT', 'Greeting never received', 'TIMEOUT', true],
    ['ESOCKET', 'C0:error:0A00010B:SSL routines:ssl3_get_record:wrong version number', 'TLS', false],
    ['ESOCKET', 'self-signed certificate', 'TLS', false],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'self signed certificate', 'TLS', false],
    ['ETLS', 'Error initiating TLS - STARTTLS not offered', 'TLS', false],
  ])('%s "%s" → %s', (code, message, expected, retryable) => {
    const error = classifySmtpError(socket(code, message));
    expect(error.code).toBe(expected);
    expect(error.retryable).toBe(retryable);
  });

  it('falls back to TRANSPORT: 4xx retryable, 5xx not', () => {
    expect(classifySmtpError(nodemailerError('MAIL FROM', '421 4.3.2 Service shutting down'))).toMatchObject({
      code: 'TRANSPORT',
      retryable: true,
    });
    expect(classifySmtpError(nodemailerError('MAIL FROM', '554 5.7.1 Access denied'))).toMatchObject({
      code: 'TRANSPORT',
      retryable: false,
    });
    expect(classifySmtpError('a string').code).toBe('TRANSPORT');
  });

  it('classifies 552 as MESSAGE_TOO_LARGE', () => {
    const error = classifySmtpError(
      nodemailerError('DATA', '552 5.3.4 Error: message exceeds fixed maximum message size'),
    );
    expect(error.code).toBe('MESSAGE_TOO_LARGE');
  });
});

describe('secrets', () => {
  const secret = 'abcd/efgh ijkl@mn';

  it('scrubs the password, its URL-encoded and base64 forms from message, response and cause', () => {
    const raw = Object.assign(
      new Error(`Invalid login: 535 bad ${secret} and ${encodeURIComponent(secret)}`),
      {
        code: 'EAUTH',
        command: 'AUTH PLAIN',
        response: `535 bad ${secret} ${Buffer.from(secret).toString('base64')}`,
        responseCode: 535,
      },
    );
    const error = classifySmtpError(raw, { secrets: [secret] });
    const everything = [
      error.message,
      error.response,
      String(error.cause),
      JSON.stringify(error),
      error.stack,
    ].join('\n');
    expect(everything).not.toContain(secret);
    expect(everything).not.toContain(encodeURIComponent(secret));
    expect(everything).not.toContain(Buffer.from(secret).toString('base64'));
    expect(error.response).toBe('535 bad **** ****');
  });

  it('scrubSecrets ignores empty secrets', () => {
    expect(scrubSecrets('hello', ['', undefined])).toBe('hello');
  });
});
