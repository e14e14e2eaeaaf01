import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';
import {
  type Bounce,
  type BounceReader,
  createBounceReader,
  fileReaderState,
  memorySuppressions,
  type SuppressionStore,
} from 'mailsmith/bounces';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createMailer, type Mailer, smtp } from '../../src/index.js';
import { describeWithService } from '../helpers/services.js';
import { TEST_CA } from '../helpers/smtp-server.js';

// The whole loop on the CI mail stack (.ci/postfix-dovecot.sh): the mailer submits to Postfix (587), which
// accepts mail for bounce.test and then gets 550 5.1.1 from its "remote" MX, so it mails a real DSN to the
// sender bounces@localhost; the reader finds it over Dovecot IMAP (143) and POP3 (110).
const HOST = '127.0.0.1';
const BOUNCES = { user: 'bounces', pass: 'bounces-ci-password', address: 'bounces@localhost' };
const SUBMIT = { user: 'mailsmith', pass: 'mailsmith-ci-password' };
const POSTFIX_LOG = '/var/log/postfix-mailsmith.log';
const data = { name: 'Ada', verifyUrl: 'https://acme.example/v?t=1', items: [] };

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

/** Lines of Postfix's log that name this address: every transaction for it leaves some. */
function postfixLines(address: string): number {
  return readFileSync(POSTFIX_LOG, 'utf8')
    .split('\n')
    .filter((line) => line.includes(`<${address}>`)).length;
}

/** Polls until the DSN for `recipient` has arrived (Postfix delivers it asynchronously), collecting all. */
async function pollFor(reader: BounceReader, recipient: string, seen: Bounce[] = []): Promise<Bounce[]> {
  for (let i = 0; i < 60; i++) {
    seen.push(...(await reader.poll()));
    if (seen.some((b) => b.recipient === recipient)) return seen;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`no bounce for ${recipient} after 15 s; see ${POSTFIX_LOG}`);
}

let mailer: Mailer;
let suppressions: SuppressionStore;
let dir: string;
const readers: BounceReader[] = [];

function reader(protocol: 'imap' | 'pop3', extra: Partial<Parameters<typeof createBounceReader>[0]> = {}) {
  const port = protocol === 'imap' ? 143 : 110;
  const r = createBounceReader({
    mailbox: `${protocol}://${BOUNCES.user}:${BOUNCES.pass}@${HOST}:${port}`,
    suppressions,
    ...extra,
  });
  readers.push(r);
  return r;
}

await describeWithService(
  'postfix+dovecot',
  async () => (await tcp(587)) && (await tcp(143)) && (await tcp(110)),
  'bounces: send through Postfix, read the DSN back over IMAP and POP3, suppress',
  () => {
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'mailsmith-bounces-'));
      suppressions = memorySuppressions();
      mailer = createMailer({
        templates: 'templates',
        from: BOUNCES.address,
        transport: smtp({ host: HOST, port: 587, ...SUBMIT, tls: { ca: TEST_CA, servername: 'localhost' } }),
        suppressions,
      });
    });
    afterAll(async () => {
      for (const r of readers) await r.close();
      await mailer?.close();
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    it('IMAP: finds the bounce with recipient, status and template, suppresses it; the next send never reaches Postfix', async () => {
      const recipient = `gone-${randomUUID()}@bounce.test`;
      const sent = await mailer.send('welcome', data as never, { to: recipient });
      expect(sent.accepted).toEqual([recipient]);

      // Ordinary mail in the same mailbox must stay as it was: not flagged, not \Seen, not moved.
      const subject = `not a bounce ${randomUUID()}`;
      const ordinary = await mailer.compose('welcome', data as never, { to: BOUNCES.address });
      await mailer.deliver({ ...ordinary, subject });

      const imap = reader('imap');
      const found = await pollFor(imap, recipient);
      const bounce = found.find((b) => b.recipient === recipient);
      expect(bounce).toEqual({
        recipient,
        kind: 'hard',
        status: '5.1.1',
        diagnostic: expect.stringContaining('550 5.1.1'),
        messageId: sent.messageId,
        template: 'welcome',
        at: expect.any(Date),
      });
      expect(await suppressions.has(recipient)).toMatchObject({
        reason: 'bounce',
        detail: expect.stringMatching(/^5\.1\.1 /),
      });

      // Never reported twice: the DSN now carries the keyword.
      expect((await imap.poll()).filter((b) => b.recipient === recipient)).toEqual([]);
      const fresh = reader('imap');
      expect((await fresh.poll()).filter((b) => b.recipient === recipient)).toEqual([]);

      const client = new ImapFlow({ host: HOST, port: 143, secure: false, auth: BOUNCES, logger: false });
      await client.connect();
      try {
        const lock = await client.getMailboxLock('INBOX');
        try {
          let plain: { flags?: Set<string> } | false = false;
          for (let i = 0; i < 40 && !plain; i++) {
            const uids = (await client.search({ subject }, { uid: true })) || [];
            if (uids[0]) plain = await client.fetchOne(String(uids[0]), { flags: true }, { uid: true });
            else await new Promise((r) => setTimeout(r, 250));
          }
          expect(plain && [...(plain.flags ?? [])]).toEqual([]);
          const dsn =
            (await client.search({ keyword: '$MailsmithBounce', body: recipient }, { uid: true })) || [];
          expect(dsn).toHaveLength(1);
        } finally {
          lock.release();
        }
      } finally {
        await client.logout();
      }

      const before = postfixLines(recipient);
      expect(before).toBeGreaterThan(0);
      await expect(mailer.send('welcome', data as never, { to: recipient })).rejects.toMatchObject({
        code: 'RECIPIENT_SUPPRESSED',
        recipients: [recipient],
        suppressed: [{ address: recipient, reason: 'bounce' }],
      });
      await new Promise((r) => setTimeout(r, 500));
      expect(postfixLines(recipient)).toBe(before);
    });

    it('IMAP with mark: "move": the bounce goes to its folder, and is not reported again', async () => {
      const recipient = `moved-${randomUUID()}@bounce.test`;
      const folder = `Bounces-${randomUUID().slice(0, 8)}`;
      const preview = JSON.parse(readFileSync('templates/password-reset/preview.json', 'utf8'));
      await mailer.send('password-reset', preview as never, {
        to: recipient,
      });
      const imap = reader('imap', { mark: 'move', moveTo: folder });
      const bounce = (await pollFor(imap, recipient)).find((b) => b.recipient === recipient);
      expect(bounce).toMatchObject({ status: '5.1.1', template: 'password-reset' });
      expect((await reader('imap').poll()).filter((b) => b.recipient === recipient)).toEqual([]);
      const client = new ImapFlow({ host: HOST, port: 143, secure: false, auth: BOUNCES, logger: false });
      await client.connect();
      try {
        const status = await client.status(folder, { messages: true });
        expect(status ? status.messages : 0).toBe(1);
        await client.mailboxDelete(folder);
      } finally {
        await client.logout();
      }
    });

    it('POP3: finds the bounce, remembers it by UIDL across restarts, and deletes nothing', async () => {
      const recipient = `pop-${randomUUID()}@bounce.test`;
      const sent = await mailer.send('welcome', data as never, { to: recipient });
      const statePath = join(dir, 'bounce-state.json');
      const pop3 = reader('pop3', { state: fileReaderState(statePath), suppressions: memorySuppressions() });
      const bounce = (await pollFor(pop3, recipient)).find((b) => b.recipient === recipient);
      expect(bounce).toEqual({
        recipient,
        kind: 'hard',
        status: '5.1.1',
        diagnostic: expect.stringContaining('550 5.1.1'),
        messageId: sent.messageId,
        template: 'welcome',
        at: expect.any(Date),
      });
      expect(await pop3.poll()).toEqual([]);
      // A restarted reader on the same state file does not report it again either.
      const restarted = reader('pop3', {
        state: fileReaderState(statePath),
        suppressions: memorySuppressions(),
      });
      expect((await restarted.poll()).filter((b) => b.recipient === recipient)).toEqual([]);
      // POP3 left the DSN in the mailbox: IMAP still sees it.
      const client = new ImapFlow({ host: HOST, port: 143, secure: false, auth: BOUNCES, logger: false });
      await client.connect();
      try {
        const lock = await client.getMailboxLock('INBOX');
        try {
          expect((await client.search({ body: recipient }, { uid: true })) || []).toHaveLength(1);
        } finally {
          lock.release();
        }
      } finally {
        await client.logout();
      }
    });

    it('watch() yields a bounce as it arrives (IMAP IDLE), until close()', async () => {
      const recipient = `watch-${randomUUID()}@bounce.test`;
      const imap = reader('imap', { pollIntervalMs: 30_000 });
      await imap.poll(); // start from a known point
      const next = (async () => {
        for await (const b of imap.watch()) if (b.recipient === recipient) return b;
        return undefined;
      })();
      await mailer.send('welcome', data as never, { to: recipient });
      const bounce = await next;
      expect(bounce).toMatchObject({ recipient, status: '5.1.1', template: 'welcome' });
      await imap.close();
    });

    it('watch() does not miss a bounce that lands while a scan runs (its EXISTS comes mid-scan)', async () => {
      const first = `race-a-${randomUUID()}@bounce.test`;
      const second = `race-b-${randomUUID()}@bounce.test`;
      // The second DSN is appended from another session while the reader examines the first one, so the
      // server reports it during the scan's own commands, before watch() idles. A reader that missed it
      // would wait the whole poll interval, far beyond this test's timeout.
      const dsn = readFileSync('test/fixtures/bounces/postfix.eml', 'utf8').replaceAll(
        'nobody@bounce.test',
        second,
      );
      const appender = new ImapFlow({
        host: HOST,
        port: 143,
        secure: false,
        auth: { user: BOUNCES.user, pass: BOUNCES.pass },
        logger: false,
      });
      await appender.connect();
      let appended = false;
      const imap = reader('imap', {
        pollIntervalMs: 10 * 60_000,
        onBounce: async (bounce) => {
          if (bounce.recipient !== first || appended) return;
          appended = true;
          await appender.append('INBOX', dsn);
        },
      });
      try {
        await imap.poll();
        const next = (async () => {
          for await (const b of imap.watch()) if (b.recipient === second) return b;
          return undefined;
        })();
        await mailer.send('welcome', data as never, { to: first });
        expect(await next).toMatchObject({ recipient: second, status: '5.1.1' });
        expect(appended).toBe(true);
      } finally {
        await imap.close();
        await appender.logout();
      }
    });

    it('watch() over POP3 polls every pollIntervalMs and yields the new bounce', async () => {
      const recipient = `watch-pop-${randomUUID()}@bounce.test`;
      const pop3 = reader('pop3', { pollIntervalMs: 300, suppressions: memorySuppressions() });
      await pop3.poll(); // everything already there is now remembered
      const next = (async () => {
        for await (const b of pop3.watch()) if (b.recipient === recipient) return b;
        return undefined;
      })();
      await mailer.send('welcome', data as never, { to: recipient });
      expect(await next).toMatchObject({ recipient, status: '5.1.1', template: 'welcome' });
      await pop3.close();
    });

    it('wrong credentials are AUTH_FAILED over both protocols, without the password', async () => {
      for (const protocol of ['imap', 'pop3'] as const) {
        const bad = createBounceReader({
          mailbox: `${protocol}://${BOUNCES.user}:wrong-secret-42@${HOST}:${protocol === 'imap' ? 143 : 110}`,
        });
        const error = await bad.poll().catch((e) => e);
        await bad.close();
        expect(error).toMatchObject({ code: 'AUTH_FAILED' });
        expect(`${error.message} ${error.hint} ${bad.mailbox}`).not.toContain('wrong-secret-42');
      }
    });
  },
);
