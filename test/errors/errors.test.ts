import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  InvalidAttachmentError,
  isMailerError,
  MailerError,
  SenderMismatchError,
  TemplateSyntaxError,
  TransportError,
} from '../../src/index.js';

describe('the error design', () => {
  it('keeps the message to what went wrong and the hint apart', () => {
    const error = new ConfigError('smtp() needs a host', { hint: "e.g. smtp({ host: 'smtp.qq.com' })" });
    expect(error.message).toBe('smtp() needs a host');
    expect(error.hint).toBe("e.g. smtp({ host: 'smtp.qq.com' })");
    expect(String(error)).toBe('ConfigError: smtp() needs a host');
    expect(error).toMatchObject({ code: 'CONFIG', retryable: false });
  });

  it('gives TemplateSyntaxError structured kind, file, line and detail', () => {
    const error = new TemplateSyntaxError({
      kind: 'handlebars',
      file: '/t/welcome/html.hbs',
      line: 3,
      detail: "Expecting 'ID', got 'EOF'",
    });
    expect(error).toMatchObject({
      code: 'TEMPLATE_SYNTAX',
      kind: 'handlebars',
      file: '/t/welcome/html.hbs',
      line: 3,
      detail: "Expecting 'ID', got 'EOF'",
    });
    expect(error.message).toBe("Template syntax error in /t/welcome/html.hbs:3: Expecting 'ID', got 'EOF'");
    expect(error.hint).toMatch(/fix the file/);
  });

  it('lets a TransportError carry what an HTTP provider reports', () => {
    const cause = new Error('429 Too Many Requests');
    const error = new TransportError('RATE_LIMITED', 'The provider is rate-limiting this sender', {
      status: 429,
      providerCode: 'Throttling',
      requestId: 'req-7f3a',
      retryable: true,
      hint: 'retry later',
      cause,
    });
    expect(error).toMatchObject({
      status: 429,
      providerCode: 'Throttling',
      requestId: 'req-7f3a',
      retryable: true,
    });
    expect(error.responseCode).toBeUndefined();
    expect(error.cause).toBe(cause);
    expect(error.hint).toBe('retry later');
  });

  it('has one SenderMismatchError, with an optional login and a provider request id', () => {
    const http = new SenderMismatchError('The provider refused the sender noreply@acme.cn: not verified', {
      from: 'noreply@acme.cn',
      requestId: 'req-1',
      status: 403,
    });
    expect(http).toBeInstanceOf(TransportError);
    expect(http).toMatchObject({ code: 'SENDER_MISMATCH', from: 'noreply@acme.cn', requestId: 'req-1' });
    expect(http.login).toBeUndefined();
    expect(isMailerError(http)).toBe(true);
  });

  it('uses INVALID_ATTACHMENT for an attachment that cannot be sent as given', () => {
    const error = new InvalidAttachmentError('#2', 'is null, not an object');
    expect(error).toBeInstanceOf(MailerError);
    expect(error).toMatchObject({ code: 'INVALID_ATTACHMENT', attachment: '#2' });
    expect(error.message).toBe('Attachment #2 is null, not an object');
  });
});
