/**
 * Soak test of `mailsmith dev`: one dev server (preview + inbox + SMTP capture) runs in this process
 * while a driver process (scripts/soak-driver.ts) sends mail through the capture server and the
 * preview's "send test", edits templates and loads preview pages, all at once, for `--minutes`.
 * Every interval it prints RSS, event-loop delay (p99 and max) and error counts; it exits 1 when
 * anything failed or RSS kept growing after warm-up. Not part of `npm test`; CI runs a short one.
 *
 *   npm run soak -- --minutes 30 [--templates 1500]
 */
import { fork } from 'node:child_process';
import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createMailer } from '../src/mailer.js';
import { startDevInbox } from '../src/preview/dev.js';
import { inboxTransport } from '../src/preview/inbox/transport.js';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '30' },
    templates: { type: 'string', default: '200' },
    // Growth of RSS from the end of warm-up to the end that still counts as flat.
    'max-growth-mb': { type: 'string', default: '64' },
  },
});
const minutes = Number(values.minutes);
const copies = Number(values.templates);
const maxGrowthMb = Number(values['max-growth-mb']);
if (!(minutes > 0) || !(copies >= 0)) {
  console.error('usage: npm run soak -- --minutes <n> [--templates <n>] [--max-growth-mb <n>]');
  process.exit(2);
}
const totalMs = minutes * 60_000;
// A report per minute; short runs (CI) report more often so "flat" has samples to judge.
const intervalMs = Math.min(60_000, Math.max(5_000, totalMs / 8));

const root = fileURLToPath(new URL('..', import.meta.url));
const work = await mkdtemp(join(tmpdir(), 'mailsmith-soak-'));
const templates = join(work, 'templates');
await cp(join(root, 'templates'), templates, { recursive: true });
const originals = (await readdir(templates)).filter((n) => !n.startsWith('_'));
// Many templates, so an edit that recompiled everything would show as event-loop delay.
for (let i = 0; i < copies; i++) {
  const from = originals[i % originals.length] as string;
  await cp(join(templates, from), join(templates, `${from}-${i}`), { recursive: true });
}

const errors: string[] = [];
process.on('uncaughtException', (e) => errors.push(`uncaught: ${e.message}`));
process.on('unhandledRejection', (e) => errors.push(`unhandled rejection: ${String(e)}`));
const stderrWrite = process.stderr.write.bind(process.stderr);
// The watcher reports skipped paths on stderr; in a soak run any such line is an error.
process.stderr.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
  errors.push(`stderr: ${String(chunk).trim()}`);
  return stderrWrite(chunk, ...rest);
}) as typeof process.stderr.write;

const dev = await startDevInbox({
  templates,
  port: 0,
  smtpPort: 0,
  inboxDir: join(work, 'inbox'),
  maxMessages: 200,
  mailer: ({ inbox }) => createMailer({ templates, transport: inboxTransport(inbox) }),
});
console.log(
  `soak: ${minutes} min, ${originals.length + copies} templates, dev at ${dev.url}, SMTP ${dev.smtpUrl}`,
);

const delay = monitorEventLoopDelay({ resolution: 10 });
delay.enable();
const driver = fork(fileURLToPath(new URL('./soak-driver.ts', import.meta.url)), [], {
  execArgv: ['--import', 'tsx'],
  stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
});
let driverStats = { sends: 0, captured: 0, pages: 0, edits: 0, slowestEditMs: 0, errors: [] as string[] };
/** When the driver's first index load (every template compiled) finished: the end of warm-up. */
let warmAt: number | undefined;
driver.on('message', (m) => {
  if (m === 'warm') warmAt = Date.now() - started;
  else driverStats = m as typeof driverStats;
});
driver.on('exit', (code) => {
  if (code !== 0 && !finished) errors.push(`driver exited with ${code}`);
});
const started = Date.now();
driver.send({
  url: dev.url,
  smtpPort: dev.smtp.port,
  templates,
  names: [
    ...originals,
    ...Array.from({ length: copies }, (_, i) => `${originals[i % originals.length]}-${i}`),
  ],
});

interface Sample {
  at: number;
  rssMb: number;
  p99Ms: number;
  maxMs: number;
}
const samples: Sample[] = [];
let finished = false;

const ms = (ns: number) => ns / 1e6;
await new Promise<void>((resolve) => {
  const timer = setInterval(() => {
    const at = Date.now() - started;
    const sample = {
      at,
      rssMb: process.memoryUsage.rss() / 2 ** 20,
      p99Ms: ms(delay.percentile(99)),
      maxMs: ms(delay.max),
    };
    delay.reset();
    samples.push(sample);
    driver.send('stats');
    const failures = errors.length + driverStats.errors.length;
    console.log(
      `${(at / 60_000).toFixed(1).padStart(5)} min  rss ${sample.rssMb.toFixed(0).padStart(4)} MB  ` +
        `loop p99 ${sample.p99Ms.toFixed(0).padStart(4)} ms  max ${sample.maxMs.toFixed(0).padStart(4)} ms  ` +
        `sends ${driverStats.sends}  captured ${driverStats.captured}  pages ${driverStats.pages}  ` +
        `edits ${driverStats.edits}  errors ${failures}`,
    );
    if (at >= totalMs) {
      clearInterval(timer);
      resolve();
    }
  }, intervalMs);
});

finished = true;
driver.send('stop');
await new Promise((resolve) => driver.once('exit', resolve));
await dev.close();
await rm(work, { recursive: true, force: true });

// Flat: after warm-up (every template compiled), heaps and caches grow to a plateau and GC makes RSS
// wobble; a leak keeps climbing. So the end of the run is compared with the highest RSS of the first
// half after warm-up: a plateau passes, steady growth does not.
const settled = samples.filter((s) => warmAt !== undefined && s.at >= warmAt);
const firstHalf = settled.slice(0, Math.max(1, Math.ceil(settled.length / 2)));
const baseline = Math.max(...firstHalf.map((s) => s.rssMb));
const end = settled[settled.length - 1]?.rssMb ?? baseline;
const growth = end - baseline;
const allErrors = [...errors, ...driverStats.errors];
const worst = Math.max(...samples.map((s) => s.maxMs));
console.log(
  `\nsoak: ${driverStats.sends} sends, ${driverStats.captured} captured, ${driverStats.pages} page loads, ` +
    `${driverStats.edits} edits (slowest save → updated render ${driverStats.slowestEditMs} ms); RSS ${baseline.toFixed(0)} (first half after warm-up, highest) → ${end.toFixed(0)} MB at the end ` +
    `(limit +${maxGrowthMb}); worst event-loop delay ${worst.toFixed(0)} ms; ${allErrors.length} errors`,
);
for (const e of allErrors.slice(0, 20)) console.log(`  error: ${e}`);
if (settled.length < 2) allErrors.push('run too short: fewer than two samples after warm-up');
const ok =
  allErrors.length === 0 &&
  growth <= maxGrowthMb &&
  driverStats.sends > 0 &&
  driverStats.captured > 0 &&
  driverStats.pages > 0 &&
  driverStats.edits > 0;
console.log(ok ? 'soak: PASS' : 'soak: FAIL');
process.exit(ok ? 0 : 1);
