import { afterAll, describe, expect, it } from 'vitest';
import { createMailer, type Mailer, type MailerEvents, smtp } from '../../src/index.js';
import { startSmtpServer, TEST_CA } from '../helpers/smtp-server.js';

type Untyped = Mailer<Record<never, never>>;
const auth = { user: 'events@acme.test', pass: 'events-secret-pass-7' };
const open: Array<{ close(): Promise<void> }> = [];
afterAll(async () => {
  for (const o of open.reverse()) await o.close();
});

describe('events and logger', () => {
  it('reports rendered, retrying, sent and failed with timings and typed errors; logs no body or secret', async () => {
    let rcpt = 0;
    const server = await startSmtpServer({
      secure: true,
      auth,
      fail: {
        rcptTo: (a) =>
          a.startsWith('gone') ? '550 5.1.1 No such user' : ++rcpt === 1 ? '451 4.3.0 Try later' : undefined,
      },
    });
    const lines: Array<{ level: string; fields: Record<string, unknown>; message?: string }> = [];
    const log = (level: string) => (fields: object, message?: string) =>
      lines.push({ level, fields: fields as Record<string, unknown>, message });
    const mailer = createMailer({
      templates: 'test/fixtures/templates/ok',
      transport: smtp({ host: server.host, port: server.port, secure: true, ...auth, tls: { ca: TEST_CA } }),
      from: auth.user,
      retry: { minDelayMs: 5, maxDelayMs: 10 },
      logger: { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') },
    }) as unknown as Untyped;
    open.push(server, mailer);
    const seen: Array<[keyof MailerEvents, Record<string, unknown>]> = [];
    for (const name of ['rendered', 'retrying', 'sent', 'failed'] as const) {
      mailer.on(name, (e) => seen.push([name, e as never]));
    }
    const data = { name: 'Ada Secretbody', url: 'https://a.test/private-token-123' };
    const result = await mailer.send('plain-html', data, { to: 'ada@163.com' });
    await expect(mailer.send('plain-html', data, { to: 'gone@163.com' })).rejects.toThrow();

    expect(seen.map(([n]) => n)).toEqual(['rendered', 'retrying', 'sent', 'rendered', 'failed']);
    expect(seen[0]?.[1]).toMatchObject({
      template: 'plain-html',
      recipients: ['ada@163.com'],
      renderMs: expect.any(Number),
    });
    expect(seen[1]?.[1]).toMatchObject({
      attempt: 2,
      delayMs: expect.any(Number),
      error: { code: 'TRANSPORT' },
    });
    expect(seen[2]?.[1]).toMatchObject({
      template: 'plain-html',
      messageId: result.messageId,
      attempt: 2,
      sendMs: expect.any(Number),
      renderMs: expect.any(Number),
    });
    expect(seen[4]?.[1]).toMatchObject({
      attempt: 1,
      error: { code: 'RECIPIENT_REJECTED' },
      recipients: ['gone@163.com'],
    });

    expect(lines.map((l) => l.level)).toEqual(['debug', 'warn', 'info', 'debug', 'error']);
    expect(lines[4]?.fields).toMatchObject({
      event: 'mailsmith.failed',
      err: { code: 'RECIPIENT_REJECTED' },
    });
    const logged = JSON.stringify(lines);
    for (const line of lines) expect(Object.keys(line.fields)).not.toEqual(expect.arrayContaining(['html']));
    for (const secret of [auth.pass, 'Secretbody', 'private-token-123', 'Plain Ada']) {
      expect(logged).not.toContain(secret);
    }
  });

  it('logs subject and parts only when logBodies asks; sent/failed events carry the message', async () => {
    const lines: object[] = [];
    const log = (fields: object) => lines.push(fields);
    const mailer = createMailer({
      templates: 'test/fixtures/templates/ok',
      transport: 'memory://',
      from: 'x@acme.test',
      logger: { info: log, warn: log, error: log },
      logBodies: true,
    }) as unknown as Untyped;
    let sentSubject = '';
    mailer.on('sent', ({ message }) => {
      sentSubject = message.subject;
    });
    await mailer.send('plain-html', { name: 'Bodyname', url: 'u' }, { to: 'a@163.com' });
    expect(sentSubject).toBe('Plain Bodyname');
    expect(lines).toEqual([
      expect.objectContaining({ subject: 'Plain Bodyname', html: expect.stringContaining('Bodyname') }),
    ]);
    expect(lines[0]).not.toHaveProperty('message');
  });

  it('a listener that throws does not break the send; on() returns an unsubscribe', async () => {
    const mailer = createMailer({
      templates: 'test/fixtures/templates/ok',
      transport: 'memory://',
      from: 'x@acme.test',
    }) as unknown as Untyped;
    let calls = 0;
    const off = mailer.on('sent', () => {
      calls++;
      throw new Error('listener bug');
    });
    await mailer.send('plain-html', { name: 'A', url: 'u' }, { to: 'a@163.com' });
    off();
    await mailer.send('plain-html', { name: 'A', url: 'u' }, { to: 'a@163.com' });
    expect(calls).toBe(1);
  });
});
