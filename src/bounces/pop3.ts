import type { ResolvedMailbox } from './mailbox.js';
import { redactMailbox } from './mailbox.js';
import { mayBeBounce } from './parse/candidate.js';
import { Pop3Client } from './pop3-client.js';
import { type MailboxSource, sleep } from './source.js';
import type { ReaderState } from './state.js';

/**
 * POP3: a new session per scan (POP3 shows a snapshot of the maildrop taken at login). Messages are never
 * deleted or marked; which ones were examined is remembered by UIDL in the reader state.
 */
export function pop3Source(mailbox: ResolvedMailbox, state: ReaderState): MailboxSource {
  const key = redactMailbox(mailbox);
  return {
    async scan(examine) {
      const client = await Pop3Client.connect(mailbox);
      try {
        await client.login(mailbox.user, mailbox.pass);
        const listing = await client.uidl();
        const data = await state.load();
        const seen = new Set(data.pop3?.[key] ?? []);
        const present = new Set(listing.values());
        for (const [n, uidl] of listing) {
          if (seen.has(uidl)) continue;
          if (mayBeBounce(await client.top(n, 0))) await examine(await client.retr(n));
          seen.add(uidl);
          // Saved per message, so a crash half-way never makes a bounce count twice.
          const latest = await state.load();
          latest.pop3 = { ...latest.pop3, [key]: [...seen].filter((id) => present.has(id)) };
          await state.save(latest);
        }
      } finally {
        await client.quit();
      }
    },
    waitForMail: sleep,
    async close() {},
  };
}
