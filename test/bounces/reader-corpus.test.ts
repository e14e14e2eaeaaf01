import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { ImapFlow } from 'imapflow';
import { createBounceReader, memoryReaderState, memorySuppressions } from 'mailsmith/bounces';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithService } from '../helpers/services.js';

// The fixture corpus, appended to a folder of its own in the CI Dovecot, read by the IMAP reader: every
// bounce is found once, soft bounces suppress at the threshold, and every other message is left unchanged.
const HOST = '127.0.0.1';
const auth = { user: 'bounces', pass: 'bounces-ci-password' };
const folder = `corpus-${randomUUID().slice(0, 8)}`;
const fixtures = new URL('../fixtures/bounces/', import.meta.url);
const files = readdirSync(fixtures).filter((f) => f.endsWith('.eml'));
const NOT_BOUNCES = ['ooo-en.eml', 'ooo-zh-gbk.eml', 'read-receipt.eml'];

function imap(): ImapFlow {
  return new ImapFlow({ host: HOST, port: 143, secure: false, auth, logger: false });
}

await describeWithService(
  'dovecot-imap',
  () =>
    new Promise<boolean>((resolve, reject) => {
      const s = connect({ host: HOST, port: 143 }, () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', (e) =>
        reject(new Error(`${HOST}:143: ${e.message}; run .ci/postfix-dovecot.sh as root`)),
      );
    }),
  'bounce reader over IMAP on the fixture corpus',
  () => {
    const client = imap();
    beforeAll(async () => {
      await client.connect();
      await client.mailboxCreate(folder);
      for (const f of files) await client.append(folder, readFileSync(new URL(f, fixtures)), []);
      // The same soft bounce twice more: three within the window reach the threshold.
      const soft = readFileSync(new URL('netease-utf8.eml', fixtures));
      await client.append(folder, soft, []);
      await client.append(folder, soft, []);
    });
    afterAll(async () => {
      await client.mailboxDelete(folder).catch(() => undefined);
      await client.logout();
    });

    it('reports each bounce once, suppresses hard ones at once and soft ones at the threshold, touches nothing else', async () => {
      const suppressions = memorySuppressions();
      const state = memoryReaderState();
      const reader = createBounceReader({
        mailbox: `imap://${auth.user}:${auth.pass}@${HOST}:143/${folder}`,
        suppressions,
        state,
        soft: { threshold: 3, windowMs: 365 * 86_400_000 },
      });
      try {
        const bounces = await reader.poll();
        expect(bounces.map((b) => `${b.recipient} ${b.kind}`).sort()).toEqual(
          [
            'nobody@bounce.test hard',
            'jdoe@contoso.example hard',
            'gone@exim.example hard',
            'nobody.here@gmail.com hard',
            'full.box@gmail.com soft',
            'no-such-user@163.com hard',
            'full-box@163.com soft',
            'full-box@163.com soft',
            'full-box@163.com soft',
            'ghost@qmail.example hard',
            'old@remote.example hard',
            'typo.user@qq.com hard',
          ].sort(),
        );
        const listed = (await suppressions.list()).map((e) => e.address).sort();
        // full.box@gmail.com bounced softly once: counted, not suppressed.
        expect(listed).toEqual(
          [
            'full-box@163.com',
            'ghost@qmail.example',
            'gone@exim.example',
            'jdoe@contoso.example',
            'no-such-user@163.com',
            'nobody.here@gmail.com',
            'nobody@bounce.test',
            'old@remote.example',
            'typo.user@qq.com',
          ].sort(),
        );
        expect(await suppressions.has('full-box@163.com')).toMatchObject({
          detail: expect.stringMatching(/^3 soft bounces within/),
        });
        expect((await state.load()).soft?.['full.box@gmail.com']).toHaveLength(1);
        expect(await reader.poll()).toEqual([]);
      } finally {
        await reader.close();
      }

      const lock = await client.getMailboxLock(folder);
      try {
        const flagged: string[] = [];
        for await (const msg of client.fetch('1:*', { flags: true, envelope: true, source: true })) {
          const name = files.find((f) =>
            readFileSync(new URL(f, fixtures)).equals(msg.source ?? Buffer.alloc(0)),
          );
          const flags = [...(msg.flags ?? [])];
          if (name && NOT_BOUNCES.includes(name)) expect(flags, name).toEqual([]);
          else flagged.push(...flags);
        }
        expect(flagged.every((f) => f === '$MailsmithBounce')).toBe(true);
        expect(flagged).toHaveLength(files.length - NOT_BOUNCES.length + 2);
      } finally {
        lock.release();
      }
    });
  },
);
