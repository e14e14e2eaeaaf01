import type { ImapFlow } from 'imapflow';
import { isMailerError } from '../errors/MailerError.js';
import { TransportError } from '../errors/TransportError.js';
import type { ResolvedMailbox } from './mailbox.js';
import { redactMailbox } from './mailbox.js';
import { mayBeBounce } from './parse/candidate.js';
import { loadImapFlow } from './peers.js';
import { type MailboxSource, sleep } from './source.js';
import type { ReaderState } from './state.js';

export interface ImapMarkOptions {
  /**
   * How a bounce is kept from being reported again: `flag` adds a keyword to it (it stays where it is,
   * unread state untouched), `move` moves it to another folder. Other mail is never touched either way.
   * @default 'flag'
   */
  mark?: 'flag' | 'move';
  /** The keyword for `mark: 'flag'`. @default '$MailsmithBounce' */
  flag?: string;
  /** The folder for `mark: 'move'` (created when missing). @default 'Bounces' */
  moveTo?: string;
}

/**
 * IMAP through imapflow: one connection, kept open between polls. Each scan searches for messages without
 * the bounce keyword above the last UID examined, looks at their headers, and downloads only those that
 * may be bounces (BODY.PEEK: nothing is marked \Seen). IDLE wakes `waitForMail` when mail arrives.
 */
export function imapSource(
  mailbox: ResolvedMailbox,
  state: ReaderState,
  options: ImapMarkOptions = {},
): MailboxSource {
  const mark = options.mark ?? 'flag';
  const flag = options.flag ?? '$MailsmithBounce';
  const moveTo = options.moveTo ?? 'Bounces';
  const key = `${redactMailbox(mailbox)}#${mailbox.folder}`;
  let client: ImapFlow | undefined;

  async function open(): Promise<ImapFlow> {
    if (client?.usable) return client;
    const { ImapFlow } = await loadImapFlow();
    const next = new ImapFlow({
      host: mailbox.host,
      port: mailbox.port,
      secure: mailbox.secure,
      auth: { user: mailbox.user, pass: mailbox.pass },
      logger: false,
      ...(mailbox.tls ? { tls: mailbox.tls } : {}),
    });
    // A dropped connection surfaces on the next scan, which reconnects; the event must not crash the app.
    next.on('error', () => {});
    try {
      await next.connect();
    } catch (error) {
      const e = error as { authenticationFailed?: boolean; message?: string; code?: string };
      if (e.authenticationFailed) {
        throw new TransportError(
          'AUTH_FAILED',
          `IMAP login as ${mailbox.user} at ${mailbox.host} was refused`,
          {
            cause: error,
            hint: 'check user and password; QQ/NetEase need the 授权码 and IMAP enabled in the web mail settings',
          },
        );
      }
      throw new TransportError(
        'CONNECTION',
        `Cannot connect to IMAP server ${mailbox.host}:${mailbox.port}: ${e.message}`,
        {
          cause: error,
          retryable: true,
        },
      );
    }
    client = next;
    return next;
  }

  /** The folder's message count when the last scan began. */
  let seenExists: number | undefined;

  return {
    async scan(examine) {
      try {
        await scanOnce(examine);
      } catch (error) {
        if (isMailerError(error)) throw error;
        // imapflow's own errors (connection closed mid-command, server BYE): worth a reconnect later.
        const detail = error instanceof Error ? error.message : String(error);
        throw new TransportError('CONNECTION', `IMAP session with ${mailbox.host} failed: ${detail}`, {
          cause: error,
          retryable: true,
        });
      }
    },
    async waitForMail(ms, signal) {
      let imap: ImapFlow;
      try {
        imap = await open();
      } catch {
        // The server is away: wait, and let the next scan report it if it still is.
        await sleep(ms, signal);
        return;
      }
      const box = imap.mailbox;
      // The folder grew since the scan looked (or shrank, by our own moves): scan again before idling.
      if (box && typeof box === 'object' && seenExists !== undefined && box.exists !== seenExists) return;
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          imap.off('exists', done);
          imap.off('close', done);
          signal.removeEventListener('abort', done);
          resolve();
        };
        const timer = setTimeout(done, ms);
        // The folder stays selected after a scan; IDLE now (imapflow's own starts after 15 s), so new mail
        // is reported at once. The next command ends the IDLE.
        imap.on('exists', done);
        imap.on('close', done);
        signal.addEventListener('abort', done);
        imap.idle().catch(() => undefined);
      });
    },
    async close() {
      const c = client;
      client = undefined;
      if (c?.usable) await c.logout().catch(() => c.close());
    },
  };

  async function scanOnce(examine: (source: Buffer) => Promise<boolean>): Promise<void> {
    const imap = await open();
    const lock = await imap.getMailboxLock(mailbox.folder);
    try {
      const box = imap.mailbox;
      const uidValidity = box && typeof box === 'object' ? String(box.uidValidity) : '';
      // Mail may land while this scan runs: its EXISTS then comes before waitForMail listens.
      seenExists = box && typeof box === 'object' ? box.exists : undefined;
      const data = await state.load();
      const known = data.imap?.[key];
      const after = known && known.uidValidity === uidValidity ? known.lastUid : 0;
      const uids = (await imap.search({ uid: `${after + 1}:*`, unKeyword: flag }, { uid: true })) || [];
      // "n:*" always matches the last message, even below n.
      const fresh = uids.filter((uid) => uid > after).sort((a, b) => a - b);
      if (fresh.length === 0) return;
      const candidates: number[] = [];
      for await (const msg of imap.fetch(fresh, { uid: true, headers: true }, { uid: true })) {
        if (msg.headers && mayBeBounce(msg.headers)) candidates.push(msg.uid);
      }
      const bounces: number[] = [];
      for (const uid of candidates) {
        const msg = await imap.fetchOne(String(uid), { source: true }, { uid: true });
        const source = msg ? msg.source : undefined;
        if (source && (await examine(source))) bounces.push(uid);
      }
      if (bounces.length > 0) {
        if (mark === 'move') {
          await imap.mailboxCreate(moveTo).catch(() => undefined);
          await imap.messageMove(bounces, moveTo, { uid: true });
        } else {
          await imap.messageFlagsAdd(bounces, [flag], { uid: true });
        }
      }
      const latest = await state.load();
      latest.imap = { ...latest.imap, [key]: { uidValidity, lastUid: Math.max(after, ...fresh) } };
      await state.save(latest);
    } finally {
      lock.release();
    }
  }
}
