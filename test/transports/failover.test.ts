import { simpleParser } from 'mailparser';
import { afterAll, describe, expect, it } from 'vitest';
import { createMailer, failover, type Mailer, qq, smtp, type Transport } from '../../src/index.js';
import { startFaultySmtpServer } from '../helpers/faulty-smtp.js';
import { startSmtpServer, TEST_CA, type TestServer, type TestServerOptions } from '../helpers/smtp-server.js';

type Untyped = Mailer<Record<never, never>>;
const templates = 'test/fixtures/templates/ok';
const data = { name: 'Ada', url: 'https://a.test' };
const open: Array<{ close(): Promise<void> }> = [];

afterAll(async () => {
  for (const o of open.reverse()) await o.close();
});

/** A real TLS + AUTH server and a pooled transport logged in as `user`; counts RCPT attempts. */
async function member(user: string, fail?: string, options: Partial<TestServerOptions> = {}) {
  const pass = `pw-${user}`;
  const state = { rcpt: 0 };
  const server = await startSmtpServer({
    secure: true,
    auth: { user, pass },
    fail: {
      rcptTo: () => {
        state.rcpt++;
        return fail;
      },
    },
    ...options,
  });
  const transport = smtp({
    host: server.host,
    port: server.port,
    secure: true,
    user,
    pass,
    tls: { ca: TEST_CA },
  });
  open.push(server, { close: () => transport.close() });
  return { server, transport, state };
}

function mailer(transport: Transport, from?: string): Untyped {
  return createMailer({ templates, transport, from, retry: false }) as unknown as Untyped;
}

const last = async (server: TestServer) => simpleParser(server.messages.at(-1)!.raw);

describe('failover', () => {
  it('moves on after a retryable error, marks the member down, and sends as each member’s own login', async () => {
    const a = await member('a@acme.test', '451 4.3.0 Try again later');
    const b = await member('b@acme.test');
    const group = failover(a.transport, b.transport, { retryAfterMs: 60_000 });
    const m = mailer(group);

    const first = await m.send('plain-html', data, { to: 'ada@163.com' });
    expect(first.accepted).toEqual(['ada@163.com']);
    expect(a.state.rcpt).toBe(1);
    expect(b.server.messages).toHaveLength(1);
    // No explicit from: the secondary sends as its own login, which its provider accepts.
    expect(b.server.messages[0]?.from).toBe('b@acme.test');
    expect((await last(b.server)).from?.value[0]?.address).toBe('b@acme.test');

    // The primary is down for retryAfterMs: the next send goes straight to the secondary.
    await m.send('plain-html', data, { to: 'bob@163.com' });
    expect(a.state.rcpt).toBe(1);
    expect(b.server.messages).toHaveLength(2);
  });

  it('surfaces a permanent error from the primary instead of masking it', async () => {
    const a = await member('c@acme.test');
    const wrong = smtp({
      host: a.server.host,
      port: a.server.port,
      secure: true,
      user: 'c@acme.test',
      pass: 'wrong-password-9',
      tls: { ca: TEST_CA },
    });
    open.push({ close: () => wrong.close() });
    const b = await member('d@acme.test');
    const error = await mailer(failover(wrong, b.transport))
      .send('plain-html', data, { to: 'ada@163.com' })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'AUTH_FAILED' });
    expect(b.server.connections).toBe(0);
  });

  it('never moves on after DELIVERY_UNKNOWN: the primary may have the message', async () => {
    const lost = await startFaultySmtpServer('drop-after-data');
    const primary = smtp({
      host: lost.host,
      port: lost.port,
      secure: true,
      user: 'g@acme.test',
      pass: 'pw-g',
      tls: { ca: TEST_CA },
    });
    open.push(lost, { close: () => primary.close() });
    const b = await member('h@acme.test');
    const error = await mailer(failover(primary, b.transport))
      .send('plain-html', data, { to: 'ada@163.com' })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'DELIVERY_UNKNOWN' });
    expect(lost.raws).toHaveLength(1);
    expect(b.server.connections).toBe(0);
  });

  it('throws one error listing every member’s failure, each as its redacted URL', async () => {
    const a = await member('e@acme.test', '451 4.3.0 Try again later');
    const b = await member('f@acme.test', '452 4.2.2 Mailbox full');
    const group = failover(a.transport, b.transport);
    expect(String(group)).toMatch(/^failover\(smtps:\/\/e@acme\.test:\*\*\*\*@127\.0\.0\.1:\d+ smtps:\/\/f@/);
    const error = (await mailer(group)
      .send('plain-html', data, { to: 'ada@163.com' })
      .catch((e: unknown) => e)) as Error & { retryable: boolean; cause: AggregateError };
    expect(error.message).toMatch(/All 2 transports of failover\(.*\) failed/);
    expect(error.message).toContain(`smtps://e@acme.test:****@127.0.0.1:${a.server.port}: `);
    expect(error.message).toContain('451');
    expect(error.message).toContain('452');
    expect(error.message).not.toContain('pw-e@acme.test');
    expect(error.retryable).toBe(true);
    expect(error.cause.errors).toHaveLength(2);
  });

  it('refuses at createMailer an explicit from that a member’s provider would reject, naming it', () => {
    const group = failover(
      qq({ user: '10001@qq.com', pass: 'code-a' }),
      qq({ user: '10002@qq.com', pass: 'code-b' }),
    );
    expect(() => createMailer({ transport: group, from: '"Acme" <10001@qq.com>' })).toThrow(
      expect.objectContaining({
        code: 'CONFIG',
        message: expect.stringContaining(
          'member smtps://10002@qq.com:****@smtp.qq.com:465 only sends as its login',
        ),
      }),
    );
    // Without from, each member sends as its own login: fine.
    expect(() => createMailer({ transport: group })).not.toThrow();
  });

  it('is built from a failover(…) URL', () => {
    const m = createMailer({ transport: 'failover(memory:// outbox://./tmp-outbox)' });
    expect(String(m.transport)).toBe('failover(memory:// outbox://./tmp-outbox)');
    expect(() => createMailer({ transport: 'failover(memory://)' })).toThrow(/at least two transports/);
  });
});
