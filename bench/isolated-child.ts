/**
 * @module
 * One pipeline of `bench/isolated.ts`, alone in a fresh process, so no other pipeline's garbage or JIT
 * state colours it. Prints one JSON line: `{ pipeline, perSecond }`.
 *
 * Pipelines: `bare` (a compiled template's render, no validation), `render` (`mailer.render()`, data
 * validated), `pair` (those two interleaved in one process), `send` (`mailer.send()` to `memory://`), `naive` (Handlebars → MJML → juice →
 * html-to-text on every call, MJML warmed for `NAIVE_WARM_MS` first: it keeps getting faster for ~2 s).
 */
import { fileURLToPath } from 'node:url';
import { createMailer } from '../src/index.js';
import { createRenderer } from '../src/render/renderer.js';
import { memory } from '../src/transports/memory.js';
import { receiptData } from './data.js';
import { naivePipeline } from './naive.js';
import { rate } from './util.js';

const TEMPLATES = fileURLToPath(new URL('../templates', import.meta.url));
export const NAIVE_WARM_MS = 3000;
const data = receiptData(100);

async function pipeline(
  name: string,
): Promise<{ warmMs: number; measureMs: number; batch: number; fn: (i: number) => unknown }> {
  if (name === 'bare') {
    const compiled = await createRenderer({ dir: TEMPLATES, checkInterval: false }).get('receipt');
    return { warmMs: 1000, measureMs: 2000, batch: 1000, fn: (i) => compiled.render(data[i % 100]) };
  }
  if (name === 'render' || name === 'send') {
    const transport = memory();
    const mailer = createMailer({
      templates: TEMPLATES,
      transport,
      from: 'bench@acme.test',
      checkInterval: false,
    });
    const untyped = mailer as unknown as {
      render(n: string, d: unknown): Promise<unknown>;
      send(n: string, d: unknown, o: { to: string }): Promise<unknown>;
    };
    await untyped.render('receipt', data[0]);
    if (name === 'render') {
      return {
        warmMs: 1000,
        measureMs: 2000,
        batch: 1000,
        fn: (i) => untyped.render('receipt', data[i % 100]),
      };
    }
    return {
      warmMs: 1000,
      measureMs: 2000,
      batch: 200,
      fn: (i) => {
        if (i % 200 === 0) transport.clear(); // keep memory flat: the bench measures sending, not hoarding
        return untyped.send('receipt', data[i % 100], { to: `user${i % 100}@163.com` });
      },
    };
  }
  if (name === 'naive') {
    const naive = await naivePipeline(TEMPLATES);
    return { warmMs: NAIVE_WARM_MS, measureMs: 3000, batch: 5, fn: (i) => naive(data[i % 100]) };
  }
  throw new Error(`unknown pipeline ${name}`);
}

/**
 * `mailer.render()` against the bare compiled render in one process, alternating short rounds, so
 * both see the same machine load (a shared machine swings far more between processes than 10 %).
 */
async function pair(): Promise<{ bare: number; render: number }> {
  const bare = await pipeline('bare');
  const render = await pipeline('render');
  await rate(bare.fn, 1000, 1000);
  await rate(render.fn, 1000, 1000);
  const bares: number[] = [];
  const renders: number[] = [];
  for (let round = 0; round < 10; round++) {
    bares.push(await rate(bare.fn, 200, 1000));
    renders.push(await rate(render.fn, 200, 1000));
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  return { bare: mean(bares), render: mean(renders) };
}

const name = process.argv[2] ?? '';
if (name === 'pair') {
  process.stdout.write(`${JSON.stringify({ pipeline: name, ...(await pair()) })}\n`);
} else {
  const p = await pipeline(name);
  await rate(p.fn, p.warmMs, p.batch);
  const perSecond = await rate(p.fn, p.measureMs, p.batch);
  process.stdout.write(`${JSON.stringify({ pipeline: name, perSecond })}\n`);
}
