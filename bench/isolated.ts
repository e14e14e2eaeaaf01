/**
 * @module
 * The honest ratio: every pipeline in its own fresh process (`isolated-child.ts`), several processes
 * per pipeline run in turn, the median kept. MJML's garbage and JIT state never colour another
 * pipeline's figures, and the naive pipeline is measured warm (after `NAIVE_WARM_MS` of MJML), not on
 * its first, slowest renders. Prints the ratios on the user-facing path: `mailer.render()` and
 * `mailer.send()` to `memory://` against the naive pipeline, and `mailer.render()` (validation on)
 * against a bare compiled render.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { fmt, median } from './util.js';

const CHILD = fileURLToPath(new URL('./isolated-child.ts', import.meta.url));
const PIPELINES = ['bare', 'render', 'send', 'naive'] as const;
type Pipeline = (typeof PIPELINES)[number];

export const TARGET_VALIDATED = 0.9;
export const TARGET_RATIO = 300;

function runChild(pipeline: Pipeline | 'pair'): Promise<Record<string, number>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, pipeline], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`bench child "${pipeline}" exited with ${code}`));
      resolve(JSON.parse(out.trim().split('\n').pop() ?? '{}') as Record<string, number>);
    });
  });
}

export interface IsolatedFigures {
  /** Median renders (or sends) per second of each pipeline, each in its own processes. */
  rates: Record<Pipeline, number>;
  /** Median over processes of mailer.render() / compiled.render() measured side by side. */
  validated: number;
}

/**
 * Runs `rounds` processes per pipeline, interleaved (bare, render, send, naive, pair, bare, …), and
 * reports medians: the ratios to the naive pipeline, and validated/bare from the paired processes.
 */
export async function benchIsolated(rounds = 3): Promise<IsolatedFigures> {
  const runs: Record<Pipeline, number[]> = { bare: [], render: [], send: [], naive: [] };
  const pairs: number[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const pipeline of PIPELINES) runs[pipeline].push((await runChild(pipeline)).perSecond!);
    const p = await runChild('pair');
    pairs.push(p.render! / p.bare!);
  }
  const rates = Object.fromEntries(PIPELINES.map((p) => [p, median(runs[p])])) as Record<Pipeline, number>;
  const labels: Record<Pipeline, string> = {
    bare: 'compiled.render() (sync, no validation)',
    render: 'await mailer.render() (validated)',
    send: 'await mailer.send() → memory://',
    naive: 'naive per call, warm (MJML ≥ 3 s first)',
  };
  console.log(`isolated: each pipeline in its own process, median of ${rounds} processes each`);
  for (const p of PIPELINES) {
    console.log(
      `  ${labels[p].padEnd(44)} ${fmt(rates[p]).padStart(10)}/s   (${runs[p].map((x) => fmt(x)).join(', ')})`,
    );
  }
  const validated = median(pairs);
  const check = (ok: boolean, text: string) => console.log(`${ok ? '✔' : '✘'} ${text}`);
  check(
    validated >= TARGET_VALIDATED,
    `mailer.render() with validation = ${fmt(validated, 2)}× the bare compiled render, side by side in one process (target ≥ ${TARGET_VALIDATED}×; ${pairs.map((x) => fmt(x, 2)).join(', ')})`,
  );
  check(
    rates.render / rates.naive >= TARGET_RATIO,
    `mailer.render() = ${fmt(rates.render / rates.naive)}× the warm naive pipeline (target ≥ ${TARGET_RATIO}×)`,
  );
  check(
    rates.send / rates.naive >= TARGET_RATIO,
    `mailer.send() to memory:// = ${fmt(rates.send / rates.naive)}× the warm naive pipeline (target ≥ ${TARGET_RATIO}×)`,
  );
  return { rates, validated };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await benchIsolated(Number(process.argv[2] ?? 3));
