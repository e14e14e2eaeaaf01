import { afterAll, describe, expect, it } from 'vitest';
import { createMailer, type Mailer, roundRobin, smtp } from '../../src/index.js';
import { startSmtpServer, TEST_CA } from '../helpers/smtp-server.js';

type Untyped = Mailer<Record<never, never>>;
const open: Array<{ close(): Promise<void> }> = [];
afterAll(async () => {
  for (const o of open.reverse()) await o.close();
});

async function member(user: string, fail?: () => string | undefined) {
  const pass = `pw-${user}`;
  const server = await startSmtpServer({
    secure: true,
    auth: { user, pass },
    fail: { rcptTo: () => fail?.() },
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
  return { server, transport };
}

describe('roundRobin', () => {
  it('takes turns, skips a member that failed retryably, and prints as its URL', async () => {
    let failing = false;
    const a = await member('a@rr.test');
    const b = await member('b@rr.test', () => (failing ? '421 4.7.0 Too busy' : undefined));
    const group = roundRobin(a.transport, b.transport);
    expect(String(group)).toMatch(
      /^roundrobin\(smtps:\/\/a@rr\.test:\*\*\*\*@.* smtps:\/\/b@rr\.test:\*\*\*\*@/,
    );
    const m = createMailer({
      templates: 'test/fixtures/templates/ok',
      transport: group,
      from: undefined,
      retry: false,
    }) as unknown as Untyped;
    for (let i = 0; i < 4; i++)
      await m.send('plain-html', { name: 'Ada', url: 'https://a.test' }, { to: `u${i}@163.com` });
    expect([a.server.messages.length, b.server.messages.length]).toEqual([2, 2]);

    failing = true;
    for (let i = 0; i < 4; i++)
      await m.send('plain-html', { name: 'Ada', url: 'https://a.test' }, { to: `v${i}@163.com` });
    // b failed once (its turn moved to a) and is then skipped: everything lands on a.
    expect([a.server.messages.length, b.server.messages.length]).toEqual([6, 2]);
    expect(a.server.messages.at(-1)?.from).toBe('a@rr.test');
  });

  it('is built from a roundrobin(…) URL', () => {
    expect(String(createMailer({ transport: 'roundrobin(memory:// memory://)' }).transport)).toBe(
      'roundrobin(memory:// memory://)',
    );
  });
});
