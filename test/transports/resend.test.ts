import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SenderMismatchError } from '../../src/errors/SenderMismatchError.js';
import { createMailer, type Mailer } from '../../src/index.js';
import { buildMessage, prepareEnvelope } from '../../src/message/compose.js';
import type { ReceivedMessage } from '../../src/testing/index.js';
import { resend } from '../../src/transports/resend.js';
import { resolveTransport } from '../../src/transports/resolve.js';
import { testTransport } from '../../src/vitest/index.js';
import { type FakeApi, failureOf, type RecordedRequest, startFakeApi } from '../helpers/fake-api.js';

const KEY = 're_Secret_0123456789abcdef';
let api: FakeApi;
let ids = 0;

/** Resend as documented: 200 { id } for a good key, its error body otherwise. */
function resendLike(request: RecordedRequest) {
  if (request.headers.authorization !== `Bearer ${KEY}`) {
    return { status: 403, json: { statusCode: 403, name: 'invalid_api_key', message: 'API key is invalid' } };
  }
  if (request.method === 'GET' && request.url === '/domains') return { status: 200, json: { data: [] } };
  return { status: 200, json: { id: `49a3999c-0ce1-4ea6-ab68-afcd6dc2e79${ids++ % 10}` } };
}

beforeAll(async () => {
  api = await startFakeApi(resendLike);
});
afterAll(() => api.close());

const sends = () => api.requests.filter((r) => r.method === 'POST' && r.url === '/emails');
const bare = (mailbox: string) => /<([^>]+)>$/.exec(mailbox)?.[1] ?? mailbox;

/** What Resend received for a send, read from the JSON body (its id is in the result's providerMessageId). */
function received(messageId: string): ReceivedMessage {
  // Each send's Idempotency-Key is its Message-ID (no idempotencyKey given).
  const request = sends().find((r) => r.headers['idempotency-key'] === messageId);
  if (!request) throw new Error(`no request for ${messageId}`);
  const body = JSON.parse(request.body);
  return {
    from: bare(body.from),
    to: body.to.map(bare),
    cc: (body.cc ?? []).map(bare),
    subject: body.subject,
    text: body.text,
    html: body.html,
    attachments: (body.attachments ?? []).map((a: { filename: string; content: string }) => ({
      filename: a.filename,
      content: Buffer.from(a.content, 'base64'),
    })),
  };
}

testTransport(() => resend({ apiKey: KEY, endpoint: api.url }), {
  title: 'resend transport conformance',
  received: (result) => received(result.messageId),
  delivered: () => sends().length,
  secrets: [KEY],
});

async function message(overrides: Record<string, unknown> = {}) {
  const envelope = await prepareEnvelope('"Acme 通知" <noreply@acme.test>', {
    to: '"Ada" <ada@example.com>',
    replyTo: 'help@acme.test',
    ...overrides,
  });
  return buildMessage(
    envelope,
    { subject: 'Hi 你好', html: '<p>Hi</p>', text: 'Hi' },
    { template: 'welcome' },
  );
}

describe('resend()', () => {
  it('POSTs /emails with the key, an idempotency key and the documented JSON fields', async () => {
    const t = resend({ apiKey: KEY, endpoint: api.url });
    const m = await message({
      cc: 'c@example.com',
      bcc: 'b@example.com',
      attachments: [{ filename: 'a.txt', content: 'hello', contentType: 'text/plain', cid: 'a1' }],
    });
    const result = await t.send(m);
    const request = sends().at(-1) as RecordedRequest;
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers['idempotency-key']).toBe(m.messageId);
    const body = JSON.parse(request.body);
    expect(body).toMatchObject({
      from: '"Acme 通知" <noreply@acme.test>',
      to: ['"Ada" <ada@example.com>'],
      cc: ['c@example.com'],
      bcc: ['b@example.com'],
      reply_to: ['help@acme.test'],
      subject: 'Hi 你好',
      html: '<p>Hi</p>',
      text: 'Hi',
      headers: { 'X-Mailsmith-Template': 'welcome' },
      attachments: [
        {
          filename: 'a.txt',
          content: Buffer.from('hello').toString('base64'),
          content_type: 'text/plain',
          content_id: 'a1',
        },
      ],
    });
    expect(result.providerMessageId).toMatch(/^49a3999c-/);
    expect(result.accepted.sort()).toEqual(['ada@example.com', 'b@example.com', 'c@example.com']);
    expect(result.response).toContain(result.providerMessageId);
  });

  it('prints as its redacted URL and builds from resend://KEY@default', async () => {
    const t = resend({ apiKey: KEY });
    expect(String(t)).toBe('resend://****@default');
    const fromUrl = resolveTransport(`resend://${KEY}@default?endpoint=${encodeURIComponent(api.url)}`);
    expect(fromUrl.name).toBe('resend');
    expect(String(fromUrl)).not.toContain(KEY);
    await fromUrl.send(await message());
    expect(sends().at(-1)?.headers.authorization).toBe(`Bearer ${KEY}`);
  });

  it('refuses more than 50 To addresses before any request', async () => {
    const before = api.requests.length;
    const to = Array.from({ length: 51 }, (_, i) => `r${i}@example.com`);
    const error = await failureOf(resend({ apiKey: KEY, endpoint: api.url }).send(await message({ to })));
    expect(error).toMatchObject({ code: 'CONFIG' });
    expect(error.message).toMatch(/cannot send to \(51 addresses; Resend takes 50\)/);
    expect(api.requests.length).toBe(before);
  });

  it('refuses to start without a key, naming RESEND_API_KEY', () => {
    const saved = process.env.RESEND_API_KEY;
    delete process.env.RESEND_API_KEY;
    try {
      expect(() => resend()).toThrow(/set RESEND_API_KEY, or pass resend\(\{ apiKey \}\)/);
    } finally {
      if (saved !== undefined) process.env.RESEND_API_KEY = saved;
    }
  });

  it('sends through createMailer', async () => {
    const mailer = createMailer({
      templates: 'test/fixtures/templates/ok',
      transport: resend({ apiKey: KEY, endpoint: api.url }),
      from: 'noreply@acme.test',
    }) as unknown as Mailer<Record<never, never>>;
    const result = await mailer.send(
      'plain-html',
      { name: 'Ada', url: 'https://a.test' },
      { to: 'ada@example.com' },
    );
    expect(received(result.messageId).to).toEqual(['ada@example.com']);
    await mailer.close();
  });

  it('verify() lists domains, and accepts a sending-only key', async () => {
    await resend({ apiKey: KEY, endpoint: api.url }).verify();
    expect(api.requests.at(-1)).toMatchObject({ method: 'GET', url: '/domains' });
    const restricted = await startFakeApi(() => ({
      status: 401,
      json: {
        statusCode: 401,
        name: 'restricted_api_key',
        message: 'This API key is restricted to only send emails',
      },
    }));
    await expect(resend({ apiKey: KEY, endpoint: restricted.url }).verify()).resolves.toBeUndefined();
    await restricted.close();
    const bad = await failureOf(resend({ apiKey: 're_wrong', endpoint: api.url }).verify());
    expect(bad.code).toBe('AUTH_FAILED');
  });
});

describe('resend() errors', () => {
  const cases: Array<[string, number, string, string, string, boolean]> = [
    ['a bad key', 403, 'invalid_api_key', 'API key is invalid', 'AUTH_FAILED', false],
    [
      'a missing key',
      401,
      'missing_api_key',
      'Missing API key in the authorization header',
      'AUTH_FAILED',
      false,
    ],
    [
      'throttling',
      429,
      'rate_limit_exceeded',
      'Too many requests. You can only make 2 requests per second.',
      'RATE_LIMITED',
      true,
    ],
    [
      'a spent quota',
      429,
      'daily_quota_exceeded',
      'You have reached your daily email sending quota.',
      'RATE_LIMITED',
      true,
    ],
    [
      'an unverified domain',
      403,
      'validation_error',
      'The acme.test domain is not verified. Please, add and verify your domain on https://resend.com/domains',
      'SENDER_MISMATCH',
      false,
    ],
    [
      'a bad recipient',
      422,
      'validation_error',
      'Invalid `to` field. The email address needs to follow the `email@example.com` format.',
      'RECIPIENT_REJECTED',
      false,
    ],
    [
      'a bad attachment',
      422,
      'invalid_attachment',
      'Attachment must have either a `content` or `path`.',
      'CONTENT_REJECTED',
      false,
    ],
    [
      'a server error',
      500,
      'application_error',
      'An unexpected error occurred, please try again.',
      'TRANSPORT',
      true,
    ],
  ];

  it.each(cases)('maps %s (%i %s) to %s', async (_what, status, name, text, code, retryable) => {
    const fake = await startFakeApi(() => ({
      status,
      json: { statusCode: status, name, message: text },
      headers: { 'x-request-id': 'req_123' },
    }));
    const error = await failureOf(resend({ apiKey: KEY, endpoint: fake.url }).send(await message()));
    await fake.close();
    expect(error.code).toBe(code);
    expect(error.retryable).toBe(retryable);
    expect(error).toMatchObject({ status, providerCode: name, requestId: 'req_123' });
    expect(error.transport).toBe(`resend://****@default?endpoint=${encodeURIComponent(fake.url)}`);
    expect(error.message).toContain(text);
    expect(error.hint).toBeTruthy();
    expect(`${error.message} ${error.hint} ${JSON.stringify(error)}`).not.toContain(KEY);
    if (code === 'SENDER_MISMATCH') {
      expect(error).toBeInstanceOf(SenderMismatchError);
      expect(error.hint).toMatch(/verify the sender domain at resend.com\/domains/);
    }
  });

  it('maps a refused connection to CONNECTION (retryable) and a silent server to TIMEOUT', async () => {
    const gone = await startFakeApi();
    const url = gone.url;
    await gone.close();
    const refused = await failureOf(resend({ apiKey: KEY, endpoint: url }).send(await message()));
    expect(refused.code).toBe('CONNECTION');
    expect(refused.retryable).toBe(true);

    const silent = await startFakeApi(() => new Promise(() => {}));
    const slow = await failureOf(
      resend({ apiKey: KEY, endpoint: silent.url, timeoutMs: 200 }).send(await message()),
    );
    await silent.close();
    expect(slow.code).toBe('TIMEOUT');
    // Every send carries an Idempotency-Key, so a retry after a lost answer cannot send twice.
    expect(slow.retryable).toBe(true);
  });
});
