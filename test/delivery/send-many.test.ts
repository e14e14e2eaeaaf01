import { afterAll, describe, expect, it } from 'vitest';
import { sendMany } from '../../src/delivery/send-many.js';
import { createMailer, type Mailer, smtp } from '../../src/index.js';
import { startSmtpServer, TEST_CA } from '../helpers/smtp-server.js';

const auth = { user: 'many@acme.test', pass: 'many-pass-1' };
const open: Array<{ close(): Promise<void> }> = [];
afterAll(async () => {
  for (const o of open.reverse()) await o.close();
});

describe('sendMany', () => {
  it('sends through the pool, never throws for one failure, and reports each item in order', async () => {
    const server = await startSmtpServer({
      secure: true,
      auth,
      fail: { rcptTo: (a) => (a.startsWith('gone') ? '550 5.1.1 No such user' : undefined) },
    });
    const transport = smtp({
      host: server.host,
      port: server.port,
      secure: true,
      ...auth,
      tls: { ca: TEST_CA },
      maxConnections: 3,
    });
    const mailer = createMailer({
      templates: 'test/fixtures/templates/ok',
      transport,
      from: auth.user,
      retry: false,
    }) as unknown as Mailer<Record<never, never>>;
    open.push(server, mailer);
    const items = Array.from({ length: 20 }, (_, i) => ({
      template: 'plain-html',
      data: { name: `User ${i}`, url: 'https://a.test' },
      to: i % 7 === 3 ? `gone${i}@163.com` : `user${i}@163.com`,
    }));
    items.push({ template: 'no-such-template', data: { name: 'x', url: 'y' }, to: 'z@163.com' });
    const progress: number[] = [];
    const outcomes = await mailer.sendMany(items, {
      concurrency: 5,
      onProgress: ({ done, total }) => progress.push(done / total),
    });
    expect(outcomes).toHaveLength(21);
    for (const [i, outcome] of outcomes.slice(0, 20).entries()) {
      if (i % 7 === 3) {
        expect(outcome).toMatchObject({ status: 'failed', error: { code: 'RECIPIENT_REJECTED' } });
      } else {
        expect(outcome).toMatchObject({ status: 'sent', result: { accepted: [`user${i}@163.com`] } });
      }
    }
    expect(outcomes[20]).toMatchObject({ status: 'failed', error: { code: 'TEMPLATE_NOT_FOUND' } });
    expect(server.messages).toHaveLength(17);
    expect(server.connections).toBeLessThanOrEqual(3);
    expect(progress).toHaveLength(21);
    expect(progress.at(-1)).toBe(1);
  });

  it('keeps at most `concurrency` sends in flight', async () => {
    let inFlight = 0;
    let peak = 0;
    const outcomes = await sendMany(
      Array.from({ length: 30 }, (_, i) => i),
      async (i) => {
        inFlight++;
        peak = Math.max(peak, inFlight);
        await new Promise((r) => setImmediate(r));
        inFlight--;
        if (i === 4) throw new Error('not a MailerError');
        return {
          messageId: `<${i}@x>`,
          accepted: [],
          rejected: [],
          response: '250',
          envelope: { from: '', to: [] },
        };
      },
      { concurrency: 4 },
    );
    expect(peak).toBe(4);
    expect(outcomes[4]).toMatchObject({
      status: 'failed',
      error: { code: 'TRANSPORT', message: 'not a MailerError' },
    });
    expect(outcomes.filter((o) => o.status === 'sent')).toHaveLength(29);
  });
});
