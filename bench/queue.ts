/**
 * @module
 * End-to-end queued throughput (enqueue → BullMQ on Redis → worker process → SMTP) with 1 and 2
 * worker processes, next to direct `sendMany` from one process, in one run against the same TLS +
 * AUTH sink in its own process, which holds each reply back 20 ms as a remote server would.
 * Each sender has a pool of 5 connections and 50 messages in flight. Prints, never asserts.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { createMailer } from '../src/mailer.js';
import { smtp } from '../src/transports/smtp.js';
import type { SendOptions } from '../src/types.js';
import { TEST_CA } from '../test/helpers/smtp-server.js';
import { check, fmt } from './util.js';

const REDIS = process.env.MAILSMITH_REDIS ?? 'redis://127.0.0.1:6379';
const DELAY_MS = 20;
const IN_FLIGHT = 50;
const TARGET_SCALE = 1.6;
const TARGET_VS_DIRECT = 0.7;
const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * CPU time (ms) a process has used, from /proc (Linux; 0 elsewhere). Summed over every process of a
 * run, per message, it tells a CPU-bound run on a busy machine from a latency-bound one.
 */
function cpuMs(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return 0;
  }
}

interface Run {
  rate: number;
  /** CPU ms per message over all processes of the run (senders, sink; Redis not included). */
  cpuPerMessage: number;
  /** Of which the SMTP sink's: one process serving every sender, so the first to saturate on a busy machine. */
  sinkCpuPerMessage: number;
}

function redisAnswers(): Promise<boolean> {
  const url = new URL(REDIS);
  return new Promise((resolve) => {
    const socket = connect({ host: url.hostname, port: Number(url.port || 6379) });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (chunk) => done(chunk.toString().startsWith('+PONG')));
  });
}

async function startSink(): Promise<{ port: number; pid?: number; stop(): Promise<void> }> {
  const child = fork(fileURLToPath(new URL('./smtp-sink.mjs', import.meta.url)), [], {
    env: {
      ...process.env,
      SINK_USER: 'bench@acme.test',
      SINK_PASS: 'bench-secret',
      SINK_DELAY_MS: String(DELAY_MS),
    },
    execArgv: [],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const [{ port }] = (await once(child, 'message')) as [{ port: number }];
  return {
    port,
    pid: child.pid,
    async stop() {
      child.send('stop');
      await once(child, 'exit');
    },
  };
}

async function startWorker(queue: string, port: number, templates: string): Promise<ChildProcess> {
  const child = fork(
    fileURLToPath(new URL('./queue-worker.ts', import.meta.url)),
    [queue, String(port), String(IN_FLIGHT)],
    {
      env: { ...process.env, BENCH_TEMPLATES: templates, MAILSMITH_REDIS: REDIS },
      execArgv: ['--import', `${root}node_modules/tsx/dist/loader.mjs`],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    },
  );
  await once(child, 'message');
  return child;
}

type Item = { template: string; data: Record<string, unknown> } & SendOptions;

/** Direct sends from this process: the mailer's `sendMany` when it has one, else the same bounded loop. */
async function sendDirect(
  templates: string,
  sink: { port: number; pid?: number },
  items: Item[],
): Promise<Run> {
  const { port } = sink;
  const mailer = createMailer({
    templates,
    transport: smtp({
      host: '127.0.0.1',
      port,
      secure: true,
      user: 'bench@acme.test',
      pass: 'bench-secret',
      tls: { ca: TEST_CA },
      maxConnections: 5,
      maxMessages: 100_000,
    }),
    from: 'bench@acme.test',
  });
  const untyped = mailer as unknown as {
    send(t: string, d: unknown, o: SendOptions): Promise<unknown>;
    sendMany?(items: Item[], options: { concurrency: number }): Promise<unknown[]>;
  };
  const sendMany =
    untyped.sendMany?.bind(untyped) ??
    (async (list: Item[], { concurrency }: { concurrency: number }) => {
      let next = 0;
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (next < list.length) {
            const { template, data, ...options } = list[next++]!;
            await untyped.send(template, data, options);
          }
        }),
      );
      return [];
    });
  await sendMany(items.slice(0, 100), { concurrency: IN_FLIGHT }); // compiles, opens the pool
  const sink0 = cpuMs(sink.pid);
  const cpu0 = cpuMs(process.pid) + sink0;
  const start = performance.now();
  await sendMany(items, { concurrency: IN_FLIGHT });
  const rate = items.length / ((performance.now() - start) / 1000);
  const sinkCpu = cpuMs(sink.pid) - sink0;
  const cpu = cpuMs(process.pid) + sinkCpu + sink0 - cpu0;
  await mailer.close();
  return { rate, cpuPerMessage: cpu / items.length, sinkCpuPerMessage: sinkCpu / items.length };
}

/** Enqueue → delivered, with `workers` worker processes already running and warm. */
async function sendQueued(
  workers: number,
  templates: string,
  sink: { port: number; pid?: number },
  items: Item[],
): Promise<Run> {
  const { port } = sink;
  const { createMailQueue } = await import('../src/queue/index.js');
  const name = `mailsmith-bench-${process.pid}-${workers}w-${Date.now()}`;
  const queue = createMailQueue<Record<never, never>>({ connection: REDIS, name });
  const children = await Promise.all(
    Array.from({ length: workers }, () => startWorker(name, port, templates)),
  );
  const drained = async (count: number) => {
    while ((await queue.stats()).completed < count) await new Promise((r) => setTimeout(r, 20));
  };
  try {
    await queue.sendMany(items.slice(0, 100 * workers) as never); // compiles, opens the pools
    await drained(100 * workers);
    const pids: (number | undefined)[] = [process.pid, sink.pid, ...children.map((c) => c.pid)];
    const cpu0 = pids.reduce<number>((sum, pid) => sum + cpuMs(pid), 0);
    const sink0 = cpuMs(sink.pid);
    const start = performance.now();
    await queue.sendMany(items as never);
    await drained(100 * workers + items.length);
    const rate = items.length / ((performance.now() - start) / 1000);
    const cpu = pids.reduce<number>((sum, pid) => sum + cpuMs(pid), 0) - cpu0;
    const sinkCpu = cpuMs(sink.pid) - sink0;
    return { rate, cpuPerMessage: cpu / items.length, sinkCpuPerMessage: sinkCpu / items.length };
  } finally {
    for (const child of children) child.kill('SIGTERM');
    await Promise.all(children.map((child) => (child.exitCode === null ? once(child, 'exit') : undefined)));
    const { Queue } = await import('bullmq');
    const raw = new Queue(name, {
      connection: { host: new URL(REDIS).hostname, port: Number(new URL(REDIS).port || 6379) },
    });
    await raw.obliterate({ force: true });
    await raw.close();
    await queue.close();
  }
}

export async function benchQueue(options: {
  templates: string;
  template: string;
  data: Record<string, unknown>[];
  perRun?: number;
}): Promise<void> {
  const { templates, template, data, perRun = 1500 } = options;
  console.log(`\n## Queued sending (BullMQ + Redis), SMTP replies delayed ${DELAY_MS} ms\n`);
  if (!(await redisAnswers())) {
    console.log(`skipped: no Redis at ${REDIS} (start redis-server, or set MAILSMITH_REDIS)`);
    return;
  }
  const items: Item[] = Array.from({ length: perRun }, (_, i) => ({
    template,
    data: data[i % data.length]!,
    to: `bench-${i}@163.com`,
  }));
  const sink = await startSink();
  try {
    const direct = await sendDirect(templates, sink, items);
    const one = await sendQueued(1, templates, sink, items);
    const two = await sendQueued(2, templates, sink, items);
    const line = (label: string, run: Run) =>
      `${label.padEnd(52)}${fmt(run.rate).padStart(10)}${fmt(run.cpuPerMessage, 2).padStart(16)}${fmt(run.sinkCpuPerMessage, 2).padStart(12)}`;
    console.log(
      `${'path'.padEnd(52)}${'msg/s'.padStart(10)}${'CPU ms/msg'.padStart(16)}${'of it sink'.padStart(12)}`,
    );
    console.log(line('direct sendMany (1 process, pool 5, 50 in flight)', direct));
    console.log(line('queued, 1 worker process', one));
    console.log(line('queued, 2 worker processes', two));
    console.log(
      `(CPU: every process of the run but redis-server; load average ${loadavg()
        .map((l) => fmt(l, 1))
        .join(' ')} on ${availableParallelism()} cores)\n`,
    );
    const scale = two.rate / one.rate;
    const vsDirect = one.rate / direct.rate;
    console.log(
      check(scale >= TARGET_SCALE, `2 workers ${fmt(scale, 2)}× one worker (target ≥ ${TARGET_SCALE}×)`),
    );
    console.log(
      check(
        vsDirect >= TARGET_VS_DIRECT,
        `1 worker ${fmt(vsDirect, 2)}× direct sendMany (target ≥ ${TARGET_VS_DIRECT}×)`,
      ),
    );
  } finally {
    await sink.stop();
  }
}
