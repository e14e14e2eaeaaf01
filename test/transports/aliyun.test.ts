import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors/ConfigError.js';
import { SenderMismatchError } from '../../src/errors/SenderMismatchError.js';
import { createMailer, type Mailer } from '../../src/index.js';
import { buildMessage, prepareEnvelope } from '../../src/message/compose.js';
import { aliyun } from '../../src/transports/aliyun.js';
import { resolveTransport } from '../../src/transports/resolve.js';
import { aliyunRpcSignature } from '../../src/transports/signing.js';
import { testTransport } from '../../src/vitest/index.js';
import {
  type FakeAnswer,
  type FakeApi,
  failureOf,
  type RecordedRequest,
  startFakeApi,
} from '../helpers/fake-api.js';

const KEY_ID = 'LTAI5tTestKeyId';
const SECRET = 'Aliyun-Secret-0123456789';
const SENDER = 'noreply@mail.acme.cn';
let api: FakeApi;
let envs = 0;
const byEnv = new Map<string, Record<string, string>>();

const form = (r: RecordedRequest) => Object.fromEntries(new URLSearchParams(r.body));

/** DirectMail as documented: the RPC signature checked over the received form, then EnvId/RequestId. */
function directMailLike(request: RecordedRequest): FakeAnswer {
  const params = form(request);
  const { Signature, ...signed } = params;
  if (params.AccessKeyId !== KEY_ID) {
    return {
      status: 404,
      json: {
        RequestId: 'R-1',
        Code: 'InvalidAccessKeyId.NotFound',
        Message: 'Specified access key is not found.',
      },
    };
  }
  if (Signature !== aliyunRpcSignature('POST', signed, SECRET)) {
    return {
      status: 400,
      json: {
        RequestId: 'R-2',
        Code: 'SignatureDoesNotMatch',
        Message: 'Specified signature is not matched with our calculation.',
      },
    };
  }
  if (params.Action === 'DescAccountSummary') return { json: { RequestId: 'R-3', DailyQuota: 2000 } };
  const env = `6004${envs++}`;
  byEnv.set(env, params);
  return { json: { EnvId: env, RequestId: `R-send-${env}` } };
}

beforeAll(async () => {
  api = await startFakeApi(directMailLike);
});
afterAll(() => api.close());

const make = (extra: Record<string, unknown> = {}) =>
  aliyun({
    accessKeyId: KEY_ID,
    accessKeySecret: SECRET,
    region: 'cn-hangzhou',
    accountName: SENDER,
    endpoint: api.url,
    ...extra,
  });
const sends = () => api.requests.filter((r) => form(r).Action === 'SingleSendMail');

testTransport(() => make(), {
  title: 'aliyun (DirectMail API) transport conformance',
  from: SENDER,
  received: (result) => {
    const p = byEnv.get(result.providerMessageId ?? '');
    if (!p) throw new Error(`no request for EnvId ${result.providerMessageId}`);
    return {
      from: p.AccountName as string,
      to: (p.ToAddress as string).split(','),
      cc: [],
      subject: p.Subject as string,
      text: p.TextBody as string,
      html: p.HtmlBody as string,
      attachments: [],
    };
  },
  delivered: () => sends().length,
  secrets: [SECRET],
});

async function message(
  options: Record<string, unknown> = {},
  content: { subject?: string; html?: string; text?: string } = {},
) {
  const envelope = await prepareEnvelope('"Acme 通知" <noreply@mail.acme.cn>', {
    to: ['ada@example.com', 'bob@example.com'],
    ...options,
  });
  return buildMessage(
    envelope,
    { subject: 'Hi 你好', html: '<p>Hi 你好</p>', text: 'Hi 你好', ...content },
    { template: 'welcome' },
  );
}

describe('aliyun() SingleSendMail', () => {
  it('POSTs a signed SingleSendMail form: action, version, common parameters and the message fields', async () => {
    const before = sends().length;
    const result = await make().send(await message({ replyTo: '"Help 客服" <help@acme.cn>' }));
    expect(sends().length).toBe(before + 1);
    const request = sends().at(-1) as RecordedRequest;
    expect(request.method).toBe('POST');
    expect(request.url).toBe('/');
    expect(request.headers['content-type']).toBe('application/x-www-form-urlencoded');
    const p = form(request);
    expect(p).toMatchObject({
      Action: 'SingleSendMail',
      Version: '2015-11-23',
      Format: 'JSON',
      SignatureMethod: 'HMAC-SHA1',
      SignatureVersion: '1.0',
      AccessKeyId: KEY_ID,
      RegionId: 'cn-hangzhou',
      AccountName: SENDER,
      AddressType: '1',
      ToAddress: 'ada@example.com,bob@example.com',
      FromAlias: 'Acme 通知',
      ReplyToAddress: 'true',
      ReplyAddress: 'help@acme.cn',
      ReplyAddressAlias: 'Help 客服',
      Subject: 'Hi 你好',
      HtmlBody: '<p>Hi 你好</p>',
      TextBody: 'Hi 你好',
      TagName: 'welcome',
    });
    expect(p.Timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(p.SignatureNonce).toMatch(/^[0-9a-f-]{36}$/);
    // The fake answered 200 only because the signature it recomputed matched.
    expect(result.providerMessageId).toMatch(/^6004\d+$/);
    expect(result.response).toContain(`RequestId R-send-${result.providerMessageId}`);
    expect(request.body).not.toContain(SECRET);
  });

  it('signs the documented example exactly (Alibaba Cloud RPC signature, HMAC-SHA1)', () => {
    // The worked example of Alibaba Cloud's "RPC signature" page (AccessKey testid / testsecret).
    const params = {
      AccessKeyId: 'testid',
      Action: 'DescribeRegions',
      Format: 'XML',
      SignatureMethod: 'HMAC-SHA1',
      SignatureNonce: '3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf',
      SignatureVersion: '1.0',
      Timestamp: '2016-02-23T12:46:24Z',
      Version: '2014-05-26',
    };
    expect(aliyunRpcSignature('GET', params, 'testsecret')).toBe('OLeaidS1JvxuMvnyHOwuJ+uX5qY=');
  });

  it('prints as its redacted URL and builds from aliyun://KEY:SECRET@region?accountName=…', async () => {
    const t = resolveTransport(
      `aliyun://${KEY_ID}:${SECRET}@cn-hangzhou?accountName=${SENDER}&endpoint=${encodeURIComponent(api.url)}`,
    );
    expect(String(t)).toBe(
      `aliyun://${KEY_ID}:****@cn-hangzhou?accountName=noreply%40mail.acme.cn&endpoint=${encodeURIComponent(api.url)}`,
    );
    expect(String(make({ endpoint: undefined }))).toBe(
      `aliyun://${KEY_ID}:****@cn-hangzhou?accountName=noreply%40mail.acme.cn`,
    );
    expect(t.defaultFrom).toBe(SENDER);
    await t.send(await message());
  });

  it('sends through createMailer from the sender address by default', async () => {
    const mailer = createMailer({
      templates: 'test/fixtures/templates/ok',
      transport: make(),
    }) as unknown as Mailer<Record<never, never>>;
    const result = await mailer.send(
      'plain-html',
      { name: 'Ada', url: 'https://a.test' },
      { to: 'ada@example.com' },
    );
    expect(byEnv.get(result.providerMessageId ?? '')).toMatchObject({
      AccountName: SENDER,
      ToAddress: 'ada@example.com',
    });
    await mailer.close();
  });

  it('verify() calls DescAccountSummary (signed), and reports a wrong key', async () => {
    await make().verify();
    expect(form(api.requests.at(-1) as RecordedRequest).Action).toBe('DescAccountSummary');
    const error = await failureOf(make({ accessKeySecret: 'wrong-secret' }).verify());
    expect(error).toMatchObject({
      code: 'AUTH_FAILED',
      status: 400,
      providerCode: 'SignatureDoesNotMatch',
      requestId: 'R-2',
    });
    expect(`${error.message} ${error.hint}`).not.toContain('wrong-secret');
  });
});

describe('aliyun() limits: CONFIG before any request, pointing to aliyun-dm://', () => {
  const cases: Array<[string, () => Promise<ReturnType<typeof buildMessage>>, RegExp]> = [
    [
      'attachments',
      () => message({ attachments: [{ filename: 'a.pdf', content: 'x' }] }),
      /attachments \(1 file\)/,
    ],
    ['cc', () => message({ cc: 'c@example.com' }), /cc \(1 address\)/],
    ['bcc', () => message({ bcc: ['b@example.com', 'd@example.com'] }), /bcc \(2 addresses\)/],
    [
      'headers',
      () => message({ headers: { 'List-Unsubscribe': '<https://acme.cn/u>' } }),
      /headers \(List-Unsubscribe\)/,
    ],
    [
      'a long subject',
      () => message({}, { subject: '长'.repeat(101) }),
      /subject of 101 characters \(SingleSendMail allows 100\)/,
    ],
    [
      'a large html body',
      () => message({}, { html: 'x'.repeat(81 * 1024) }),
      /html body of 81 KB \(SingleSendMail allows 80 KB\)/,
    ],
    ['a large text body', () => message({}, { text: '字'.repeat(28_000) }), /text body of 83 KB/],
    [
      'two reply-to addresses',
      () => message({ replyTo: ['a@acme.cn', 'b@acme.cn'] }),
      /replyTo \(2 addresses; ReplyAddress takes one\)/,
    ],
  ];
  it.each(cases)('refuses %s', async (_what, build, text) => {
    const before = api.requests.length;
    const error = await failureOf(make().send(await build()));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.code).toBe('CONFIG');
    expect(error.message).toMatch(text);
    expect(error.hint).toMatch(/aliyun-dm:\/\/sender:SMTPPASS@/);
    expect(api.requests.length).toBe(before);
  });

  it('accepts a subject of exactly 100 characters and an 80 KB body', async () => {
    await make().send(await message({}, { subject: '长'.repeat(100), html: 'x'.repeat(80 * 1024) }));
  });

  it('refuses a From other than the sender address, before any request', async () => {
    const before = api.requests.length;
    const envelope = await prepareEnvelope('billing@mail.acme.cn', { to: 'ada@example.com' });
    const error = await failureOf(
      make().send(buildMessage(envelope, { subject: 's', html: 'h', text: 't' })),
    );
    expect(error).toBeInstanceOf(SenderMismatchError);
    expect(error.message).toBe(
      'From address billing@mail.acme.cn is not the DirectMail sender address noreply@mail.acme.cn',
    );
    expect(api.requests.length).toBe(before);
  });

  it('needs an AccessKey and accountName', () => {
    const saved = { ...process.env };
    delete process.env.ALIBABA_CLOUD_ACCESS_KEY_ID;
    delete process.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET;
    try {
      expect(() => aliyun({ accountName: SENDER })).toThrow(
        /set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET/,
      );
      expect(() => resolveTransport(`aliyun://${KEY_ID}:${SECRET}@cn-hangzhou`)).toThrow(/needs accountName/);
    } finally {
      process.env = saved;
    }
  });
});

describe('aliyun() error mapping', () => {
  const cases: Array<[string, number, string, string, boolean]> = [
    ['InvalidAccessKeyId.NotFound', 404, 'Specified access key is not found.', 'AUTH_FAILED', false],
    ['Forbidden.RAM', 403, 'User not authorized to operate on the specified resource.', 'AUTH_FAILED', false],
    ['Throttling.User', 400, 'Request was denied due to user flow control.', 'RATE_LIMITED', true],
    [
      'InvalidMailAddress.NotFound',
      404,
      'The specified mail address is not found.',
      'SENDER_MISMATCH',
      false,
    ],
    ['InvalidDomain.NotFound', 404, 'The specified domain is not found.', 'SENDER_MISMATCH', false],
    ['InvalidToAddress', 400, 'The specified toAddress is wrongly formed.', 'RECIPIENT_REJECTED', false],
    ['InvalidSendMail.Spam', 400, 'This mail is considered as spam.', 'CONTENT_REJECTED', false],
    ['InternalError', 500, 'The request processing has failed due to some unknown error.', 'TRANSPORT', true],
    [
      'ServiceUnavailable',
      503,
      'The request has failed due to a temporary failure of the server.',
      'TRANSPORT',
      true,
    ],
  ];
  it.each(cases)('maps %s (%i) to %s', async (providerCode, status, text, code, retryable) => {
    const fake = await startFakeApi(() => ({
      status,
      json: { RequestId: 'REQ-9', HostId: 'dm.aliyuncs.com', Code: providerCode, Message: text },
    }));
    const error = await failureOf(make({ endpoint: fake.url }).send(await message()));
    await fake.close();
    expect(error).toMatchObject({ code, retryable, status, providerCode, requestId: 'REQ-9' });
    expect(error.message).toContain(text);
    expect(error.hint).toBeTruthy();
    if (code === 'SENDER_MISMATCH') {
      expect(error).toBeInstanceOf(SenderMismatchError);
      expect(error.hint).toMatch(/verify the sender address and its domain in the DirectMail console/);
    }
    expect(`${error.message} ${error.hint} ${String(error.transport)}`).not.toContain(SECRET);
  });
});
