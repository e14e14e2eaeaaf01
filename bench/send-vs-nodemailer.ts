/**
 * @module
 * mailsmith `send()` (validate + render + compose + MIME + SMTP) against raw nodemailer `sendMail`
 * with the html/text already rendered, in one run, interleaved rounds: the same TLS + AUTH
 * smtp-server in its own process, the same pool (5 connections), 50 messages in flight.
 */
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import nodemailer from 'nodemailer';
import { createMailer } from '../src/mailer.js';
import { smtp } from '../src/transports/smtp.js';
import { TEST_CA } from '../test/helpers/smtp-server.js';
import { fmt, median } from './util.js';

const TARGET = 1.3;
const IN_FLIGHT = 50;
const CONNECTIONS = 5;

interface Sink {
  port: number;
  count(): Promise<{ count: number; bytes: number }>;
  stop(): Promise<void>;
}

async function startSink(auth: { user: string; pass: string }): Promise<Sink> {
  const child = fork(fileURLToPath(new URL('./smtp-sink.mjs', import.meta.url)), [], {
    env: { ...process.env, SINK_USER: auth.user, SINK_PASS: auth.pass },
    execArgv: [],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const [{ port }] = (await once(child, 'message')) as [{ port: number }];
  return {
    port,
    async count() {
      child.send('count');
      const [reply] = (await once(child, 'message')) as [{ count: number; bytes: number }];
      return reply;
    },
    async stop() {
      child.send('stop');
      await once(child, 'exit');
    },
  };
}

interface Round {
  /** Messages per second. */
  rate: number;
  /** CPU time of this (client) process per message, µs: less sensitive to a busy machine than the rate. */
  cpuUs: number;
}

/** Runs `total` sends with `IN_FLIGHT` workers. */
async function run(total: number, send: (i: number) => Promise<unknown>, offset: number): Promise<Round> {
  let next = 0;
  const cpu = process.cpuUsage();
  const start = performance.now();
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < total) await send(offset + next++);
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  const used = process.cpuUsage(cpu);
  return { rate: total / seconds, cpuUs: (used.user + used.system) / total };
}

export async function benchSendVsNodemailer(options: {
  templates: string;
  template: string;
  data: Record<string, unknown>[];
  rounds?: number;
  perRound?: number;
}): Promise<void> {
  const { templates, template, data, rounds = 6, perRound = 2000 } = options;
  const auth = { user: 'bench@acme.test', pass: 'bench-secret' };
  const sink = await startSink(auth);
  const common = { host: '127.0.0.1', port: sink.port, secure: true, tls: { ca: TEST_CA } };
  // One connection per 100 messages (the default) would pay smtp-server's 100 ms greeting delay.
  const maxMessages = 1_000_000;
  const mailer = createMailer({
    templates,
    from: `"Acme 云服务" <${auth.user}>`,
    transport: smtp({ ...common, ...auth, maxConnections: CONNECTIONS, maxMessages }),
    checkInterval: false,
  });
  const raw = nodemailer.createTransport({
    ...common,
    auth,
    pool: true,
    maxConnections: CONNECTIONS,
    maxMessages,
  });
  // nodemailer's side gets its html/text rendered before the clock starts.
  const rendered = await Promise.all(data.map((d) => mailer.render(template as never, d as never)));

  const viaMailsmith = (i: number) =>
    mailer.send(template as never, data[i % data.length] as never, { to: `user${i}@163.com` });
  const viaNodemailer = (i: number) => {
    const { subject, html, text } = rendered[i % rendered.length]!;
    return raw.sendMail({
      from: `"Acme 云服务" <${auth.user}>`,
      to: `user${i}@163.com`,
      subject,
      html,
      text,
    });
  };

  const figures = { mailsmith: [] as Round[], nodemailer: [] as Round[] };
  try {
    // Warm-up: opens both pools and lets the JIT settle.
    await run(500, viaMailsmith, 0);
    await run(500, viaNodemailer, 0);
    for (let r = 0; r < rounds; r++) {
      // Alternate who goes first, so drift in machine load hits both sides alike.
      const order =
        r % 2 === 0 ? (['mailsmith', 'nodemailer'] as const) : (['nodemailer', 'mailsmith'] as const);
      for (const side of order) {
        figures[side].push(
          await run(perRound, side === 'mailsmith' ? viaMailsmith : viaNodemailer, r * perRound),
        );
      }
    }
    const { count, bytes } = await sink.count();
    const expected = 1000 + 2 * rounds * perRound;
    if (count !== expected) throw new Error(`the server received ${count} messages, expected ${expected}`);
    const a = median(figures.mailsmith.map((f) => f.rate));
    const b = median(figures.nodemailer.map((f) => f.rate));
    const cpu = (side: Round[]) => fmt(median(side.map((f) => f.cpuUs)));
    const list = (side: Round[]) => side.map((f) => fmt(f.rate)).join(', ');
    console.log(
      `\nsend() vs raw nodemailer (TLS + AUTH, pool ×${CONNECTIONS}, ${IN_FLIGHT} in flight, smtp-server in its own process, ` +
        `${rounds} interleaved rounds × ${fmt(perRound)} messages each; ${fmt(bytes / count / 1024, 1)} KB per message on the wire)`,
    );
    console.log(
      `  mailsmith send() (validate + render + compose + MIME + SMTP): ${fmt(a)} msg/s median, client CPU ${cpu(figures.mailsmith)} µs/msg`,
    );
    console.log(`    rounds: ${list(figures.mailsmith)}`);
    console.log(
      `  nodemailer sendMail(), html/text rendered beforehand:          ${fmt(b)} msg/s median, client CPU ${cpu(figures.nodemailer)} µs/msg`,
    );
    console.log(`    rounds: ${list(figures.nodemailer)}`);
    console.log(`${a / b >= TARGET ? '✔' : '✘'} ratio ${fmt(a / b, 2)}× (target ≥ ${TARGET}×)`);
  } finally {
    await mailer.close();
    raw.close();
    await sink.stop();
  }
}
