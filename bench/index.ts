/**
 * @module
 * `npm run bench`: warm render throughput of the shipped `receipt` template against a naive
 * per-call pipeline, pooled SMTP throughput to an in-process smtp-server, mailsmith `send()` against
 * raw nodemailer `sendMail` (bench/send-vs-nodemailer.ts), and the production footprint (cold start,
 * installed size, warm renders; bench/footprint.ts). Prints, never asserts.
 */
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { createRenderer } from '../src/render/renderer.js';
import type { ComposedMessage } from '../src/types.js';
import { receiptData } from './data.js';
import { benchFootprint } from './footprint.js';
import { benchLocales } from './locales.js';
import { naivePipeline } from './naive.js';
import { benchQueue } from './queue.js';
import { benchSendVsNodemailer } from './send-vs-nodemailer.js';
import { fmt } from './util.js';

const TEMPLATES = fileURLToPath(new URL('../templates', import.meta.url));
const TARGET_RATE = 30_000;

interface Figures {
  label: string;
  count: number;
  perSecond: number;
  p50: number;
  p99: number;
  rssMb: number;
}

/**
 * Throughput over about `ms` milliseconds, timed in batches so clock reads do not count, then
 * latency percentiles from a second pass that times every call.
 */
async function measure(
  label: string,
  ms: number,
  batch: number,
  fn: (i: number) => unknown,
  maxCalls = Number.POSITIVE_INFINITY,
): Promise<Figures> {
  let count = 0;
  const start = performance.now();
  let now = start;
  while (now - start < ms && count < maxCalls) {
    for (let k = 0; k < batch; k++, count++) {
      const r = fn(count);
      if (r instanceof Promise) await r;
    }
    now = performance.now();
  }
  const perSecond = count / ((now - start) / 1000);
  const samples: number[] = [];
  const latencyCalls = Math.min(count, 20_000);
  for (let i = 0; i < latencyCalls; i++) {
    const t0 = performance.now();
    const r = fn(i);
    if (r instanceof Promise) await r;
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]!;
  return {
    label,
    count,
    perSecond,
    p50: at(0.5),
    p99: at(0.99),
    rssMb: process.resourceUsage().maxRSS / 1024,
  };
}

const us = (ms: number) => `${fmt(ms * 1000, ms < 1 ? 1 : 0)} µs`;

function row(f: Figures): string {
  return [
    f.label.padEnd(44),
    fmt(f.perSecond).padStart(10),
    us(f.p50).padStart(12),
    us(f.p99).padStart(12),
    `${fmt(f.rssMb)} MB`.padStart(10),
    fmt(f.count).padStart(9),
  ].join(' ');
}

function check(ok: boolean, text: string): string {
  return `${ok ? '✔' : '✘'} ${text}`;
}

async function main(): Promise<void> {
  const data = receiptData(100);
  console.log(`mailsmith bench · template "receipt" · ${data.length} data objects · Node ${process.version}`);
  const load = loadavg()[0]!;
  console.log(
    `machine: ${availableParallelism()} cores, load average ${fmt(load, 1)}; measured single-threaded`,
  );
  if (load > availableParallelism()) {
    console.log(
      'warning: the machine is busy (load > cores); figures will be low and noisy, run again when idle',
    );
  }
  console.log();

  // Compile-once pipeline.
  const t0 = performance.now();
  const renderer = createRenderer({ dir: TEMPLATES, checkInterval: 1000 });
  const compiled = await renderer.get('receipt');
  const coldMs = performance.now() - t0;
  for (const d of data) {
    const out = compiled.render(d);
    if (/\{\{|\}\}/.test(out.html + out.text + out.subject))
      throw new Error('unrendered Handlebars in output');
  }
  const sample = compiled.render(data[0]);
  console.log(`compile, cold (includes importing MJML): ${fmt(coldMs)} ms`);
  console.log(
    `output per render: html ${fmt(sample.html.length / 1024, 1)} KB, text ${fmt(sample.text.length / 1024, 1)} KB\n`,
  );

  await measure('warm-up', 500, 1000, (i) => renderer.render('receipt', data[i % 100]));
  const fast = await measure('mailsmith: await renderer.render()', 3000, 1000, (i) =>
    renderer.render('receipt', data[i % 100]),
  );
  const sync = await measure('mailsmith: compiled.render() (sync)', 2000, 1000, (i) =>
    compiled.render(data[i % 100]),
  );

  // Naive: everything on every call.
  const naive = await naivePipeline(TEMPLATES);
  await measure('naive warm-up', 0, 5, (i) => naive(data[i % 100]), 5);
  const slow = await measure(
    'naive: Handlebars → MJML → juice → h2t',
    5000,
    5,
    (i) => naive(data[i % 100]),
    200,
  );

  const ratio = fast.perSecond / slow.perSecond;
  console.log(
    `${'pipeline'.padEnd(44)} ${'renders/s'.padStart(10)} ${'p50'.padStart(12)} ${'p99'.padStart(12)} ${'peak RSS'.padStart(10)} ${'renders'.padStart(9)}`,
  );
  for (const f of [fast, sync, slow]) console.log(row(f));
  console.log('(peak RSS is the process high-water mark so far, so each row includes the ones above it)\n');
  console.log(
    check(fast.perSecond >= TARGET_RATE, `${fmt(fast.perSecond)} renders/s (target ≥ ${fmt(TARGET_RATE)})`),
  );
  // Not the headline: the naive rows above run cold-ish and share this process with MJML's garbage.
  // The honest ratio (each pipeline in its own process, naive warmed) is printed by benchIsolated().
  console.log(`(in-process, naive barely warmed: ${fmt(ratio)}×; see the isolated figures below)\n`);

  await benchLocales({ templates: TEMPLATES, data });
  await benchSmtp(compiled.render.bind(compiled), data);
  await benchSendVsNodemailer({ templates: TEMPLATES, template: 'receipt', data });
  await benchQueue({ templates: TEMPLATES, template: 'receipt', data });
  await benchFootprint({ templates: TEMPLATES, data });
}

/** Messages per second through the project's pooled smtp transport to an in-process smtp-server over TLS + AUTH. */
async function benchSmtp(
  render: (d: unknown) => { subject: string; html: string; text: string },
  data: unknown[],
) {
  let smtp: typeof import('../src/transports/smtp.js').smtp;
  try {
    ({ smtp } = await import('../src/transports/smtp.js'));
  } catch (error) {
    console.log(`SMTP: skipped, src/transports/smtp.ts not available (${(error as Error).message})`);
    return;
  }
  const { startSmtpServer, TEST_CA } = await import('../test/helpers/smtp-server.js');
  const auth = { user: 'bench@acme.test', pass: 'bench-secret' };
  const server = await startSmtpServer({ secure: true, auth });
  // One connection per 100 messages (the default) would pay smtp-server's 100 ms greeting delay each time.
  const transport = smtp({
    host: '127.0.0.1',
    port: server.port,
    secure: true,
    ...auth,
    tls: { ca: TEST_CA },
    maxConnections: 5,
    maxMessages: 10_000,
  });
  const message = (i: number): ComposedMessage => {
    const { subject, html, text } = render(data[i % data.length]);
    const to = { name: '', address: `user${i}@163.com` };
    return {
      messageId: `<bench-${i}.${Date.now()}@acme.test>`,
      from: { name: 'Acme', address: auth.user },
      to: [to],
      cc: [],
      bcc: [],
      replyTo: [],
      subject,
      html,
      text,
      headers: {},
      attachments: [],
      envelope: { from: auth.user, to: [to.address] },
    };
  };
  const total = 1000;
  const inFlight = 20;
  try {
    await Promise.all(Array.from({ length: 10 }, (_, i) => transport.send(message(i)))); // opens the pool
    const start = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: inFlight }, async () => {
        while (next < total) await transport.send(message(next++));
      }),
    );
    const seconds = (performance.now() - start) / 1000;
    console.log(
      `SMTP (smtp() transport, pooled ×5, implicit TLS + AUTH, ${inFlight} in flight → in-process smtp-server): ` +
        `${fmt(total)} messages in ${fmt(seconds, 2)} s = ${fmt(total / seconds)} msg/s over ${server.connections} connections`,
    );
    console.log(`peak RSS after SMTP: ${fmt(process.resourceUsage().maxRSS / 1024)} MB`);
  } finally {
    await transport.close();
    await server.close();
  }
}

await main();
// The honest ratio to the naive pipeline: each pipeline in its own process (bench/isolated.ts).
console.log();
await (await import('./isolated.js')).benchIsolated();
