/**
 * Locales (issue 15): the shipped receipt rendered through its catalogs (`{{t}}`, in en and zh-CN) vs
 * the same receipt with its text written into the template (bench/fixtures/bilingual: the shipped
 * templates before they had catalogs). Paired short rounds in one process, user-facing
 * `mailer.render()` with validation on. Prints, never asserts.
 */
import { fileURLToPath } from 'node:url';
import { createMailer } from '../src/mailer.js';
import { fmt, median, rate } from './util.js';

const BILINGUAL = fileURLToPath(new URL('./fixtures/bilingual', import.meta.url));
const ROUNDS = 8;
const TARGET = 0.9;

export async function benchLocales(options: { templates: string; data: Record<string, unknown>[] }) {
  console.log(
    '\nlocales: "receipt" through its catalogs vs its text written in (mailer.render(), validated)',
  );
  const localized = createMailer({
    templates: options.templates,
    transport: 'memory://',
    checkInterval: false,
  });
  const plain = createMailer({ templates: BILINGUAL, transport: 'memory://', checkInterval: false });
  const data = options.data;
  const sides = {
    'written in': (i: number) => plain.render('receipt', data[i % data.length] as never),
    en: (i: number) => localized.render('receipt', data[i % data.length] as never, { locale: 'en' }),
    'zh-CN': (i: number) => localized.render('receipt', data[i % data.length] as never, { locale: 'zh-CN' }),
  };
  for (const render of Object.values(sides)) await rate(render, 500);
  const rates: Record<string, number[]> = { 'written in': [], en: [], 'zh-CN': [] };
  const ratios: Record<'en' | 'zh-CN', number[]> = { en: [], 'zh-CN': [] };
  for (let round = 0; round < ROUNDS; round++) {
    // Alternate the order so load drifting over a round hits every side alike.
    const order =
      round % 2 === 0 ? (['written in', 'en', 'zh-CN'] as const) : (['zh-CN', 'en', 'written in'] as const);
    const got: Record<string, number> = {};
    for (const side of order) got[side] = await rate(sides[side], 500);
    for (const side of order) rates[side]!.push(got[side]!);
    ratios.en.push(got.en! / got['written in']!);
    ratios['zh-CN'].push(got['zh-CN']! / got['written in']!);
  }
  for (const side of Object.keys(rates)) {
    const ratio = side === 'written in' ? '' : `   ${fmt(median(ratios[side as 'en']), 2)}×`;
    console.log(`  ${side.padEnd(11)} ${fmt(median(rates[side]!)).padStart(8)} renders/s${ratio}`);
  }
  const worst = Math.min(median(ratios.en), median(ratios['zh-CN']));
  console.log(
    `${worst >= TARGET ? '✓' : '✗'} catalogs ${fmt(worst, 2)}× the written-in template (median of ${ROUNDS} paired rounds; target within 10 %)`,
  );
}
