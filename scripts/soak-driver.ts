/**
 * The load side of scripts/soak.ts, in its own process so its allocations do not count against the
 * dev server's RSS. Runs four loops until told to stop, each reporting failures as errors:
 * SMTP sends to the capture server, "send test" through the preview, template edits (each checked to
 * show up in a render: a stale template is an error), and preview page and API loads.
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer from 'nodemailer';

interface Config {
  url: string;
  smtpPort: number;
  templates: string;
  names: string[];
}

const stats = { sends: 0, captured: 0, pages: 0, edits: 0, slowestEditMs: 0, errors: [] as string[] };
let running = true;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)] as T;
const fail = (what: string, error: unknown) => {
  if (running) stats.errors.push(`${what}: ${error instanceof Error ? error.message : String(error)}`);
};

async function json(config: Config, path: string, body?: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(config.url + path, {
    method: body === undefined ? 'GET' : 'POST',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
  return (await res.json()) as Record<string, unknown>;
}

async function smtpLoop(config: Config): Promise<void> {
  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port: config.smtpPort,
    pool: true,
    maxConnections: 2,
  });
  let n = 0;
  while (running) {
    n++;
    try {
      await transport.sendMail({
        from: 'soak@acme.test',
        to: `user${n % 50}@example.test`,
        subject: `soak ${n}`,
        text: `message ${n}\n`.repeat(200),
        html: `<p>message ${n}</p>`.repeat(200),
        attachments: n % 10 === 0 ? [{ filename: 'a.txt', content: 'x'.repeat(50_000) }] : [],
      });
      stats.sends++;
      stats.captured++;
    } catch (error) {
      fail('smtp send', error);
    }
    await sleep(20);
  }
  transport.close();
}

async function sendTestLoop(config: Config): Promise<void> {
  while (running) {
    const name = pick(config.names);
    try {
      const r = await json(config, `/api/templates/${encodeURIComponent(name)}/send`, {
        to: 'qa@example.test',
      });
      if (r.ok !== true) throw new Error(`send test of ${name}: ${JSON.stringify(r.error)}`);
      stats.sends++;
      stats.captured++;
    } catch (error) {
      fail('send test', error);
    }
    await sleep(200);
  }
}

async function editLoop(config: Config): Promise<void> {
  let n = 0;
  while (running) {
    n++;
    const name = pick(config.names);
    const file = join(config.templates, name, 'subject.hbs');
    try {
      const original = (await readFile(file, 'utf8')).replace(/ \[soak \d+\]$/, '');
      const marker = `[soak ${n}]`;
      // Saved as editors do: a temp file renamed over the original.
      await writeFile(`${file}.tmp`, `${original} ${marker}`);
      await rename(`${file}.tmp`, file);
      stats.edits++;
      const saved = Date.now();
      const deadline = saved + 5_000;
      let subject = '';
      while (running && Date.now() < deadline) {
        const r = await json(config, `/api/templates/${encodeURIComponent(name)}/render`, {});
        subject = String(r.subject ?? '');
        if (subject.endsWith(marker)) {
          // Save to updated render, as a reloading page sees it.
          stats.slowestEditMs = Math.max(stats.slowestEditMs, Date.now() - saved);
          break;
        }
        await sleep(100);
      }
      if (running && !subject.endsWith(marker))
        throw new Error(`${name} still renders "${subject}" 5 s after an edit`);
    } catch (error) {
      fail('edit', error);
    }
    await sleep(500);
  }
}

async function pageLoop(config: Config): Promise<void> {
  let n = 0;
  while (running) {
    n++;
    try {
      for (const path of ['/', '/inbox', `/t/${encodeURIComponent(pick(config.names))}`]) {
        const res = await fetch(config.url + path);
        if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
        await res.text();
        stats.pages++;
      }
      const r = await json(config, `/api/templates/${encodeURIComponent(pick(config.names))}/render`, {});
      if (r.ok !== true) throw new Error(`render: ${JSON.stringify(r.error)}`);
      const inbox = await json(config, '/api/inbox');
      const messages = inbox.messages as { id: string }[];
      if (messages[0]) await json(config, `/api/inbox/${messages[0].id}`);
      // The whole index (every template) now and then, as the home page does.
      if (n % 10 === 0) await json(config, '/api/templates');
      stats.pages += 3;
    } catch (error) {
      fail('page load', error);
    }
    await sleep(100);
  }
}

process.on('message', (m: Config | 'stats' | 'stop') => {
  if (m === 'stats') process.send?.(stats);
  else if (m === 'stop') {
    running = false;
    process.send?.(stats);
    setTimeout(() => process.exit(0), 1_000);
  } else {
    // Warm-up: the index compiles every template once; the loops start after it.
    void json(m, '/api/templates').then(
      () => {
        process.send?.('warm');
        void Promise.all([smtpLoop(m), sendTestLoop(m), editLoop(m), pageLoop(m)]);
      },
      (error) => {
        fail('first index load', error);
        process.send?.('warm');
      },
    );
  }
});
