import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailer, isMailerError, type Mailer, smtp } from '../../src/index.js';
import { FAULTS, type Fault, type FaultyServer, startFaultyServer } from '../helpers/faulty-smtp-server.js';
import { TEST_CA } from '../helpers/smtp-server.js';

// sendMany of 10,000 messages against a server that fails a share of transactions (421, 451 before and
// after the body, connections dropped before DATA and after it, slow replies). Every message must end
// delivered exactly once or reported failed with its typed error; a failure before the end of DATA
// never leaves a copy behind, and nothing is ever delivered twice. Heap is sampled along the way.

const TOTAL = 10_000;
const FAULT_SHARE = 0.12;
const auth = { user: 'bulk@acme.test', pass: 'faulty-secret' };

/** Deterministic, so a failure reproduces. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A full collection, when the runtime allows it (flags set at runtime reach a fresh context's `gc`). */
function collector(): () => void {
  try {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    return () => gc();
  } catch {
    return () => {};
  }
}

describe('sendMany under server faults', () => {
  let dir: string;
  let server: FaultyServer;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mailsmith-faults-'));
    await mkdir(join(dir, 'notice'));
    await writeFile(join(dir, 'notice', 'subject.hbs'), 'Notice {{n}}');
    await writeFile(join(dir, 'notice', 'html.hbs'), '<p>Hello {{name}}, this is notice {{n}}.</p>');
    const random = mulberry32(20251130);
    server = await startFaultyServer({
      auth,
      fault: () => (random() < FAULT_SHARE ? (FAULTS[Math.floor(random() * FAULTS.length)] as Fault) : 'ok'),
    });
  });
  afterAll(async () => {
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it(`${TOTAL.toLocaleString('en-US')} messages: each delivered exactly once or failed with its reason`, {
    timeout: 600_000,
  }, async () => {
    const mailer = createMailer({
      templates: dir,
      from: `"Acme" <${auth.user}>`,
      transport: smtp({
        host: 'localhost',
        port: server.port,
        secure: true,
        ...auth,
        tls: { ca: TEST_CA },
        maxConnections: 5,
        maxMessages: 100_000,
      }),
      retry: { attempts: 3, minDelayMs: 5, maxDelayMs: 50 },
      checkInterval: false,
    }) as unknown as Mailer<Record<string, Record<string, unknown>>>; // the fixture template is not in the registry

    const gc = collector();
    const heap: { done: number; mb: number }[] = [];
    const sample = (done: number) => {
      gc();
      heap.push({ done, mb: process.memoryUsage().heapUsed / 2 ** 20 });
    };
    const items = Array.from({ length: TOTAL }, (_, i) => ({
      template: 'notice',
      data: { name: `User ${i}`, n: i },
      to: `user${i}@163.com`,
    }));
    const started = performance.now();
    let results = await mailer.sendMany(items, {
      concurrency: 50,
      onProgress: ({ done }) => {
        if (done % 1000 === 0) sample(done);
      },
    });
    const seconds = (performance.now() - started) / 1000;
    await mailer.close();

    // None lost: one result per item, in order.
    expect(results).toHaveLength(TOTAL);
    const reasons = new Map<string, number>();
    let sent = 0;
    const problems: string[] = [];
    results.forEach((r, i) => {
      const copies = server.delivered.get(`user${i}@163.com`) ?? 0;
      if (r.status === 'sent') {
        sent++;
        if (copies !== 1) problems.push(`#${i} sent, but the server has ${copies} copies`);
        return;
      }
      if (!isMailerError(r.error)) problems.push(`#${i} failed with an untyped error: ${String(r.error)}`);
      const code = (r.error as { code: string }).code;
      reasons.set(code, (reasons.get(code) ?? 0) + 1);
      // The server may hold a message whose connection dropped after the body; it must say so.
      if (code === 'DELIVERY_UNKNOWN') {
        if (copies > 1) problems.push(`#${i} DELIVERY_UNKNOWN with ${copies} copies`);
      } else if (copies !== 0) {
        problems.push(`#${i} failed (${code}) before the end of DATA, yet the server has ${copies} copies`);
      }
    });
    // Nothing delivered that was not asked for, and nothing twice.
    const duplicates = [...server.delivered.values()].filter((n) => n > 1).length;
    expect(server.delivered.size).toBeLessThanOrEqual(TOTAL);

    // The outcomes themselves are what sendMany returns (they grow with the count by design). Without
    // them the heap must be back near where it stood after the first 1,000: nothing else accumulates.
    const after1000 = heap.find((h) => h.done === 1000)?.mb ?? Number.NaN;
    const withOutcomes = heap.at(-1)?.mb ?? Number.NaN;
    results = [];
    sample(TOTAL);
    const withoutOutcomes = heap.at(-1)?.mb ?? Number.NaN;
    heap.pop();
    console.log(
      [
        `sendMany under faults: ${TOTAL} messages in ${seconds.toFixed(1)} s over ${server.connections} connections`,
        `  faults injected: ${[...server.faults]
          .filter(([f]) => f !== 'ok')
          .map(([f, n]) => `${f} ${n}`)
          .join(', ')}`,
        `  sent ${sent}, failed ${TOTAL - sent}: ${[...reasons].map(([c, n]) => `${c} ${n}`).join(', ') || 'none'}`,
        `  server copies: ${server.delivered.size} recipients, ${duplicates} with more than one`,
        `  heap (after gc) by messages done: ${heap.map((h) => `${h.done}: ${h.mb.toFixed(1)} MB`).join(', ')}`,
        `  heap at the end without the ${TOTAL} outcomes: ${withoutOutcomes.toFixed(1)} MB (after 1,000: ${after1000.toFixed(1)} MB)`,
      ].join('\n'),
    );

    expect(problems).toEqual([]);
    expect(duplicates).toBe(0);
    expect(sent).toBeGreaterThan(TOTAL * 0.9);
    // Failures carry their reason: only the retryable kinds the server produced, or DELIVERY_UNKNOWN.
    for (const code of reasons.keys()) {
      expect(['DELIVERY_UNKNOWN', 'TRANSPORT', 'CONNECTION', 'TIMEOUT']).toContain(code);
    }
    // Flat after the first 1,000: what grew was the outcomes, not the mailer, pool or caches.
    expect(heap.length).toBeGreaterThanOrEqual(10);
    expect(withOutcomes - after1000).toBeLessThan(40);
    expect(withoutOutcomes - after1000).toBeLessThan(8);
  });
});
