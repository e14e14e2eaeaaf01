import { createMailQueue } from 'mailsmith/queue';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KeyCountingServer, startKeyCountingServer } from '../helpers/key-counting-smtp.js';
import { obliterateQueue, REDIS_URL, redisAvailable, uniqueQueueName } from '../helpers/redis.js';
import { spawnWorker, type WorkerProcess } from '../helpers/worker-process.js';

const available = await redisAvailable();
const TOTAL = 2_000;
const CONCURRENCY = 10;
// Short locks so the killed worker's jobs are picked up within seconds, not the 30 s default; not so
// short that a live worker on a busy machine loses a lock it is still renewing.
const LOCK_MS = 5_000;
const data = {
  name: 'Ada',
  url: 'https://example.com/a',
  verifyUrl: 'https://example.com/v',
  team: 'Acme',
  site: 'https://acme.example.com',
};

async function until(what: string, check: () => boolean | Promise<boolean>, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.skipIf(!available)('crash: a worker process SIGKILLed mid-run', () => {
  let server: KeyCountingServer;
  const name = uniqueQueueName('crash');
  const workers: WorkerProcess[] = [];
  beforeAll(async () => {
    server = await startKeyCountingServer();
  });
  afterAll(async () => {
    for (const w of workers)
      if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGKILL');
    await server?.close();
    await obliterateQueue(name);
  });

  it(`delivers all ${TOTAL} messages; duplicates only among the killed worker's in-flight sends`, async () => {
    const queue = createMailQueue<Record<never, never>>({ connection: REDIS_URL, name });
    const keys = Array.from({ length: TOTAL }, (_, i) => `${name}:${i}`);
    await queue.sendMany(
      keys.map((key, i) => ({
        template: 'basic',
        data,
        to: `crash-${i}@163.com`,
        headers: { 'X-Key': key },
        idempotencyKey: key,
      })),
    );

    const spawn = (user: string) => {
      const w = spawnWorker({
        queue: name,
        smtpPort: server.port,
        user,
        concurrency: CONCURRENCY,
        lockMs: LOCK_MS,
      });
      workers.push(w);
      return w;
    };
    const a = spawn('worker-a');
    const b = spawn('worker-b');
    await Promise.all([a.ready, b.ready]);

    // Kill A once it is well into the run, while it has sends in flight.
    const byA = () => server.deliveries.filter((d) => d.user === 'worker-a').length;
    await until('worker-a to deliver 150', () => byA() >= 150, 90_000);
    a.child.kill('SIGKILL');
    const killedAt = Date.now();
    expect(await a.exited).toEqual({ code: null, signal: 'SIGKILL' });
    const deliveredAtKill = server.deliveries.length;
    const c = spawn('worker-c');
    await c.ready;

    await until(
      `all ${TOTAL} jobs completed`,
      async () => {
        const s = await queue.stats();
        return s.completed + s.failed === TOTAL && s.active === 0;
      },
      150_000,
    );
    const stats = await queue.stats();
    for (const w of [b, c]) w.child.kill('SIGTERM');
    const exits = await Promise.all([b.exited, c.exited]);
    await queue.close();

    const perKey = new Map<string, typeof server.deliveries>();
    for (const d of server.deliveries) perKey.set(d.key, [...(perKey.get(d.key) ?? []), d]);
    const lost = keys.filter((k) => !perKey.has(k));
    const duplicated = [...perKey.entries()].filter(([, ds]) => ds.length > 1);
    // A duplicate is excusable only if its first copy went out from the killed worker, before the kill.
    const excusable = duplicated.filter(([, ds]) => ds[0]!.user === 'worker-a' && ds[0]!.at <= killedAt);
    const byUser = (user: string) => server.deliveries.filter((d) => d.user === user).length;
    console.log(
      `[crash] ${TOTAL} enqueued; delivered ${perKey.size} distinct, ${server.deliveries.length} messages in all ` +
        `(worker-a ${byUser('worker-a')} before SIGKILL at message ${deliveredAtKill}, worker-b ${byUser('worker-b')}, ` +
        `worker-c ${byUser('worker-c')}); lost ${lost.length}; duplicates ${duplicated.length} ` +
        `(${excusable.length} of the killed worker's in-flight sends, limit ${CONCURRENCY}); ` +
        `jobs completed ${stats.completed}, failed ${stats.failed}`,
    );

    expect(stats).toMatchObject({ completed: TOTAL, failed: 0 });
    expect(lost).toEqual([]);
    expect(duplicated.length).toBe(excusable.length);
    expect(excusable.length).toBeLessThanOrEqual(CONCURRENCY);
    expect(byUser('worker-c')).toBeGreaterThan(0);
    expect(exits).toEqual([
      { code: null, signal: 'SIGTERM' },
      { code: null, signal: 'SIGTERM' },
    ]);
  }, 300_000);
});
