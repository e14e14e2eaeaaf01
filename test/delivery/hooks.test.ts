import { simpleParser } from 'mailparser';
import { afterAll, describe, expect, it } from 'vitest';
import { createMailer, type Mailer, type MailerOptions, memory, redirectAll, smtp } from '../../src/index.js';
import { startSmtpServer, TEST_CA } from '../helpers/smtp-server.js';

type Untyped = Mailer<Record<never, never>>;
const templates = 'test/fixtures/templates/ok';
const data = { name: 'Ada', url: 'https://a.test' };
const auth = { user: 'hooks@acme.test', pass: 'hooks-pass-1' };
const open: Array<{ close(): Promise<void> }> = [];
afterAll(async () => {
  for (const o of open.reverse()) await o.close();
});

async function serverMailer(options: Partial<MailerOptions>, fail?: () => string | undefined) {
  const server = await startSmtpServer({ secure: true, auth, fail: { rcptTo: () => fail?.() } });
  const transport = smtp({
    host: server.host,
    port: server.port,
    secure: true,
    ...auth,
    tls: { ca: TEST_CA },
  });
  const mailer = createMailer({ templates, transport, from: auth.user, ...options }) as unknown as Untyped;
  open.push(server, mailer);
  return { server, mailer };
}

describe('beforeSend', () => {
  it('redirectAll sends to QA and keeps the original recipients in a header', async () => {
    const { server, mailer } = await serverMailer({ beforeSend: redirectAll('qa@163.com') });
    const result = await mailer.send('plain-html', data, {
      to: ['ada@163.com', 'bob@qq.com'],
      cc: 'carol@126.com',
      bcc: 'audit@acme.test',
    });
    expect(result.accepted).toEqual(['qa@163.com']);
    expect(server.messages[0]?.to).toEqual(['qa@163.com']);
    const parsed = await simpleParser(server.messages[0]!.raw);
    expect(parsed.headers.get('x-mailsmith-original-to')).toBe(
      'to: ada@163.com, bob@qq.com; cc: carol@126.com; bcc: audit@acme.test',
    );
    expect(parsed.cc).toBeUndefined();
  });

  it('may change a message (checked again) or cancel it', async () => {
    const transport = memory();
    const mailer = createMailer({
      templates,
      transport,
      from: 'x@acme.test',
      beforeSend: [
        (m) => ({ ...m, subject: `[staging] ${m.subject}` }),
        (m) => (m.to.some((a) => a.address.endsWith('@blocked.test')) ? false : undefined),
      ],
    }) as unknown as Untyped;
    await mailer.send('plain-html', data, { to: 'ada@163.com' });
    expect(transport.messages[0]?.subject).toBe('[staging] Plain Ada');
    const cancelled = await mailer.send('plain-html', data, { to: 'eve@blocked.test' });
    expect(cancelled).toMatchObject({ cancelled: true, accepted: [] });
    expect(transport.messages).toHaveLength(1);

    const sneaky = createMailer({
      templates,
      transport,
      from: 'x@acme.test',
      beforeSend: (m) => ({ ...m, headers: { 'X-Ok': 'a\r\nBcc: evil@example.com' } }),
    }) as unknown as Untyped;
    await expect(sneaky.send('plain-html', data, { to: 'ada@163.com' })).rejects.toMatchObject({
      code: 'INVALID_HEADER',
    });
    expect(transport.messages).toHaveLength(1);
  });
});

describe('suppressions', () => {
  it('fails a suppressed recipient with RECIPIENT_SUPPRESSED before anything connects', async () => {
    const asked: Array<[string, string | undefined]> = [];
    const suppressions = {
      async has(address: string, scope?: string) {
        asked.push([address, scope]);
        return address === 'bounced@163.com' ? { reason: 'bounce' } : undefined;
      },
    };
    const { server, mailer } = await serverMailer({ suppressions });
    const error = await mailer
      .send('plain-html', data, { to: ['ok@163.com', 'bounced@163.com'] })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'RECIPIENT_SUPPRESSED',
      retryable: false,
      recipients: ['bounced@163.com'],
      message: expect.stringContaining('bounced@163.com (bounce)'),
    });
    expect(server.connections).toBe(0);
    expect(asked).toContainEqual(['ok@163.com', 'plain-html']);
    await mailer.send('plain-html', data, { to: 'ok@163.com' });
    expect(server.messages).toHaveLength(1);
  });
});
