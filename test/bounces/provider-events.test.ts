import { createHmac, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import {
  applyProviderEvents,
  InvalidEventError,
  memorySuppressions,
  parseProviderEvent,
} from '../../src/bounces/index.js';

// ——— SES via SNS: a test key pair stands in for Amazon's signing certificate ———
const { privateKey, publicKey } = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  publicKeyEncoding: { type: 'spki', format: 'pem' },
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
});
const CERT_URL =
  'https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-9c6465fa7f48f5cacd23014631ec1136.pem';
const TOPIC = 'arn:aws:sns:eu-west-1:123456789012:ses-feedback';

function snsEnvelope(message: unknown, extra: Record<string, string> = {}, version: '1' | '2' = '1') {
  const m: Record<string, string> = {
    Type: 'Notification',
    MessageId: '22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324',
    TopicArn: TOPIC,
    Message: typeof message === 'string' ? message : JSON.stringify(message),
    Timestamp: '2026-11-30T12:00:00.000Z',
    SignatureVersion: version,
    SigningCertURL: CERT_URL,
    ...extra,
  };
  const keys =
    m.Type === 'Notification'
      ? ['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type']
      : ['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type'];
  const text = keys
    .filter((k) => m[k] !== undefined)
    .map((k) => `${k}\n${m[k]}\n`)
    .join('');
  m.Signature = sign(version === '2' ? 'sha256' : 'sha1', Buffer.from(text), privateKey).toString('base64');
  return m;
}

const SES_BOUNCE = {
  notificationType: 'Bounce',
  bounce: {
    bounceType: 'Permanent',
    bounceSubType: 'General',
    bouncedRecipients: [
      {
        emailAddress: 'Jane@Example.com',
        status: '5.1.1',
        action: 'failed',
        diagnosticCode: 'smtp; 550 5.1.1 <jane@example.com>... User unknown',
      },
    ],
    timestamp: '2026-11-30T11:59:38.237Z',
    feedbackId: '00000138111222aa-33322211-cccc-cccc-cccc-ddddaaaa068a-000000',
  },
  mail: {
    messageId: '00000138111222aa-33322211-cccc-cccc-cccc-ddddaaaa0680-000000',
    headers: [
      { name: 'Message-ID', value: '<abc@acme.test>' },
      { name: 'X-Mailsmith-Template', value: 'welcome' },
    ],
    commonHeaders: { messageId: '<abc@acme.test>' },
  },
};
const certificate = vi.fn(() => publicKey);
const sesOptions = { certificate };

describe('parseProviderEvent("ses") through SNS', () => {
  it('verifies the SNS signature and turns a permanent bounce into a hard Bounce', async () => {
    const events = await parseProviderEvent('ses', JSON.stringify(snsEnvelope(SES_BOUNCE)), {}, sesOptions);
    expect(certificate).toHaveBeenCalledWith(CERT_URL);
    expect(events).toEqual([
      {
        type: 'bounce',
        provider: 'ses',
        providerMessageId: SES_BOUNCE.mail.messageId,
        bounce: {
          recipient: 'jane@example.com',
          kind: 'hard',
          status: '5.1.1',
          diagnostic: 'smtp; 550 5.1.1 <jane@example.com>... User unknown',
          messageId: '<abc@acme.test>',
          template: 'welcome',
          at: new Date('2026-11-30T11:59:38.237Z'),
        },
      },
    ]);
  });

  it('reads complaints, transient bounces (soft) and SignatureVersion 2', async () => {
    const complaint = {
      notificationType: 'Complaint',
      complaint: {
        complainedRecipients: [{ emailAddress: 'bob@example.com' }],
        complaintFeedbackType: 'abuse',
        timestamp: '2026-11-30T10:00:00Z',
      },
      mail: { messageId: 'm-2' },
    };
    const [c] = await parseProviderEvent(
      'ses',
      JSON.stringify(snsEnvelope(complaint, {}, '2')),
      {},
      sesOptions,
    );
    expect(c).toMatchObject({
      type: 'complaint',
      complaint: { recipient: 'bob@example.com', feedbackType: 'abuse' },
    });
    const transient = {
      ...SES_BOUNCE,
      bounce: {
        ...SES_BOUNCE.bounce,
        bounceType: 'Transient',
        bouncedRecipients: [{ emailAddress: 'full@example.com' }],
      },
    };
    const [s] = await parseProviderEvent('ses', JSON.stringify(snsEnvelope(transient)), {}, sesOptions);
    expect(s).toMatchObject({
      type: 'bounce',
      bounce: { recipient: 'full@example.com', kind: 'soft', status: '4.0.0' },
    });
  });

  it('verifies against an X.509 certificate PEM, as SNS serves it', async () => {
    // The repo's self-signed test certificate and its key stand in for Amazon's signing certificate.
    const tls = new URL('../fixtures/tls/', import.meta.url);
    const cert = readFileSync(new URL('cert.pem', tls), 'utf8');
    const key = readFileSync(new URL('key.pem', tls), 'utf8');
    const m = snsEnvelope(SES_BOUNCE);
    const keys = ['Message', 'MessageId', 'Timestamp', 'TopicArn', 'Type'];
    const text = keys.map((k) => `${k}\n${m[k]}\n`).join('');
    m.Signature = sign('sha1', Buffer.from(text), key).toString('base64');
    const events = await parseProviderEvent('ses', JSON.stringify(m), {}, { certificate: () => cert });
    expect(events.map((e) => e.type)).toEqual(['bounce']);
    // The same message checked against another key fails.
    await expect(parseProviderEvent('ses', JSON.stringify(m), {}, sesOptions)).rejects.toThrow(
      /does not verify/,
    );
  });

  it('passes on a subscription confirmation without fetching it', async () => {
    const body = snsEnvelope('You have chosen to subscribe…', {
      Type: 'SubscriptionConfirmation',
      SubscribeURL: 'https://sns.eu-west-1.amazonaws.com/?Action=ConfirmSubscription&Token=t',
      Token: 't',
    });
    expect(await parseProviderEvent('ses', JSON.stringify(body), {}, sesOptions)).toEqual([
      { type: 'subscription', provider: 'ses', subscribeUrl: body.SubscribeURL, topicArn: TOPIC },
    ]);
  });

  it('refuses an altered message, a foreign certificate host and an unexpected topic', async () => {
    const good = snsEnvelope(SES_BOUNCE);
    const altered = { ...good, Message: good.Message?.replace('jane@', 'ceo@') };
    const e1 = await parseProviderEvent('ses', JSON.stringify(altered), {}, sesOptions).catch((e) => e);
    expect(e1).toBeInstanceOf(InvalidEventError);
    expect(e1).toMatchObject({ code: 'INVALID_EVENT', message: 'SNS message signature does not verify' });

    certificate.mockClear();
    for (const url of [
      'https://sns.eu-west-1.amazonaws.com.evil.example/cert.pem',
      'http://sns.eu-west-1.amazonaws.com/cert.pem',
      'https://evil.example/sns.eu-west-1.amazonaws.com/cert.pem',
    ]) {
      const forged = snsEnvelope(SES_BOUNCE, { SigningCertURL: url });
      const error = await parseProviderEvent('ses', JSON.stringify(forged), {}, sesOptions).catch((e) => e);
      expect(error.code).toBe('INVALID_EVENT');
      expect(error.message).toMatch(/is not an Amazon SNS certificate/);
    }
    // A foreign certificate is never even loaded.
    expect(certificate).not.toHaveBeenCalled();

    const other = await parseProviderEvent(
      'ses',
      JSON.stringify(good),
      {},
      { ...sesOptions, topicArns: ['arn:aws:sns:eu-west-1:1:x'] },
    ).catch((e) => e);
    expect(other.message).toMatch(/is not one this endpoint accepts/);
  });
});

// ——— Resend (Svix signatures) ———
const SECRET = `whsec_${randomBytes(24).toString('base64')}`;
function svixHeaders(body: string, at = new Date(), secret = SECRET) {
  const id = 'msg_2Lh9KRb6pzN4XHP9kMSsr5FJqKq';
  const ts = String(Math.floor(at.getTime() / 1000));
  const sig = createHmac('sha256', Buffer.from(secret.slice(6), 'base64'))
    .update(`${id}.${ts}.${body}`)
    .digest('base64');
  return { 'svix-id': id, 'svix-timestamp': ts, 'svix-signature': `v1,bm90IHRoaXMgb25l v1,${sig}` };
}
const RESEND_BOUNCE = JSON.stringify({
  type: 'email.bounced',
  created_at: '2026-11-30T11:00:00.000Z',
  data: {
    email_id: '56761188-7520-42d8-8898-ff6fc54ce618',
    from: 'Acme <noreply@acme.test>',
    to: ['ghost@example.com'],
    subject: 'Welcome',
    bounce: {
      message: "550 5.1.1 The email account that you tried to reach doesn't exist.",
      subType: 'General',
      type: 'Permanent',
    },
  },
});

describe('parseProviderEvent("resend")', () => {
  it('verifies the Svix signature (any of several) and reads a bounce and a complaint', async () => {
    const [b] = await parseProviderEvent('resend', Buffer.from(RESEND_BOUNCE), svixHeaders(RESEND_BOUNCE), {
      secret: SECRET,
    });
    expect(b).toEqual({
      type: 'bounce',
      provider: 'resend',
      providerMessageId: '56761188-7520-42d8-8898-ff6fc54ce618',
      bounce: {
        recipient: 'ghost@example.com',
        kind: 'hard',
        status: '5.1.1',
        diagnostic: "550 5.1.1 The email account that you tried to reach doesn't exist.",
        at: new Date('2026-11-30T11:00:00.000Z'),
      },
    });
    const complaint = JSON.stringify({
      type: 'email.complained',
      created_at: '2026-11-30T11:00:00Z',
      data: { email_id: 'e2', to: ['bob@example.com'] },
    });
    const headers = new Headers(svixHeaders(complaint));
    expect(await parseProviderEvent('resend', complaint, headers, { secret: SECRET })).toMatchObject([
      { type: 'complaint', complaint: { recipient: 'bob@example.com' } },
    ]);
    const delivered = JSON.stringify({ type: 'email.delivered', data: { to: ['a@example.com'] } });
    expect(await parseProviderEvent('resend', delivered, svixHeaders(delivered), { secret: SECRET })).toEqual(
      [],
    );
  });

  it('refuses a wrong secret, an altered body, a stale timestamp and missing headers', async () => {
    const other = `whsec_${randomBytes(24).toString('base64')}`;
    const cases: Array<[string, Record<string, string>, string, RegExp]> = [
      [
        'wrong secret',
        svixHeaders(RESEND_BOUNCE, new Date(), other),
        RESEND_BOUNCE,
        /signature does not verify/,
      ],
      [
        'altered body',
        svixHeaders(RESEND_BOUNCE),
        RESEND_BOUNCE.replace('ghost@', 'boss@'),
        /signature does not verify/,
      ],
      ['stale', svixHeaders(RESEND_BOUNCE, new Date(Date.now() - 10 * 60_000)), RESEND_BOUNCE, /too old/],
      ['no headers', {}, RESEND_BOUNCE, /has no svix-id/],
    ];
    for (const [, headers, body, message] of cases) {
      const error = await parseProviderEvent('resend', body, headers, { secret: SECRET }).catch((e) => e);
      expect(error).toBeInstanceOf(InvalidEventError);
      expect(error.message).toMatch(message);
      expect(`${error.message} ${error.hint}`).not.toContain(SECRET.slice(6));
    }
    await expect(parseProviderEvent('resend', RESEND_BOUNCE, svixHeaders(RESEND_BOUNCE))).rejects.toThrow(
      /needs \{ secret \}/,
    );
  });
});

// ——— DirectMail and Tencent callbacks ———
const DM_FAIL = JSON.stringify({
  id: '8734hhidu983hi457',
  source: 'acs:dm',
  specversion: '1.0',
  type: 'dm:Deliver:Fail',
  time: '2026-11-30T11:07:12+08:00',
  data: {
    rcpt: 'nobody@aliyun.com',
    msg_id: '1dfa0c@dm',
    err_code: '554',
    err_msg: "554 RCPT nobody@aliyun.com dosn't exist",
    failed_type: 'SmtpNxBox',
    event: 'dm:Deliver:Fail',
  },
});
const TENCENT_BOUNCE = JSON.stringify({
  event: 'bounce',
  email: 'example@example.com',
  bulkId: 'qcloudses-30-251200670-date-20220601142439-8jolHvR2XcXC1',
  timestamp: 1654064683,
  reason: '551 5.1.1 recipient is not exist',
  bounceType: 'hard_bounce',
  messageId: 'ea2783c1-7704-48a8-af36-2b9e83e767ec@fromexample.com',
});

describe('parseProviderEvent("aliyun" | "tencent")', () => {
  it('reads a DirectMail delivery failure, complaint and unsubscribe', async () => {
    expect(await parseProviderEvent('aliyun', DM_FAIL)).toEqual([
      {
        type: 'bounce',
        provider: 'aliyun',
        providerMessageId: '1dfa0c@dm',
        bounce: {
          recipient: 'nobody@aliyun.com',
          kind: 'hard',
          status: '5.0.0',
          diagnostic: "554 RCPT nobody@aliyun.com dosn't exist",
          at: new Date('2026-11-30T03:07:12Z'),
        },
      },
    ]);
    const fbl = JSON.stringify([
      { type: 'dm:Feedback:FblReport', data: { rcpt: 'a@qq.com' } },
      { type: 'dm:Feedback:UnSubscribe', data: { rcpt: 'b@qq.com' } },
      { type: 'dm:Deliver:Succeed', data: { rcpt: 'c@qq.com' } },
    ]);
    expect((await parseProviderEvent('aliyun', fbl)).map((e) => e.type)).toEqual([
      'complaint',
      'unsubscribe',
    ]);
  });

  it('reads a Tencent bounce (hard_bounce/soft_bounce), spam report and unsubscribe', async () => {
    const [b] = await parseProviderEvent('tencent', TENCENT_BOUNCE);
    expect(b).toEqual({
      type: 'bounce',
      provider: 'tencent',
      providerMessageId: 'qcloudses-30-251200670-date-20220601142439-8jolHvR2XcXC1',
      bounce: {
        recipient: 'example@example.com',
        kind: 'hard',
        status: '5.1.1',
        diagnostic: '551 5.1.1 recipient is not exist',
        messageId: '<ea2783c1-7704-48a8-af36-2b9e83e767ec@fromexample.com>',
        at: new Date(1654064683 * 1000),
      },
    });
    const soft = TENCENT_BOUNCE.replace('hard_bounce', 'soft_bounce').replace('551 5.1.1', '452 4.2.2');
    expect((await parseProviderEvent('tencent', soft))[0]).toMatchObject({
      bounce: { kind: 'soft', status: '4.2.2' },
    });
    const spam = JSON.stringify({ event: 'spamreport', email: 'x@example.com', timestamp: 1654064683 });
    expect((await parseProviderEvent('tencent', spam))[0]?.type).toBe('complaint');
  });

  it('checks a configured token, and refuses a body that is not the provider format', async () => {
    await expect(parseProviderEvent('tencent', TENCENT_BOUNCE, {}, { token: 't0k' })).rejects.toThrow(
      /has no valid token/,
    );
    expect(
      await parseProviderEvent('tencent', TENCENT_BOUNCE, { Authorization: 'Bearer t0k' }, { token: 't0k' }),
    ).toHaveLength(1);
    expect(
      await parseProviderEvent('aliyun', DM_FAIL, { 'X-Mailsmith-Token': 't0k' }, { token: 't0k' }),
    ).toHaveLength(1);
    await expect(parseProviderEvent('tencent', 'not json')).rejects.toMatchObject({ code: 'INVALID_EVENT' });
    await expect(parseProviderEvent('tencent', '{"email":"a@b.c"}')).rejects.toThrow(/has no event/);
    await expect(parseProviderEvent('tencent', { event: 'bounce' } as never)).rejects.toMatchObject({
      code: 'CONFIG',
    });
  });
});

describe('applyProviderEvents', () => {
  it('feeds hard bounces, complaints and unsubscribes to the suppression store, not soft bounces', async () => {
    const store = memorySuppressions();
    const events = [
      ...(await parseProviderEvent('tencent', TENCENT_BOUNCE)),
      ...(await parseProviderEvent(
        'tencent',
        TENCENT_BOUNCE.replace('hard_bounce', 'soft_bounce').replace('example@', 'soft@'),
      )),
      ...(await parseProviderEvent(
        'tencent',
        JSON.stringify({ event: 'spamreport', email: 'spam@example.com', timestamp: 1 }),
      )),
      ...(await parseProviderEvent(
        'aliyun',
        JSON.stringify({ type: 'dm:Feedback:UnSubscribe', data: { rcpt: 'bye@qq.com' } }),
      )),
    ];
    await applyProviderEvents(store, events);
    const list = (await store.list()).map((s) => [s.address, s.reason]).sort();
    expect(list).toEqual([
      ['bye@qq.com', 'unsubscribe'],
      ['example@example.com', 'bounce'],
      ['spam@example.com', 'complaint'],
    ]);
    expect((await store.has('example@example.com'))?.detail).toBe(
      'tencent: 5.1.1 551 5.1.1 recipient is not exist',
    );
  });
});
