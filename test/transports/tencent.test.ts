import { createHash, createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors/ConfigError.js';
import { SenderMismatchError } from '../../src/errors/SenderMismatchError.js';
import { createMailer, type Mailer } from '../../src/index.js';
import { buildMessage, prepareEnvelope } from '../../src/message/compose.js';
import { resolveTransport } from '../../src/transports/resolve.js';
import { tencent } from '../../src/transports/tencent.js';
import { testTransport } from '../../src/vitest/index.js';
import {
  type FakeAnswer,
  type FakeApi,
  failureOf,
  type RecordedRequest,
  startFakeApi,
} from '../helpers/fake-api.js';

const SECRET_ID = 'AKIDtestSecretId0001';
const SECRET_KEY = 'Tencent-Secret-Key-0123456789';
let api: FakeApi;
let n = 0;

/**
 * TC3-HMAC-SHA256 recomputed the way Tencent's "Signature v3" page spells it out, step by step, from
 * the request as received: the fake refuses any request whose signature differs.
 */
function expectedAuthorization(request: RecordedRequest, secretKey: string): string {
  const sha = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');
  const mac = (key: Buffer | string, s: string) => createHmac('sha256', key).update(s, 'utf8').digest();
  const timestamp = String(request.headers['x-tc-timestamp']);
  const date = new Date(Number(timestamp) * 1000).toISOString().slice(0, 10);
  const canonicalRequest =
    'POST\n/\n\n' +
    `content-type:${request.headers['content-type']}\nhost:${request.headers.host}\n\n` +
    'content-type;host\n' +
    sha(request.body);
  const stringToSign = `TC3-HMAC-SHA256\n${timestamp}\n${date}/ses/tc3_request\n${sha(canonicalRequest)}`;
  const secretSigning = mac(mac(mac(`TC3${secretKey}`, date), 'ses'), 'tc3_request');
  const signature = createHmac('sha256', secretSigning).update(stringToSign, 'utf8').digest('hex');
  return `TC3-HMAC-SHA256 Credential=${SECRET_ID}/${date}/ses/tc3_request, SignedHeaders=content-type;host, Signature=${signature}`;
}

function tencentLike(request: RecordedRequest): FakeAnswer {
  if (request.headers.authorization !== expectedAuthorization(request, SECRET_KEY)) {
    return {
      json: {
        Response: {
          Error: {
            Code: 'AuthFailure.SignatureFailure',
            Message: 'The provided credentials could not be validated.',
          },
          RequestId: 'ed93f3cb-0001',
        },
      },
    };
  }
  if (request.headers['x-tc-action'] === 'ListEmailIdentities') {
    return {
      json: {
        Response: { EmailIdentities: [], MaxReputationLevel: 0, MaxDailyQuota: 100, RequestId: 'r-list' },
      },
    };
  }
  return {
    json: {
      Response: {
        MessageId: `qcloudses-30-4123414323-date-20210101094334-syNARhMTbKI1${n++}`,
        RequestId: `r-${n}`,
      },
    },
  };
}

beforeAll(async () => {
  api = await startFakeApi(tencentLike);
});
afterAll(() => api.close());

const make = (extra: Record<string, unknown> = {}) =>
  tencent({
    secretId: SECRET_ID,
    secretKey: SECRET_KEY,
    region: 'ap-guangzhou',
    templates: { conformance: 100, welcome: 12345 },
    endpoint: api.url,
    ...extra,
  });
const sends = () => api.requests.filter((r) => r.headers['x-tc-action'] === 'SendEmail');

// Tencent renders its own approved template, so the suite checks the report, not the content.
testTransport(() => make(), {
  title: 'tencent (Cloud SES API, templates) transport conformance',
  delivered: () => sends().length,
  secrets: [SECRET_KEY],
});

async function message(template: string | null = 'welcome', options: Record<string, unknown> = {}) {
  const envelope = await prepareEnvelope('"Acme 通知" <noreply@mail.acme.cn>', {
    to: 'ada@example.com',
    ...options,
  });
  return buildMessage(
    envelope,
    { subject: '欢迎 Ada', html: '<p>ours</p>', text: 'ours' },
    template === null ? {} : { template, data: { name: 'Ada', code: 424242 } },
  );
}

describe('tencent() SendEmail with templates', () => {
  it('POSTs a TC3-signed SendEmail (action, version, region) with the TemplateID and the data as TemplateData', async () => {
    const result = await make().send(
      await message('welcome', { cc: 'c@example.com', bcc: 'b@example.com', replyTo: 'help@acme.cn' }),
    );
    const request = sends().at(-1) as RecordedRequest;
    expect(request.headers).toMatchObject({
      'content-type': 'application/json; charset=utf-8',
      'x-tc-action': 'SendEmail',
      'x-tc-version': '2020-10-02',
      'x-tc-region': 'ap-guangzhou',
    });
    expect(request.headers['x-tc-timestamp']).toMatch(/^\d{10}$/);
    expect(JSON.parse(request.body)).toEqual({
      FromEmailAddress: 'Acme 通知 <noreply@mail.acme.cn>',
      Destination: ['ada@example.com'],
      Cc: ['c@example.com'],
      Bcc: ['b@example.com'],
      Subject: '欢迎 Ada',
      ReplyToAddresses: 'help@acme.cn',
      Template: { TemplateID: 12345, TemplateData: '{"name":"Ada","code":424242}' },
      TriggerType: 1,
    });
    expect(result.providerMessageId).toMatch(/^qcloudses-30-/);
    expect(result.accepted.sort()).toEqual(['ada@example.com', 'b@example.com', 'c@example.com']);
  });

  it('refuses a template without a TemplateID mapping (and a message without a template), before any request', async () => {
    const before = api.requests.length;
    const unmapped = await failureOf(make().send(await message('receipt')));
    expect(unmapped).toBeInstanceOf(ConfigError);
    expect(unmapped.message).toMatch(/has no TemplateID for template "receipt"/);
    expect(unmapped.hint).toMatch(/templates: \{ "receipt": 12345 \}.*tencent-ses:\/\//);
    const none = await failureOf(make().send(await message(null)));
    expect(none.message).toMatch(/sends templates only/);
    expect(api.requests.length).toBe(before);
  });

  it('refuses attachments unless enabled, and custom headers', async () => {
    const withFile = await message('welcome', { attachments: [{ filename: 'a.pdf', content: 'x' }] });
    expect((await failureOf(make().send(withFile))).message).toMatch(/cannot send attachments/);
    await make({ attachments: true }).send(withFile);
    expect(JSON.parse(sends().at(-1)?.body ?? '{}').Attachments).toEqual([
      { FileName: 'a.pdf', Content: Buffer.from('x').toString('base64') },
    ]);
    const withHeader = await message('welcome', { headers: { 'List-Unsubscribe': '<https://acme.cn/u>' } });
    expect((await failureOf(make().send(withHeader))).message).toMatch(
      /cannot send headers \(List-Unsubscribe\)/,
    );
  });

  it('prints as its redacted URL, builds from tencent://ID:KEY@region?template.welcome=…, and verifies', async () => {
    const t = resolveTransport(
      `tencent://${SECRET_ID}:${SECRET_KEY}@ap-guangzhou?template.welcome=12345&endpoint=${encodeURIComponent(api.url)}`,
    );
    expect(String(t)).toBe(
      `tencent://${SECRET_ID}:****@ap-guangzhou?endpoint=${encodeURIComponent(api.url)}`,
    );
    await t.send(await message());
    expect(JSON.parse(sends().at(-1)?.body ?? '{}').Template.TemplateID).toBe(12345);
    await t.verify?.();
    expect(api.requests.at(-1)?.headers['x-tc-action']).toBe('ListEmailIdentities');
  });

  it('sends a mailer template by its name', async () => {
    const mailer = createMailer({
      templates: 'test/fixtures/templates/ok',
      transport: make({ templates: { 'plain-html': 777 } }),
      from: 'noreply@mail.acme.cn',
    }) as unknown as Mailer<Record<never, never>>;
    await mailer.send('plain-html', { name: 'Ada', url: 'https://a.test' }, { to: 'ada@example.com' });
    const body = JSON.parse(sends().at(-1)?.body ?? '{}');
    expect(body.Template).toEqual({
      TemplateID: 777,
      TemplateData: JSON.stringify({ name: 'Ada', url: 'https://a.test' }),
    });
    await mailer.close();
  });

  it('refuses more recipients than SendEmail takes, before any request', async () => {
    const before = api.requests.length;
    const many = Array.from({ length: 51 }, (_, i) => `r${i}@example.com`);
    const error = await failureOf(make().send(await message('welcome', { to: many })));
    expect(error.message).toMatch(/cannot send to \(51 addresses; SendEmail takes 50\)/);
    const cc = Array.from({ length: 21 }, (_, i) => `c${i}@example.com`);
    expect((await failureOf(make().send(await message('welcome', { cc })))).message).toMatch(
      /cc \(21 addresses; SendEmail takes 20\)/,
    );
    expect(api.requests.length).toBe(before);
  });

  it('rejects a TemplateID that is not a positive integer', () => {
    expect(() => make({ templates: { welcome: '12345' } })).toThrow(/templates.welcome must be a TemplateID/);
  });
});

describe('tencent() error mapping', () => {
  it('maps a wrong key (signature failure) to AUTH_FAILED with the request id', async () => {
    const error = await failureOf(make({ secretKey: 'wrong-key' }).send(await message()));
    expect(error).toMatchObject({
      code: 'AUTH_FAILED',
      providerCode: 'AuthFailure.SignatureFailure',
      requestId: 'ed93f3cb-0001',
    });
    expect(`${error.message} ${error.hint}`).not.toContain('wrong-key');
  });

  const cases: Array<[string, string, boolean]> = [
    ['AuthFailure.SecretIdNotFound', 'AUTH_FAILED', false],
    ['AuthFailure.SignatureExpire', 'AUTH_FAILED', false],
    ['RequestLimitExceeded', 'RATE_LIMITED', true],
    ['FailedOperation.FrequencyLimit', 'RATE_LIMITED', true],
    ['FailedOperation.NotAuthenticatedSender', 'SENDER_MISMATCH', false],
    ['FailedOperation.EmailAddrInBlacklist', 'RECIPIENT_REJECTED', false],
    ['FailedOperation.ReceiverHasUnsubscribed', 'RECIPIENT_REJECTED', false],
    ['FailedOperation.TemplateContentToolarge', 'CONTENT_REJECTED', false],
    ['InternalError', 'TRANSPORT', true],
  ];
  it.each(cases)('maps %s to %s', async (providerCode, code, retryable) => {
    const fake = await startFakeApi(() => ({
      json: {
        Response: { Error: { Code: providerCode, Message: `${providerCode} happened` }, RequestId: 'rq-7' },
      },
    }));
    const error = await failureOf(make({ endpoint: fake.url }).send(await message()));
    await fake.close();
    expect(error).toMatchObject({ code, retryable, status: 200, providerCode, requestId: 'rq-7' });
    expect(error.hint).toBeTruthy();
    if (code === 'SENDER_MISMATCH') expect(error).toBeInstanceOf(SenderMismatchError);
  });
});
