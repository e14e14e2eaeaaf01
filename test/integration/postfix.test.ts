import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { ImapFlow } from 'imapflow';
import { simpleParser } from 'mailparser';
import { afterAll, describe, expect, it } from 'vitest';
import { createMailer } from '../../src/mailer.js';
import { buildMessage, prepareEnvelope } from '../../src/message/compose.js';
import { toMime } from '../../src/message/mime.js';
import { smtp } from '../../src/transports/smtp.js';
import type { ComposedMessage } from '../../src/types.js';
import { Pop3 } from '../helpers/pop3.js';
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

/** Finds a message by its X-Mailsmith-Test header over POP3, newest first (POP3 and IMAP share the Maildir). */
async function popBySubject(subject: string): Promise<Buffer | undefined> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const pop = await Pop3.login({ host: HOST, port: 110, user: USER, pass: PASS });
    try {
      const count = await pop.count();
      for (let n = count; n > 0 && n > count - 50; n--) {
        const headers = (await pop.headers(n)).replace(/\r\n[ \t]+/g, ' ');
        const tag = /^X-Mailsmith-Test: (.*)$/im.exec(headers)?.[1];
        if (
          tag &&
          (await simpleParser(`X-Mailsmith-Test: ${tag}\r\n\r\n`)).headers.get('x-mailsmith-test') === subject
        ) {
          return await pop.retrieve(n);
        }
      }
    } finally {
      await pop.quit();
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return undefined;
}

/** What a reader sees: fields, parts, headers and attachments, comparable across parses. */
async function readable(source: Buffer) {
  const mail = await simpleParser(source);
  return {
    subject: mail.subject,
    messageId: mail.messageId,
    from: mail.from?.value,
    to: [mail.to].flat().flatMap((a) => a?.value ?? []),
    test: mail.headers.get('x-mailsmith-test'),
    order: mail.headers.get('x-order'),
    html: mail.html,
    text: mail.text,
    attachments: mail.attachments.map((a) => ({
      filename: a.filename,
      contentType: a.contentType,
      disposition: a.contentDisposition,
      cid: a.cid,
      checksum: a.checksum,
      size: a.size,
    })),
  };
}

const PIXEL = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

await describeWithService(
  'postfix+dovecot (smtps 465, POP3 110)',
  async () => (await tcp(465)) && (await tcp(587)) && (await tcp(143)) && (await tcp(110)),
  'the shipped receipt through Postfix over implicit TLS and STARTTLS, read back over POP3 and IMAP',
  () => {
    describe.each([
      ['implicit TLS (465)', 465],
      ['STARTTLS (587)', 587],
    ])('%s', (_label, port) => {
      const mailer = createMailer({
        templates: 'templates',
        from: `"Acme 云服务" <${ADDRESS}>`,
        transport: smtp({
          host: HOST,
          port,
          user: USER,
          pass: PASS,
          tls: { ca: TEST_CA, servername: 'localhost' },
        }),
        checkInterval: false,
      });
      afterAll(() => mailer.close());

      it('POP3 and IMAP read back the parts, headers and attachments that were sent', async () => {
        const preview = JSON.parse(await readFile('templates/receipt/preview.json', 'utf8'));
        const data = (preview as { default: Record<string, unknown> }).default;
        const subject = `receipt via ${port} ${randomUUID()}`;
        const composed: ComposedMessage = await mailer.compose('receipt' as never, data as never, {
          to: `"收件人, 测试" <${ADDRESS}>`,
          headers: { 'X-Mailsmith-Test': subject, 'X-Order': '订单 AC20250618-000042' },
          attachments: [
            {
              filename: '发票 invoice.pdf',
              contentType: 'application/pdf',
              content: Buffer.from(`%PDF-1.4 ${subject}`),
            },
            { filename: 'logo.png', cid: 'logo@acme', content: PIXEL },
          ],
        });
        const result = await mailer.deliver(composed);
        expect(result.accepted).toEqual([ADDRESS]);

        const [viaPop, viaImap] = await Promise.all([popBySubject(subject), fetchBySubject(subject)]);
        expect(viaPop, 'POP3 did not find the message').toBeDefined();
        expect(viaImap, 'IMAP did not find the message').toBeDefined();
        const sent = await readable(await toMime(composed));
        expect(await readable(viaPop!)).toEqual(sent);
        expect(await readable(viaImap!)).toEqual(sent);
        expect(sent.attachments.map((a) => a.filename).sort()).toEqual(['logo.png', '发票 invoice.pdf']);
        expect(sent.test).toBe(subject);
        // Postfix stamps how it was submitted: authenticated, over TLS.
        expect(String((await simpleParser(viaPop!)).headers.get('received'))).toMatch(/ESMTPSA/);
      });
    });

    const via465 = () =>
      smtp({ host: HOST, port: 465, user: USER, pass: PASS, tls: { ca: TEST_CA, servername: 'localhost' } });

    it("Postfix's own refusals become typed errors: wrong password, unknown recipient, oversize", async () => {
      const wrong = smtp({
        host: HOST,
        port: 465,
        user: USER,
        pass: 'wrong-password',
        tls: { ca: TEST_CA, servername: 'localhost' },
      });
      const right = via465();
      try {
        const message = (to: string, html = '<p>hi</p>') =>
          prepareEnvelope(`"Mailsmith CI" <${ADDRESS}>`, { to }).then((e) =>
            buildMessage(e, { subject: `errors ${randomUUID()}`, html, text: 'hi' }),
          );
        await expect(wrong.send(await message(ADDRESS))).rejects.toMatchObject({
          code: 'AUTH_FAILED',
          responseCode: 535,
        });
        const unknown = `nobody-${randomUUID().slice(0, 8)}@localhost`;
        const rejected = await right.send(await message(unknown)).catch((e: unknown) => e);
        expect(rejected).toMatchObject({ code: 'RECIPIENT_REJECTED', responseCode: 550, command: 'RCPT TO' });
        expect(String((rejected as { response?: string }).response)).toMatch(/User unknown/i);
        // Postfix advertises SIZE (message_size_limit, 10240000 by default): refused before MAIL FROM.
        const big = await right
          .send(await message(ADDRESS, `<p>${'x'.repeat(11 * 1024 * 1024)}</p>`))
          .catch((e: unknown) => e);
        expect(big).toMatchObject({ code: 'MESSAGE_TOO_LARGE', retryable: false });
        expect(String((big as Error).message)).toMatch(/10240000/);
      } finally {
        await wrong.close();
        await right.close();
      }
    });
  },
);
