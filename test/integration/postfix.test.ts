import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { ImapFlow } from 'imapflow';
import { simpleParser } from 'mailparser';
import { afterAll, expect, it } from 'vitest';
import { buildMessage, prepareEnvelope } from '../../src/message/compose.js';
import { smtp } from '../../src/transports/smtp.js';
import { describeWithService } from '../helpers/services.js';
import { TEST_CA } from '../helpers/smtp-server.js';

// Real Postfix (submission, STARTTLS + Dovecot SASL) and Dovecot IMAP, set up by .ci/postfix-dovecot.sh with
// these fixed values. Postfix serves test/fixtures/tls/cert.pem, so verification stays on via `tls: { ca }`.
const HOST = '127.0.0.1';
const USER = 'mailsmith';
const PASS = 'mailsmith-ci-password';
const ADDRESS = 'mailsmith@localhost';

function tcp(port: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: HOST, port, timeout: 1000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      reject(new Error(`timeout connecting to ${HOST}:${port}`));
    });
    socket.once('error', (e) =>
      reject(new Error(`${HOST}:${port}: ${e.message}; run .ci/postfix-dovecot.sh as root`)),
    );
  });
}

const transport = smtp({
  host: HOST,
  port: 587,
  user: USER,
  pass: PASS,
  tls: { ca: TEST_CA, servername: 'localhost' },
});
afterAll(() => transport.close());

async function fetchBySubject(subject: string): Promise<Buffer | undefined> {
  const client = new ImapFlow({
    host: HOST,
    port: 143,
    secure: false,
    auth: { user: USER, pass: PASS },
    logger: false,
  });
  await client.connect();
  try {
    const lock = await client.getMailboxLock('INBOX');
    try {
      // Local delivery is asynchronous: poll briefly for the message to land in the Maildir.
      for (let i = 0; i < 50; i++) {
        const uids = await client.search({ header: { 'x-mailsmith-test': subject } }, { uid: true });
        if (uids && uids.length > 0) {
          const msg = await client.fetchOne(String(uids[0]), { source: true }, { uid: true });
          return msg ? msg.source : undefined;
        }
        await new Promise((r) => setTimeout(r, 200));
        await client.noop();
      }
      return undefined;
    } finally {
      lock.release();
    }
  } finally {
    await client.logout();
  }
}

await describeWithService(
  'postfix+dovecot',
  async () => (await tcp(587)) && (await tcp(143)),
  'smtp() through real Postfix, read back over Dovecot IMAP',
  () => {
    it('verify() authenticates over STARTTLS', async () => {
      await expect(transport.verify()).resolves.toBeUndefined();
      expect(transport.config).toMatchObject({ port: 587, secure: false, requireTLS: true });
    });

    it('delivers a multipart message that IMAP reads back intact', async () => {
      const tag = randomUUID();
      const subject = `mailsmith 集成测试 ${tag}`;
      const envelope = await prepareEnvelope(`"Mailsmith CI" <${ADDRESS}>`, {
        to: `"收件人" <${ADDRESS}>`,
        headers: { 'X-Mailsmith-Test': subject },
        attachments: [{ filename: 'note.txt', content: `tag ${tag}` }],
      });
      const message = buildMessage(envelope, {
        subject,
        html: `<p>Hello <b>Postfix</b> ${tag}</p>`,
        text: `Hello Postfix ${tag}`,
      });
      const result = await transport.send(message);
      expect(result.accepted).toEqual([ADDRESS]);
      expect(result.response).toMatch(/^250 /);

      const source = await fetchBySubject(subject);
      expect(source, 'message did not arrive in the mailsmith INBOX').toBeDefined();
      const mail = await simpleParser(source!);
      expect(mail.subject).toBe(subject);
      expect(mail.messageId).toBe(message.messageId);
      expect(mail.text?.trim()).toBe(`Hello Postfix ${tag}`);
      expect(mail.html).toContain(`<b>Postfix</b> ${tag}`);
      expect(mail.from?.value).toEqual([{ name: 'Mailsmith CI', address: ADDRESS }]);
      expect(mail.attachments.map((a) => [a.filename, a.content.toString()])).toEqual([
        ['note.txt', `tag ${tag}`],
      ]);
      // Postfix stamps the submission: authenticated, over TLS.
      expect(String(mail.headers.get('received'))).toMatch(/ESMTPSA/);
    });

    it('a wrong password is AUTH_FAILED from the real server', async () => {
      const wrong = smtp({
        host: HOST,
        port: 587,
        user: USER,
        pass: 'not-the-password',
        tls: { ca: TEST_CA },
      });
      try {
        await expect(wrong.verify()).rejects.toMatchObject({ code: 'AUTH_FAILED', responseCode: 535 });
      } finally {
        await wrong.close();
      }
    });
  },
);
