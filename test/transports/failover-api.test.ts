import { afterAll, describe, expect, it } from 'vitest';
import { createMailer, failover, type Mailer, smtp, type TransportGroup } from '../../src/index.js';
import { resolveTransport } from '../../src/transports/resolve.js';
import { aliyunRpcSignature } from '../../src/transports/signing.js';
import { type FakeApi, type RecordedRequest, startFakeApi } from '../helpers/fake-api.js';
import { startSmtpServer, TEST_CA } from '../helpers/smtp-server.js';

// Failover across SMTP and an HTTP provider: a real smtp-server over TLS + AUTH that fails retryably,
// then a local DirectMail fake that checks the request signature and accepts.

type Untyped = Mailer<Record<never, never>>;
const KEY_ID = 'LTAI5tFailoverKey';
const SECRET = 'failover-secret-0123';
const ACCOUNT = 'noreply@mail.acme.cn';
const open: Array<{ close(): Promise<void> }> = [];
afterAll(async () => {
  for (const o of open.reverse()) await o.close();
});

const form = (r: RecordedRequest) => Object.fromEntries(new URLSearchParams(r.body));

async function directMail(): Promise<FakeApi> {
  const api = await startFakeApi((request) => {
    const { Signature, ...signed } = form(request);
    if (Signature !== aliyunRpcSignature('POST', signed, SECRET)) {
      return {
        status: 400,
        json: { RequestId: 'R-x', Code: 'SignatureDoesNotMatch', Message: 'bad signature' },
      };
    }
    return { json: { EnvId: '600400', RequestId: 'R-ok' } };
  });
  open.push(api);
  return api;
}

describe("failover('smtp …', 'aliyun://…')", () => {
  it('moves a send that SMTP refuses with a retryable error to DirectMail, sent from its own sender address', async () => {
    let rcpt = 0;
    const auth = { user: 'a@acme.test', pass: 'pw-a' };
    const server = await startSmtpServer({
      secure: true,
      auth,
      fail: {
        rcptTo: () => {
          rcpt++;
          return '550 Mailbox unavailable or access denied (frequency limited)';
        },
      },
    });
    open.push(server);
    const api = await directMail();
    const group = failover(
      smtp({ host: server.host, port: server.port, secure: true, ...auth, tls: { ca: TEST_CA } }),
      resolveTransport(
        `aliyun://${KEY_ID}:${SECRET}@cn-hangzhou?accountName=${ACCOUNT}&endpoint=${encodeURIComponent(api.url)}`,
      ),
    );
    const mailer = createMailer({
      templates: 'test/fixtures/templates/ok',
      transport: group,
      retry: false,
    }) as unknown as Untyped;
    open.push(mailer);

    const result = await mailer.send(
      'plain-html',
      { name: 'Ada', url: 'https://a.test' },
      { to: 'ada@163.com' },
    );
    expect(rcpt).toBe(1);
    expect(server.messages).toHaveLength(0);
    expect(result.providerMessageId).toBe('600400');
    const sent = form(api.requests.at(-1) as RecordedRequest);
    // Without an explicit from, DirectMail sends as its own sender address (its login), not the SMTP one.
    expect(sent).toMatchObject({ Action: 'SingleSendMail', AccountName: ACCOUNT, ToAddress: 'ada@163.com' });
    expect(sent.HtmlBody).toContain('Ada');
  });

  it('does not move a message DirectMail cannot carry: attachments fail with CONFIG, nothing sent', async () => {
    const server = await startSmtpServer({
      secure: true,
      auth: { user: 'b@acme.test', pass: 'pw-b' },
      fail: { rcptTo: () => '451 4.3.0 Try again later' },
    });
    open.push(server);
    const api = await directMail();
    const group = failover(
      smtp({
        host: server.host,
        port: server.port,
        secure: true,
        user: 'b@acme.test',
        pass: 'pw-b',
        tls: { ca: TEST_CA },
      }),
      resolveTransport(
        `aliyun://${KEY_ID}:${SECRET}@cn-hangzhou?accountName=${ACCOUNT}&endpoint=${encodeURIComponent(api.url)}`,
      ),
    );
    const mailer = createMailer({
      templates: 'test/fixtures/templates/ok',
      transport: group,
      retry: false,
    }) as unknown as Untyped;
    open.push(mailer);
    const error = await mailer
      .send(
        'plain-html',
        { name: 'Ada', url: 'https://a.test' },
        { to: 'ada@163.com', attachments: [{ filename: 'a.txt', content: 'x' }] },
      )
      .then(
        () => undefined,
        (e: unknown) => e as { code: string; message: string },
      );
    expect(error).toMatchObject({ code: 'CONFIG' });
    expect(error?.message).toMatch(/aliyun transport .* cannot send attachments/);
    expect(api.requests).toHaveLength(0);
  });

  it('builds from the URL form failover(qq://… aliyun://…), each member redacted', () => {
    const group = resolveTransport(
      `failover(qq://10001@qq.com:abcdefghijklmnop@ aliyun://${KEY_ID}:${SECRET}@cn-hangzhou?accountName=${ACCOUNT})`,
    ) as TransportGroup;
    expect(group.members.map((m) => m.name)).toEqual(['qq', 'aliyun']);
    expect(String(group)).toBe(
      `failover(smtps://10001@qq.com:****@smtp.qq.com:465 aliyun://${KEY_ID}:****@cn-hangzhou?accountName=noreply%40mail.acme.cn)`,
    );
  });
});

describe('an explicit from that DirectMail would refuse', () => {
  it('is a CONFIG error at createMailer, naming the member', () => {
    const group = resolveTransport(
      `failover(qq://10001@qq.com:abcdefghijklmnop@ aliyun://${KEY_ID}:${SECRET}@cn-hangzhou?accountName=${ACCOUNT})`,
    );
    expect(() =>
      createMailer({ templates: 'test/fixtures/templates/ok', transport: group, from: '10001@qq.com' }),
    ).toThrow(
      /cannot send as 10001@qq\.com: member aliyun:\/\/LTAI5tFailoverKey:\*\*\*\*@cn-hangzhou\?accountName=noreply%40mail\.acme\.cn only sends as its login/,
    );
  });
});
