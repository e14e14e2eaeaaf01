import { type ImapMarkOptions, imapSource } from './imap.js';
import { type MailboxConfig, redactMailbox, resolveMailbox } from './mailbox.js';
import { parseBounce } from './parse/index.js';
import { pop3Source } from './pop3.js';
import type { MailboxSource } from './source.js';
import { memoryReaderState, type ReaderState } from './state.js';
import type { SuppressionStore } from './suppressions.js';
import type { Bounce } from './types.js';

export interface BounceReaderOptions extends ImapMarkOptions {
  /**
   * The sender's mailbox: `imaps://user:pass@host:993[/Folder]`, `pop3s://user:pass@host:995`
   * (`imap://`, `pop3://` without TLS, for local servers), or the same as an object.
   * @example 'imaps://10001%40qq.com:CODE@imap.qq.com:993'
   */
  mailbox: string | MailboxConfig;
  /** Where bounced addresses go: hard bounces at once, soft ones past `soft.threshold`. */
  suppressions?: SuppressionStore;
  /** Remembers POP3 UIDLs, the last IMAP UID and soft-bounce counts. @default memoryReaderState() */
  state?: ReaderState;
  /** Soft bounces (4.x.x, mailbox full) suppress after `threshold` of them within `windowMs`. */
  soft?: {
    /** @default 3 */
    threshold?: number;
    /** @default 604800000 (7 days) */
    windowMs?: number;
  };
  /** How long `watch()` waits between POP3 polls, and at most between IMAP IDLE wake-ups. @default 60000 */
  pollIntervalMs?: number;
  /** Called with each bounce as it is read (after the suppression list is updated). */
  onBounce?: (bounce: Bounce) => void | Promise<void>;
}

export interface BounceReader {
  /** Reads the mailbox once: the bounces not reported before, after updating the suppression list. */
  poll(): Promise<Bounce[]>;
  /** Bounces as they arrive (IMAP: IDLE; POP3: a poll every `pollIntervalMs`), until `close()`. */
  watch(): AsyncIterableIterator<Bounce>;
  /** Stops `watch()` and closes the connection. */
  close(): Promise<void>;
  /** The mailbox URL without its password. */
  readonly mailbox: string;
}

const DAY = 86_400_000;

/**
 * Reads bounces back from the sender's mailbox over IMAP or POP3 and keeps the suppression list up to date,
 * so the mailer stops sending to addresses that do not exist.
 *
 * @example
 * import { createBounceReader, fileSuppressions } from 'mailsmith/bounces';
 * const suppressions = fileSuppressions('./.mailsmith/suppressions.json');
 * const reader = createBounceReader({ mailbox: 'imaps://10001%40qq.com:CODE@imap.qq.com:993', suppressions });
 * for (const b of await reader.poll()) console.log(b.recipient, b.status, b.template);
 * await reader.close();
 */
export function createBounceReader(options: BounceReaderOptions): BounceReader {
  const mailbox = resolveMailbox(options.mailbox);
  const state = options.state ?? memoryReaderState();
  const threshold = options.soft?.threshold ?? 3;
  const windowMs = options.soft?.windowMs ?? 7 * DAY;
  const interval = options.pollIntervalMs ?? 60_000;
  const source: MailboxSource =
    mailbox.protocol === 'imap' ? imapSource(mailbox, state, options) : pop3Source(mailbox, state);
  const stop = new AbortController();
  let polling: Promise<Bounce[]> | undefined;

  /** Hard: suppress now. Soft: count within the window; suppress at the threshold. */
  async function record(bounce: Bounce): Promise<void> {
    const store = options.suppressions;
    if (!store) return;
    const detail = `${bounce.status} ${bounce.diagnostic}`.trim();
    if (bounce.kind === 'hard') {
      await store.add({ address: bounce.recipient, reason: 'bounce', at: bounce.at, detail });
      return;
    }
    const data = await state.load();
    const since = bounce.at.getTime() - windowMs;
    const times = [...(data.soft?.[bounce.recipient] ?? []), bounce.at.toISOString()].filter(
      (t) => new Date(t).getTime() >= since,
    );
    const soft = { ...data.soft };
    if (times.length >= threshold) {
      await store.add({
        address: bounce.recipient,
        reason: 'bounce',
        at: bounce.at,
        detail: `${times.length} soft bounces within ${Math.round(windowMs / 3_600_000)} h; last: ${detail}`,
      });
      delete soft[bounce.recipient];
    } else {
      soft[bounce.recipient] = times;
    }
    await state.save({ ...data, soft });
  }

  async function pollOnce(): Promise<Bounce[]> {
    const found: Bounce[] = [];
    await source.scan(async (raw) => {
      const bounces = await parseBounce(raw);
      for (const bounce of bounces) {
        await record(bounce);
        await options.onBounce?.(bounce);
        found.push(bounce);
      }
      return bounces.length > 0;
    });
    return found;
  }

  // Two overlapping polls would examine the same messages; the second waits for the first.
  const poll = (): Promise<Bounce[]> => {
    const run = (polling ?? Promise.resolve([])).catch(() => []).then(pollOnce);
    polling = run;
    return run;
  };

  async function* watch(): AsyncIterableIterator<Bounce> {
    while (!stop.signal.aborted) {
      let found: Bounce[] = [];
      try {
        found = await poll();
      } catch (error) {
        if (stop.signal.aborted) return;
        // A dropped connection or a server restart should not end a watch that runs for weeks: wait and
        // reconnect. Wrong credentials and the like are not retryable and end it.
        if (!(error as { retryable?: boolean }).retryable) throw error;
        await source.close();
      }
      for (const bounce of found) yield bounce;
      if (stop.signal.aborted) break;
      await source.waitForMail(interval, stop.signal);
    }
  }

  return {
    poll,
    watch,
    async close() {
      stop.abort();
      await polling?.catch(() => undefined);
      await source.close();
    },
    mailbox: redactMailbox(mailbox),
  };
}
