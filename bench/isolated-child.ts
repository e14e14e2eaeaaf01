/**
 * @module
 * One pipeline of `bench/isolated.ts`, alone in a fresh process, so no other pipeline's garbage or JIT
 * state colours it. Prints one JSON line: `{ pipeline, perSecond, count }`.
 *
 * Pipelines: `bare` (a compiled template's render, no validation), `render` (`mailer.render()`, data
 * validated), `pair` (those two interleaved in one process), `send` (`mailer.send()` to `memory://`), `naive` (Handlebars → MJML → juice →
 * html-to-text on every call, MJML warmed for `NAIVE_WARM_MS` first: it keeps getting faster for ~2 s).
 */
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import { convert } from 'html-to-text';
import juice from 'juice';
import { createMailer } from '../src/index.js';
import { assemble } from '../src/render/layout.js';
import { loadShared, loadTemplate } from '../src/render/load.js';
import { createRenderer } from '../src/render/renderer.js';
import { TEXT_OPTIONS } from '../src/render/text.js';
import { memory } from '../src/transports/memory.js';
import { receiptData } from './data.js';

const TEMPLATES = fileURLToPath(new URL('../templates', import.meta.url));
export const NAIVE_WARM_MS = 3000;
const data = receiptData(100);

/** Calls per second of `fn` over `ms`, in batches so clock reads do not count. */
async function rate(
  ms: number,
  batch: number,
  fn: (i: number) => unknown,
): Promise<{ perSecond: number; count: number }> {
  let count = 0;
  const start = performance.now();
  let now = start;
  while (now - start < ms) {
    for (let k = 0; k < batch; k++, count++) {
      const r = fn(count);
      if (r instanceof Promise) await r;
    }
    now = performance.now();
  }
  return { perSecond: count / ((now - start) / 1000), count };
}

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
    const files = await loadTemplate(TEMPLATES, 'receipt');
    const mjmlSource = assemble(files, await loadShared(TEMPLATES)).source.text;
    const mjml2html = (await import('mjml')).default as unknown as (
      s: string,
      o?: object,
    ) => Promise<{ html: string }>;
    const naive = async (d: unknown) => {
      const hb = Handlebars.create();
      const mjml = hb.compile(mjmlSource)(d);
      const { html } = await mjml2html(mjml, { validationLevel: 'skip' });
      const inlined = juice(html, { removeStyleTags: false, preserveMediaQueries: true });
      const text = convert(inlined, TEXT_OPTIONS);
      const subject = hb.compile(files.subject.source, { noEscape: true })(d);
      return { subject, html: inlined, text };
    };
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
  await rate(1000, 1000, bare.fn);
  await rate(1000, 1000, render.fn);
  let bareCount = 0;
  let renderCount = 0;
  let bareMs = 0;
  let renderMs = 0;
  for (let round = 0; round < 10; round++) {
    const b = await rate(200, 1000, bare.fn);
    bareCount += b.count;
    bareMs += (b.count / b.perSecond) * 1000;
    const r = await rate(200, 1000, render.fn);
    renderCount += r.count;
    renderMs += (r.count / r.perSecond) * 1000;
  }
  return { bare: bareCount / (bareMs / 1000), render: renderCount / (renderMs / 1000) };
}

const name = process.argv[2] ?? '';
if (name === 'pair') {
  process.stdout.write(`${JSON.stringify({ pipeline: name, ...(await pair()) })}\n`);
} else {
  const p = await pipeline(name);
  await rate(p.warmMs, p.batch, p.fn);
  const result = await rate(p.measureMs, p.batch, p.fn);
  process.stdout.write(`${JSON.stringify({ pipeline: name, ...result })}\n`);
}
