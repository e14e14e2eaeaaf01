import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SenderMismatchError } from '../../src/errors/SenderMismatchError.js';
import { createMailer, type Mailer } from '../../src/index.js';
import { buildMessage, prepareEnvelope } from '../../src/message/compose.js';
import type { ReceivedMessage } from '../../src/testing/index.js';
import { resolveTransport } from '../../src/transports/resolve.js';
import { ses } from '../../src/transports/ses.js';
import { sigV4 } from '../../src/transports/signing.js';
import { testTransport } from '../../src/vitest/index.js';
import { dkimFixture } from '../helpers/dkim.js';
import {
  type FakeAnswer,
  type FakeApi,
  failureOf,
  type RecordedRequest,
  startFakeApi,
} from '../helpers/fake-api.js';

const KEY_ID = 'AKIAIOSFODNN7EXAMPLE';
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const REGION = 'eu-west-1';
let api: FakeApi;
let n = 0;
const raws = new Map<string, { raw: Buffer; body: Record<string, unknown> }>();

/** Checks the SigV4 signature over the request as received, with the signed headers it names. */
function signatureOk(request: RecordedRequest, secret: string): boolean {
  const auth = String(request.headers.authorization ?? '');
  const signed = /SignedHeaders=([^,]+)/.exec(auth)?.[1]?.split(';') ?? [];
  const headers = Object.fromEntries(signed.map((h) => [h, String(request.headers[h] ?? '')]));
  const expected = sigV4(
    {
      method: request.method,
      url: `http://${request.headers.host}${request.url}`,
      headers,
      body: request.body,
    },
    { region: REGION, service: 'ses', accessKeyId: KEY_ID, secretAccessKey: secret },
  );
  return signed.includes('host') && signed.includes('x-amz-date') && auth === expected;
}

function sesLike(request: RecordedRequest): FakeAnswer {
  if (!signatureOk(request, SECRET)) {
    return {
      status: 403,
      json: { message: 'The request signature we calculated does not match the signature you provided.' },
      headers: { 'x-amzn-errortype': 'SignatureDoesNotMatch:', 'x-amzn-requestid': 'req-sig' },
    };
  }
  if (request.method === 'GET' && request.url === '/v2/email/account') {
    return {
      json: { SendingEnabled: true, ProductionAccessEnabled: false },
      headers: { 'x-amzn-requestid': 'req-acct' },
    };
  }
  const body = JSON.parse(request.body);
  const id = `010001${String(n++).padStart(4, '0')}-example`;
  raws.set(id, { raw: Buffer.from(body.Content.Raw.Data, 'base64'), body });
  return { json: { MessageId: id }, headers: { 'x-amzn-requestid': `req-${id}` } };
}

beforeAll(async () => {
  api = await startFakeApi(sesLike);
});
afterAll(() => api.close());

const make = (extra: Record<string, unknown> = {}) =>
  ses({
    region: REGION,
    credentials: { accessKeyId: KEY_ID, secretAccessKey: SECRET },
    endpoint: api.url,
    ...extra,
  });
const sends = () => api.requests.filter((r) => r.url === '/v2/email/outbound-emails');

async function received(id: string | undefined): Promise<ReceivedMessage> {
  const kept = raws.get(id ?? '');
  if (!kept) throw new Error(`no raw message for ${id}`);
  const mail = await simpleParser(kept.raw);
  const list = (f: typeof mail.to) =>
    (Array.isArray(f) ? f : f ? [f] : []).flatMap((a) => a.value.map((v) => v.address ?? ''));
  return {
    from: mail.from?.value[0]?.address ?? '',
    to: list(mail.to),
    cc: list(mail.cc),
    subject: mail.subject ?? '',
    text: mail.text ?? '',
    html: typeof mail.html === 'string' ? mail.html : '',
    attachments: mail.attachments.map((a) => ({ filename: a.filename, content: a.content })),
  };
}

testTransport(() => make(), {
  title: 'ses (Amazon SES v2 API, raw MIME) transport conformance',
  received: (result) => received(result.providerMessageId),
  delivered: () => sends().length,
  secrets: [SECRET],
});

async function message(options: Record<string, unknown> = {}) {
  const envelope = await prepareEnvelope('"Acme" <noreply@acme.test>', { to: 'ada@example.com', ...options });
  return buildMessage(envelope, { subject: 'Hi', html: '<p>Hi</p>', text: 'Hi' }, { template: 'welcome' });
}

describe('ses() SendEmail with Content.Raw', () => {
  it('POSTs SigV4-signed /v2/email/outbound-emails with toMime() as Raw.Data and every recipient in Destination', async () => {
    const m = await message({
      cc: 'c@example.com',
      bcc: 'hidden@example.com',
      attachments: [{ filename: 'r.txt', content: 'report' }],
    });
    const result = await make({ configurationSet: 'events' }).send(m);
    const request = sends().at(-1) as RecordedRequest;
    expect(request.method).toBe('POST');
    expect(request.headers.authorization).toMatch(
      new RegExp(
        `^AWS4-HMAC-SHA256 Credential=${KEY_ID}/\\d{8}/${REGION}/ses/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=[0-9a-f]{64}$`,
      ),
    );
    const kept = raws.get(result.providerMessageId ?? '');
    expect(kept?.body).toMatchObject({
      Destination: { ToAddresses: ['ada@example.com', 'c@example.com', 'hidden@example.com'] },
      FromEmailAddress: 'noreply@acme.test',
      ConfigurationSetName: 'events',
    });
    const mail = await simpleParser(kept?.raw as Buffer);
    expect(mail.messageId).toBe(m.messageId);
    expect(mail.headers.get('x-mailsmith-template')).toBe('welcome');
    expect(mail.attachments[0]?.content.toString()).toBe('report');
    // Bcc travels in the envelope only.
    expect(mail.bcc).toBeUndefined();
    expect(kept?.raw.toString()).not.toContain('hidden@example.com');
    expect(result.response).toContain(`RequestId req-${result.providerMessageId}`);
  });

  it('signs the AWS SigV4 test-suite requests exactly (get-vanilla, post-vanilla)', () => {
    const scope = {
      region: 'us-east-1',
      service: 'service',
      accessKeyId: 'AKIDEXAMPLE',
      secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
    };
    const headers = { Host: 'example.amazonaws.com', 'X-Amz-Date': '20150830T123600Z' };
    const url = 'https://example.amazonaws.com/';
    expect(sigV4({ method: 'GET', url, headers, body: '' }, scope)).toMatch(
      /Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31$/,
    );
    expect(sigV4({ method: 'POST', url, headers, body: '' }, scope)).toMatch(
      /Signature=5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b$/,
    );
  });

  it('signs what the mailer DKIM-signs: the signature arrives intact and verifies', async () => {
    const fixture = dkimFixture();
    const mailer = createMailer({
      templates: 'test/fixtures/templates/ok',
      transport: make(),
      from: 'noreply@acme.test',
      dkim: fixture.dkim,
    }) as unknown as Mailer<Record<never, never>>;
    const result = await mailer.send(
      'plain-html',
      { name: 'Ada', url: 'https://a.test' },
      { to: 'ada@example.com' },
    );
    const raw = raws.get(result.providerMessageId ?? '')?.raw as Buffer;
    expect(await fixture.verify(raw)).toEqual([{ status: 'pass', domain: 'acme.test', selector: 's1' }]);
    await mailer.close();
  });

  it('prints as its redacted URL, builds from ses+api://KEY:SECRET@region, and verifies with GetAccount', async () => {
    const t = resolveTransport(
      `ses+api://${KEY_ID}:${encodeURIComponent(SECRET)}@${REGION}?endpoint=${encodeURIComponent(api.url)}`,
    );
    expect(String(t)).toBe(`ses+api://${KEY_ID}:****@${REGION}?endpoint=${encodeURIComponent(api.url)}`);
    expect(
      String(ses({ region: REGION, credentials: { accessKeyId: KEY_ID, secretAccessKey: SECRET } })),
    ).toBe(`ses+api://${KEY_ID}:****@${REGION}`);
    await t.send(await message());
    await t.verify?.();
    expect(api.requests.at(-1)).toMatchObject({ method: 'GET', url: '/v2/email/account' });
  });

  it('sends session tokens signed', async () => {
    const token = 'FQoGZXIvYXdzEXAMPLETOKEN';
    await make({ credentials: { accessKeyId: KEY_ID, secretAccessKey: SECRET, sessionToken: token } }).send(
      await message(),
    );
    const request = sends().at(-1) as RecordedRequest;
    expect(request.headers['x-amz-security-token']).toBe(token);
    expect(request.headers.authorization).toContain(
      'SignedHeaders=content-type;host;x-amz-date;x-amz-security-token',
    );
  });
});

describe('ses() error mapping', () => {
  it('maps a wrong secret (signature mismatch) to AUTH_FAILED with the request id', async () => {
    const error = await failureOf(
      make({ credentials: { accessKeyId: KEY_ID, secretAccessKey: 'wrong/secret' } }).send(await message()),
    );
    expect(error).toMatchObject({
      code: 'AUTH_FAILED',
      status: 403,
      providerCode: 'SignatureDoesNotMatch',
      requestId: 'req-sig',
    });
    expect(`${error.message} ${error.hint}`).not.toContain('wrong/secret');
  });

  const cases: Array<[string, number, string, string, boolean]> = [
    [
      'UnrecognizedClientException',
      403,
      'The security token included in the request is invalid.',
      'AUTH_FAILED',
      false,
    ],
    [
      'TooManyRequestsException',
      429,
      'Too many requests have been made to the operation.',
      'RATE_LIMITED',
      true,
    ],
    ['LimitExceededException', 400, 'Maximum sending rate exceeded.', 'RATE_LIMITED', true],
    [
      'MessageRejected',
      400,
      'Email address is not verified. The following identities failed the check in region EU-WEST-1: noreply@acme.test',
      'SENDER_MISMATCH',
      false,
    ],
    [
      'MailFromDomainNotVerifiedException',
      400,
      'The MAIL FROM domain is not verified.',
      'SENDER_MISMATCH',
      false,
    ],
    ['MessageRejected', 400, 'Illegal header: Return-Path.', 'CONTENT_REJECTED', false],
    ['AccountSuspendedException', 400, 'Your account has been suspended.', 'TRANSPORT', false],
    ['InternalFailure', 500, 'The request processing has failed.', 'TRANSPORT', true],
  ];
  it.each(cases)('maps %s (%i: %s) to %s', async (type, status, text, code, retryable) => {
    const fake = await startFakeApi(() => ({
      status,
      json: { message: text },
      headers: {
        'x-amzn-errortype': `${type}:http://internal.amazon.com/coral/com.amazon.ses/`,
        'x-amzn-requestid': 'rq-1',
      },
    }));
    const error = await failureOf(make({ endpoint: fake.url }).send(await message()));
    await fake.close();
    expect(error).toMatchObject({ code, retryable, status, providerCode: type, requestId: 'rq-1' });
    expect(error.message).toContain(text);
    expect(error.hint).toBeTruthy();
    if (code === 'SENDER_MISMATCH') {
      expect(error).toBeInstanceOf(SenderMismatchError);
      expect(error.hint).toMatch(/verify the sender address or domain in the SES console/);
    }
  });

  it('needs a region and credentials, naming the variables', () => {
    const saved = { ...process.env };
    for (const k of ['AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'])
      delete process.env[k];
    try {
      expect(() => ses()).toThrow(
        /set AWS_REGION, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, or pass ses\(\{ region, credentials \}\)/,
      );
    } finally {
      process.env = saved;
    }
  });
});
