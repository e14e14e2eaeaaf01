import { simpleParser } from 'mailparser';
import { memorySuppressions, type SuppressionStore } from 'mailsmith/bounces';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createMailer, type SuppressionPolicy, smtp } from '../../src/index.js';
import { startSmtpServer, TEST_CA, type TestServer } from '../helpers/smtp-server.js';

// A real smtp-server (TLS + AUTH) counts connections: a suppressed send must not open one.
const auth = { user: 'app@acme.example', pass: 'secret-pass-123' };
let server: TestServer;
let suppressions: SuppressionStore;
const data = { name: 'Ada', verifyUrl: 'https://acme.example/v?t=1', items: [] };

function mailerWith(policy?: SuppressionPolicy) {
  return createMailer({
    templates: 'templates',
    from: auth.user,
    transport: smtp({ host: 'localhost', port: server.port, ...auth, tls: { ca: TEST_CA } }),
    suppressions,
    suppressionPolicy: policy,
  });
}

beforeAll(async () => {
  server = await startSmtpServer({ auth });
});
afterAll(() => server.close());
beforeEach(() => {
  suppressions = memorySuppressions([
    { address: 'gone@163.com', reason: 'bounce', detail: '5.1.1 no such user' },
    { address: 'optout@qq.com', reason: 'unsubscribe' },
  ]);
});

describe('mailer option suppressions', () => {
  it('any { has } works: an entry without a reason is reported as "suppressed"', async () => {
    const mailer = createMailer({
      templates: 'templates',
      from: auth.user,
      transport: smtp({ host: 'localhost', port: server.port, ...auth, tls: { ca: TEST_CA } }),
      suppressions: { has: async (address: string) => (address === 'x@163.com' ? true : undefined) },
    });
    await expect(mailer.send('welcome', data as never, { to: 'x@163.com' })).rejects.toMatchObject({
      code: 'RECIPIENT_SUPPRESSED',
      suppressed: [{ address: 'x@163.com', reason: 'suppressed' }],
      message: expect.stringMatching(/^Not sent: suppressed recipient x@163\.com \(suppressed\)/),
    });
    await mailer.close();
  });

  it('a suppressed recipient fails with RECIPIENT_SUPPRESSED before any connection', async () => {
    const mailer = mailerWith();
    const before = { connections: server.connections, messages: server.messages.length };
    const error = await mailer.send('welcome', data as never, { to: 'Gone <GONE@163.com>' }).catch((e) => e);
    await mailer.close();
    expect(error).toMatchObject({
      code: 'RECIPIENT_SUPPRESSED',
      retryable: false,
      recipients: ['gone@163.com'],
      suppressed: [{ address: 'gone@163.com', reason: 'bounce', detail: '5.1.1 no such user' }],
      hint: expect.stringContaining('mailsmith suppressions remove'),
    });
    expect(error.message).toContain('gone@163.com');
    expect(server.connections).toBe(before.connections);
    expect(server.messages.length).toBe(before.messages);
  });

  it('with several recipients the default fails the whole send; "drop" sends to the others and reports', async () => {
    const strict = mailerWith();
    await expect(
      strict.send('welcome', data as never, { to: ['ok@163.com', 'gone@163.com'] }),
    ).rejects.toMatchObject({ code: 'RECIPIENT_SUPPRESSED', recipients: ['gone@163.com'] });
    await strict.close();

    const lenient = mailerWith({ recipients: 'drop' });
    const sent = server.messages.length;
    const result = await lenient.send('welcome', data as never, {
      to: 'ok@163.com',
      cc: 'gone@163.com',
      bcc: 'optout@qq.com',
    });
    await lenient.close();
    expect(result.accepted).toEqual(['ok@163.com']);
    expect(result.suppressed).toEqual([
      { address: 'gone@163.com', reason: 'bounce', detail: '5.1.1 no such user' },
      { address: 'optout@qq.com', reason: 'unsubscribe' },
    ]);
    const received = server.messages[sent];
    expect(received?.to).toEqual(['ok@163.com']);
    const mail = await simpleParser(received?.raw ?? '');
    expect(mail.headers.get('cc')).toBeUndefined();
    // Our sends name their template, so a bounce can be traced back to it.
    expect(mail.headers.get('x-mailsmith-template')).toBe('welcome');
  });

  it('a transactional template bypasses unsubscribe entries, never bounce ones', async () => {
    const mailer = mailerWith({ transactional: ['welcome'] });
    const sent = server.messages.length;
    await mailer.send('welcome', data as never, { to: 'optout@qq.com' });
    expect(server.messages.length).toBe(sent + 1);
    await expect(mailer.send('welcome', data as never, { to: 'gone@163.com' })).rejects.toMatchObject({
      code: 'RECIPIENT_SUPPRESSED',
    });
    await mailer.close();
    const other = mailerWith({ transactional: ['password-reset'] });
    await expect(other.send('welcome', data as never, { to: 'optout@qq.com' })).rejects.toMatchObject({
      code: 'RECIPIENT_SUPPRESSED',
      suppressed: [{ reason: 'unsubscribe' }],
    });
    await other.close();
  });

  it('sendMany reports suppressed recipients per item and sends the rest', async () => {
    const mailer = mailerWith({ recipients: 'drop' });
    const sent = server.messages.length;
    const outcomes = await mailer.sendMany(
      [
        { template: 'welcome', data: data as never, to: 'fine@163.com' },
        { template: 'welcome', data: data as never, to: 'gone@163.com' },
        { template: 'welcome', data: data as never, to: ['fine2@163.com', 'optout@qq.com'] },
      ],
      { concurrency: 1 },
    );
    await mailer.close();
    expect(outcomes.map((o) => o.status)).toEqual(['sent', 'failed', 'sent']);
    expect(outcomes[1]).toMatchObject({
      error: { code: 'RECIPIENT_SUPPRESSED', recipients: ['gone@163.com'] },
    });
    expect(outcomes[2]).toMatchObject({
      result: {
        accepted: ['fine2@163.com'],
        suppressed: [{ address: 'optout@qq.com', reason: 'unsubscribe' }],
      },
    });
    expect(server.messages.length).toBe(sent + 2);
  });

  it('an entry scoped to a template blocks that template only', async () => {
    await suppressions.add({ address: 'digest-only@qq.com', reason: 'unsubscribe', scope: 'receipt' });
    const mailer = mailerWith();
    await expect(mailer.send('welcome', data as never, { to: 'digest-only@qq.com' })).resolves.toMatchObject({
      accepted: ['digest-only@qq.com'],
    });
    const composed = await mailer.compose('welcome', data as never, { to: 'digest-only@qq.com' });
    await expect(mailer.deliver({ ...composed, template: 'receipt' })).rejects.toMatchObject({
      code: 'RECIPIENT_SUPPRESSED',
    });
    await mailer.close();
  });
});
