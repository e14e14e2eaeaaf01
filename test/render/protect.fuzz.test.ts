/**
 * `scanMustaches` (src/render/protect.ts) re-implements the part of Handlebars' lexer that finds where
 * each mustache starts and ends. Fuzzed against Handlebars' own lexer: for every generated template
 * Handlebars accepts, both must find the same mustaches at the same offsets, and protect → restore
 * must give the source back. Seeded, so a failure reproduces; `fc` prints the smallest counterexample.
 */
import fc from 'fast-check';
import Handlebars from 'handlebars';
import { describe, expect, it } from 'vitest';
import { protect, restore, scanMustaches } from '../../src/render/protect.js';

interface Lexer {
  setInput(input: string): void;
  lex(): number | string;
  options: Record<string, unknown>;
  yylloc: { range: [number, number] };
}
const parser = (Handlebars as unknown as { Parser: unknown }).Parser as {
  lexer: Lexer;
  terminals_: Record<number, string>;
};

/** Every mustache Handlebars' lexer sees, as `[start, end)` (escaped `\{{` is content to it). */
function lexerSpans(source: string): { start: number; end: number; comment: boolean }[] {
  const lexer = parser.lexer;
  // Offsets of each token (jison's `ranges`); the lexer's own bookkeeping of matched text is not
  // reliable across the states it pushes back input in.
  lexer.options = { ...lexer.options, ranges: true };
  lexer.setInput(source);
  const spans: { start: number; end: number; comment: boolean }[] = [];
  let open = -1;
  for (;;) {
    const token = lexer.lex();
    const name = typeof token === 'number' ? parser.terminals_[token] : token;
    if (name === 'EOF' || token === 1) break;
    const [start, end] = lexer.yylloc.range;
    // Sub-expressions `( )` and block params `as | |` open and close inside a mustache.
    if (name === undefined || /_(SEXPR|BLOCK_PARAMS)$/.test(name)) continue;
    if (name.startsWith('OPEN')) open = start;
    else if (name.startsWith('CLOSE')) spans.push({ start: open, end, comment: false });
    else if (name === 'COMMENT' || name === 'INVERSE')
      spans.push({ start, end, comment: name === 'COMMENT' });
  }
  return spans;
}

function accepted(source: string): boolean {
  try {
    Handlebars.parse(source);
    return true;
  } catch {
    return false;
  }
}

const noise = fc.constantFrom(
  'a',
  ' ',
  '\n',
  '<p>',
  '{{',
  '}}',
  '{{{',
  '}}}',
  'name',
  'x.y',
  '#if x',
  '/if',
  '#each items',
  '/each',
  'else',
  '^',
  '> card',
  '!',
  '!--',
  '--',
  '"q}}"',
  "'s}}'",
  '~',
  '\\',
  '(',
  ')',
  '@index',
  'k=v',
);

/** Mostly well-formed templates: text and every kind of mustache, so most runs reach the comparison. */
const mustache = fc.oneof(
  fc.constantFrom(
    '{{name}}',
    '{{~ name ~}}',
    '{{{raw}}}',
    '{{{~ raw ~}}}',
    '{{! note }}',
    '{{!-- a }} b --}}',
    '{{> card title="x}}y"}}',
    "{{fmt 'a}}b' (up name) k=v}}",
    '{{#if ok}}yes{{else}}no{{/if}}',
    '{{#each items}}{{@index}}:{{this}}{{/each}}',
    '{{^list}}empty{{/list}}',
    '\\{{literal}}',
    '\\\\{{name}}',
    '{{x.[a b]}}',
    '{{#each items as |item i|}}{{item}}{{/each}}',
  ),
  fc.stringMatching(/^[a-z <>/="\n]{0,8}$/),
);

describe('scanMustaches agrees with Handlebars', () => {
  const check = (source: string) => {
    if (!accepted(source)) return;
    const lexed = lexerSpans(source);
    // The scanner keeps a backslash before `{{` with the mustache: `\{{x}}` is escaped (content to
    // Handlebars), while in `\\{{x}}` the mustache is real and starts after the backslash.
    const scanned = scanMustaches(source).flatMap((m) => {
      if (!m.text.startsWith('\\')) return [`${m.start}-${m.end}`];
      return source[m.start - 1] === '\\' ? [`${m.start + 1}-${m.end}`] : [];
    });
    expect(scanned).toEqual(lexed.map((m) => `${m.start}-${m.end}`));
    // protect drops comments and keeps the line count (a placeholder is followed by the line breaks of
    // its mustache); restore brings back every mustache.
    let expected = source;
    for (const m of [...lexed].reverse()) {
      const text = source.slice(m.start, m.end);
      const breaks = '\n'.repeat(text.split('\n').length - 1);
      expected = expected.slice(0, m.start) + (m.comment ? breaks : text + breaks) + expected.slice(m.end);
    }
    const shielded = protect(source);
    expect(restore(shielded.text, shielded)).toBe(expected);
  };

  it('on random fragments', () => {
    fc.assert(
      fc.property(
        fc.array(noise, { maxLength: 24 }).map((parts) => parts.join('')),
        check,
      ),
      {
        numRuns: 3000,
        seed: 20261130,
      },
    );
  });

  it('on generated templates', () => {
    fc.assert(
      fc.property(
        fc.array(mustache, { maxLength: 12 }).map((parts) => parts.join('')),
        check,
      ),
      {
        numRuns: 2000,
        seed: 20261130,
      },
    );
  });
});
