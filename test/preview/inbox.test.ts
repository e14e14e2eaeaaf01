import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMailer, type Mailer } from '../../src/mailer.js';
import { type DevInbox, startDevInbox } from '../../src/preview/dev.js';
import { createInboxStore } from '../../src/preview/inbox/store.js';
import { inboxTransport } from '../../src/preview/inbox/transport.js';
import { fixtureCopy, getJson, nextEvent, openEvents, postJson, raw } from './helpers.js';

type Summary = {
  id: string;
  subject: string;
  from: string;
  to: string[];
  envelope: { from: string; to: string[] };
};

let fixture: Awaited<ReturnType<typeof fixtureCopy>>;
let dev: DevInbox | undefined;
beforeEach(async () => {
  fixture = await fixtureCopy();
});
afterEach(async () => {
  await dev?.close();
  dev = undefined;
  await fixture.cleanup();
});

const inboxDir = () => join(fixture.dir, 'inbox');

async function startDev(options: Parameters<typeof startDevInbox>[0] = {}) {
  dev = await startDevInbox({
    templates: fixture.templates,
    port: 0,
    smtpPort: 0,
    inboxDir: inboxDir(),
    ...options,
  });
  return dev;
}

function smtpClient(port: number, extra: Record<string, unknown> = {}) {
  return nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ...extra });
}

describe('inbox store', () => {
  it('keeps the newest messages up to the cap, on disk, in arrival order across restarts', async () => {
    const store = await createInboxStore({ dir: inboxDir(), max: 2 });
    const removed: string[][] = [];
    store.on('change', (e) => {
      if (e.type === 'removed') removed.push(e.ids);
    });
    const message = (n: number) =>
      Buffer.from(`From: a@x.test\r\nTo: b@x.test\r\nSubject: m${n}\r\n\r\nbody ${n}\r\n`);
    const first = await store.add(message(1), { from: 'a@x.test', to: ['b@x.test'] });
    await store.add(message(2), { from: 'a@x.test', to: ['b@x.test'] });
    await store.add(message(3), { from: 'a@x.test', to: ['b@x.test'] });
    expect(store.list().map((m) => m.subject)).toEqual(['m3', 'm2']);
    expect(removed).toEqual([[first.id]]);
    expect((await readdir(inboxDir())).sort()).toHaveLength(4);
    expect(await store.raw(first.id)).toBeUndefined();

    const reopened = await createInboxStore({ dir: inboxDir(), max: 2 });
    expect(reopened.list().map((m) => m.subject)).toEqual(['m3', 'm2']);
    const smaller = await createInboxStore({ dir: inboxDir(), max: 1 });
    expect(smaller.list().map((m) => m.subject)).toEqual(['m3']);
    expect(await readdir(inboxDir())).toHaveLength(2);
  });

  it('rebuilds a lost summary from the kept source', async () => {
    const store = await createInboxStore({ dir: inboxDir() });
    const m = await store.add(Buffer.from('Subject: kept\r\nFrom: a@x.test\r\n\r\nhi\r\n'), {
      from: 'a@x.test',
      to: [],
    });
    await rm(join(inboxDir(), `${m.id}.json`));
    const reopened = await createInboxStore({ dir: inboxDir() });
    expect(reopened.get(m.id)?.subject).toBe('kept');
  });
});

describe('SMTP capture (mailsmith dev)', () => {
  it('captures what an app sends over SMTP, with its envelope (bcc too), and serves it', async () => {
    const { smtp, url } = await startDev();
    const events = await openEvents(url);
    try {
      const info = await smtpClient(smtp.port).sendMail({
        from: '"Shop" <shop@example.com>',
        to: 'ada@example.com',
        bcc: 'audit@example.com',
        subject: 'Receipt #42',
        text: 'Total: 10',
        html: '<p>Total: <b>10</b></p><img src="cid:logo@shop" alt="logo">',
        attachments: [
          { filename: 'receipt.pdf', content: Buffer.from('%PDF-1.4 fake'), contentType: 'application/pdf' },
          { filename: 'logo.png', content: Buffer.from('png'), contentType: 'image/png', cid: 'logo@shop' },
        ],
      });
      expect(info.response).toMatch(/^250 .*Captured as/);
      const added = await nextEvent(events.reader, (e) => e.event === 'inbox');
      expect(added.data).toMatchObject({ type: 'added', message: { subject: 'Receipt #42' } });

      const { messages } = await getJson<{ messages: Summary[] }>(url, '/api/inbox');
      expect(messages).toHaveLength(1);
      const m = messages[0]!;
      expect(m).toMatchObject({
        subject: 'Receipt #42',
        from: '"Shop" <shop@example.com>',
        to: ['ada@example.com'],
      });
      expect(m.envelope).toEqual({ from: 'shop@example.com', to: ['ada@example.com', 'audit@example.com'] });

      const detail = await getJson<{
        html: string;
        text: string;
        headers: { key: string }[];
        attachments: { filename: string; inline: boolean; index: number }[];
      }>(url, `/api/inbox/${m.id}`);
      expect(detail.text.trim()).toBe('Total: 10');
      expect(detail.headers.map((h) => h.key)).toContain('message-id');
      const logo = detail.attachments.find((a) => a.filename === 'logo.png')!;
      expect(logo.inline).toBe(true);
      expect(detail.html).toContain(`src="/api/inbox/${m.id}/attachments/${logo.index}"`);

      const pdf = detail.attachments.find((a) => a.filename === 'receipt.pdf')!;
      const file = await raw(url, `/api/inbox/${m.id}/attachments/${pdf.index}`);
      expect(file.status).toBe(200);
      expect(file.headers['content-type']).toBe('application/pdf');
      expect(String(file.headers['content-security-policy']).split('; ')).toContain('sandbox');
      expect(file.body).toBe('%PDF-1.4 fake');
      const source = await raw(url, `/api/inbox/${m.id}/raw`);
      expect(source.body).toContain('Subject: Receipt #42');
      expect(source.body).not.toMatch(/^Bcc:/im);
      expect((await raw(url, `/api/inbox/${m.id}/attachments/9`)).status).toBe(404);
      expect((await raw(url, '/api/inbox/..%2f..%2fpackage.json')).status).toBe(404);
      expect((await raw(url, '/api/inbox/%E0')).status).toBe(404);
      expect((await raw(url, '/api/inbox/0000000000000-000001-abcdef')).status).toBe(404);
    } finally {
      events.close();
    }
  });

  it('accepts any credentials (apps configured for production still get captured)', async () => {
    const { smtp, inbox } = await startDev();
    await smtpClient(smtp.port, { auth: { user: 'prod-user', pass: 'prod-secret' } }).sendMail({
      from: 'a@example.com',
      to: 'b@example.com',
      subject: 'with auth',
      text: 'x',
    });
    expect(inbox.list()[0]?.subject).toBe('with auth');
  });

  it('offers STARTTLS only with the TLS option', async () => {
    const plain = await startDev();
    await expect(
      smtpClient(plain.smtp.port, { requireTLS: true }).sendMail({
        from: 'a@x.test',
        to: 'b@x.test',
        text: 'x',
      }),
    ).rejects.toThrow(/STARTTLS/);
    await plain.close();
    dev = undefined;

    const secure = await startDev({ tls: true });
    await smtpClient(secure.smtp.port, { requireTLS: true, tls: { rejectUnauthorized: false } }).sendMail({
      from: 'a@x.test',
      to: 'b@x.test',
      subject: 'over tls',
      text: 'x',
    });
    expect(secure.inbox.list()[0]?.subject).toBe('over tls');
  });

  it('keeps captured mail across a restart, drops the oldest beyond the cap, and can be cleared', async () => {
    let running = await startDev({ maxMessages: 2 });
    for (const n of [1, 2, 3]) {
      await smtpClient(running.smtp.port).sendMail({
        from: 'a@x.test',
        to: 'b@x.test',
        subject: `n${n}`,
        text: 'x',
      });
    }
    await running.close();
    running = await startDev({ maxMessages: 2 });
    const { messages } = await getJson<{ messages: Summary[] }>(running.url, '/api/inbox');
    expect(messages.map((m) => m.subject)).toEqual(['n3', 'n2']);

    const del = await fetch(`${running.url}/api/inbox/${messages[0]?.id}`, { method: 'DELETE' });
    expect(del.status).toBe(200);
    expect(running.inbox.list().map((m) => m.subject)).toEqual(['n2']);
    await fetch(`${running.url}/api/inbox`, { method: 'DELETE' });
    expect(await readdir(inboxDir())).toEqual([]);
  });

  it('captures an app that sends with mailsmith itself to smtp://127.0.0.1:<port> (no auth, no TLS)', async () => {
    const running = await startDev();
    // The fixture templates are not in the generated registry: an untyped mailer, as in an app without one.
    const app = createMailer({
      templates: fixture.templates,
      transport: running.smtpUrl,
      from: 'Acme <noreply@acme.test>',
    }) as unknown as Mailer<Record<never, never>>;
    try {
      const result = await app.send('plain', { name: 'Grace', code: '654321' }, { to: 'grace@example.com' });
      expect(result.response).toMatch(/^250 .*Captured as/);
    } finally {
      await app.close();
    }
    const [m] = running.inbox.list();
    expect(m).toMatchObject({
      subject: 'Your code: 654321',
      to: ['grace@example.com'],
      envelope: { from: 'noreply@acme.test', to: ['grace@example.com'] },
    });
  });

  it('"send test" in dev delivers into the inbox when no other transport is set', async () => {
    const running = await startDev({
      mailer: ({ inbox }) => createMailer({ templates: fixture.templates, transport: inboxTransport(inbox) }),
    });
    const r = await postJson<{ ok: boolean; result: { response: string } }>(
      running.url,
      '/api/templates/plain/send',
      {
        to: 'grace@example.com',
      },
    );
    expect(r.ok).toBe(true);
    const [m] = running.inbox.list();
    expect(m).toMatchObject({ subject: 'Your code: 123456', to: ['grace@example.com'] });
    expect(r.result.response).toContain(m?.id);
  });

  it('does not serve the Inbox view without an inbox (plain `mailsmith preview`)', async () => {
    const { startPreviewServer } = await import('../../src/preview/server.js');
    const preview = await startPreviewServer({ templates: fixture.templates, port: 0 });
    try {
      expect((await raw(preview.url, '/inbox')).status).toBe(404);
      expect((await raw(preview.url, '/api/inbox')).status).toBe(404);
    } finally {
      await preview.close();
    }
  });
});
