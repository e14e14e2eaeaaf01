import { Tokenizer } from 'htmlparser2';
import { TemplateSyntaxError } from '../errors/TemplateSyntaxError.js';
import { COMPUTED_ATTRIBUTES } from './computed-attributes.js';
import { ENDING_TAGS, hasPlaceholder, placeholderPattern, restore, type Shield } from './protect.js';
import type { SourceText } from './source.js';

/**
 * Every tag MJML 5 knows (its registered components plus the head-only helpers). MJML's own parser
 * forgives a misspelt or missing closing tag by silently dropping what follows it, and its validator
 * says nothing, so the structure is checked here first, with a real tokenizer, before MJML sees it.
 */
export const MJML_TAGS = new Set([
  'mjml',
  'mj-accordion',
  'mj-accordion-element',
  'mj-accordion-text',
  'mj-accordion-title',
  'mj-all',
  'mj-attributes',
  'mj-body',
  'mj-breakpoint',
  'mj-button',
  'mj-carousel',
  'mj-carousel-image',
  'mj-class',
  'mj-column',
  'mj-divider',
  'mj-font',
  'mj-group',
  'mj-head',
  'mj-hero',
  'mj-html-attribute',
  'mj-html-attributes',
  'mj-image',
  'mj-navbar',
  'mj-navbar-link',
  'mj-preview',
  'mj-raw',
  'mj-section',
  'mj-selector',
  'mj-social',
  'mj-social-element',
  'mj-spacer',
  'mj-style',
  'mj-table',
  'mj-text',
  'mj-title',
  'mj-wrapper',
]);

/** Ending tags whose content is not text a reader sees (CSS, breakpoints). */
const NOT_TEXT = new Set(['mj-style', 'mj-breakpoint']);

/** Where MJML reads children as attribute defaults, not content: any mj-* name is fine there. */
const DEFINITIONS = new Set(['mj-attributes', 'mj-html-attributes', 'mj-selector']);

/** A run of text the reader will see, and the line of the assembled source it starts on. */
export interface TextNode {
  text: string;
  line: number;
}

/** Name, value and offset of an attribute in the source. */
type Attribute = [string, string, number];

interface Tag {
  name: string;
  start: number;
  attrs: Attribute[];
}

interface Open {
  name: string;
  line: number;
}

/**
 * Checks the tag structure of protected MJML (Handlebars already replaced by placeholders) and
 * returns the visible text it holds, so {@link checkTextSurvived} can prove MJML dropped none of it.
 * Throws a {@link TemplateSyntaxError} at the author's file and line for: a closing tag that does
 * not match the open one (misspelt or misplaced), a tag never closed, an unknown `mj-*` tag, text
 * sitting directly in a layout component (MJML drops it), and a placeholder in an attribute MJML
 * computes with at compile time.
 */
export function checkStructure(text: string, source: SourceText, shield: Shield): TextNode[] {
  const lines = lineStarts(text);
  const lineOf = (offset: number) => lineAt(lines, offset);
  const fail = (line: number, detail: string, hint?: string): never => {
    const origin = source.at(line);
    throw new TemplateSyntaxError(
      { kind: 'mjml', file: origin?.file ?? 'template', line: origin?.line, detail: restore(detail, shield) },
      { hint },
    );
  };
  /** Line of an opening tag as the reader wants it: a bare number in the same file, else file:line. */
  const at = (line: number, here: number) => {
    const origin = source.at(line);
    if (!origin) return '?';
    return origin.file === source.at(here)?.file ? String(origin.line) : `${origin.line} of ${origin.file}`;
  };

  const stack: Open[] = [];
  const texts: TextNode[] = [];
  /** Depth in the stack of the innermost ending tag (mj-text…), whose content is HTML; -1 outside. */
  let ending = -1;
  let tag: Tag | undefined;
  let attr: Attribute | undefined;
  let run = '';
  let runStart = 0;

  const flush = () => {
    if (run.trim() !== '') {
      // Leading whitespace is raw source (entities come later), so skipping it lands on the text.
      const line = lineOf(runStart + run.length - run.trimStart().length);
      const parent = stack[stack.length - 1];
      if (ending !== -1) {
        if (!NOT_TEXT.has(stack[ending]!.name)) texts.push({ text: run, line });
      } else if (parent && hasPlaceholderOnly(run, shield.key)) {
        texts.push({ text: run, line }); // mj-raw wrapped it; the survival check proves that worked
      } else if (parent) {
        fail(
          line,
          `text ${quote(run)} sits directly in <${parent.name}>, where MJML drops it`,
          'put the text inside an <mj-text> (or another content component such as mj-button)',
        );
      }
    }
    run = '';
  };
  const slice = (start: number, end: number) => text.slice(start, end);

  const tokenizer = new Tokenizer(
    { xmlMode: true, decodeEntities: true },
    {
      ontext(start, end) {
        if (run === '') runStart = start;
        run += slice(start, end);
      },
      ontextentity(codepoint, end) {
        if (run === '') runStart = end;
        run += String.fromCodePoint(codepoint);
      },
      onopentagname(start, end) {
        flush();
        tag = { name: slice(start, end).toLowerCase(), start: start - 1, attrs: [] };
      },
      onattribname(start, end) {
        attr = [slice(start, end).toLowerCase(), '', start];
      },
      onattribdata(start, end) {
        if (attr) attr[1] += slice(start, end);
      },
      onattribentity(codepoint) {
        if (attr) attr[1] += String.fromCodePoint(codepoint);
      },
      onattribend() {
        if (attr && tag) tag.attrs.push(attr);
        attr = undefined;
      },
      onopentagend() {
        if (tag) open(tag, false);
        tag = undefined;
      },
      onselfclosingtag() {
        if (tag) open(tag, true);
        tag = undefined;
      },
      onclosetag(start, end) {
        flush();
        close(slice(start, end).toLowerCase(), lineOf(start));
      },
      oncomment() {
        flush();
      },
      oncdata() {
        flush();
      },
      ondeclaration() {},
      onprocessinginstruction() {},
      onend() {
        flush();
      },
    },
  );

  function isMjml(name: string): boolean {
    return name === 'mjml' || name.startsWith('mj-');
  }

  function open(t: Tag, selfClosing: boolean): void {
    const line = lineOf(t.start);
    if (!isMjml(t.name)) return; // HTML inside mj-text, mj-table, mj-raw…: its own business
    if (ending !== -1) {
      const inner = stack[ending]!;
      if (inner.name === 'mj-raw') return; // mj-raw holds anything, even text that looks like MJML
      fail(
        line,
        `<${inner.name}> opened at line ${at(inner.line, line)} is not closed before <${t.name}>`,
        `add </${inner.name}> where its content ends`,
      );
    }
    const parent = stack[stack.length - 1];
    if (!MJML_TAGS.has(t.name) && !(parent && DEFINITIONS.has(parent.name))) {
      const near = nearest(t.name);
      fail(
        line,
        `unknown tag <${t.name}>${near ? ` (did you mean <${near}>?)` : ''}`,
        near
          ? `rename it to <${near}>`
          : 'use one of the MJML components (mj-section, mj-column, mj-text, …)',
      );
    }
    checkAttributes(t.name, t.attrs);
    if (selfClosing) return;
    stack.push({ name: t.name, line });
    if (ENDING_TAGS.has(t.name)) ending = stack.length - 1;
  }

  function close(name: string, line: number): void {
    if (ending !== -1) {
      const inner = stack[ending]!;
      if (name === inner.name) {
        stack.length = ending;
        ending = -1;
        return;
      }
      if (!isMjml(name) || inner.name === 'mj-raw') return;
    }
    if (!isMjml(name)) return;
    const top = ending !== -1 ? stack[ending]! : stack[stack.length - 1];
    if (top?.name === name) {
      stack.pop();
      return;
    }
    // It closes an outer tag: the inner one was left open, and that is where the author must look.
    if (top && stack.some((o) => o.name === name)) {
      fail(
        top.line,
        `<${top.name}> is never closed (</${name}> at line ${at(line, top.line)} comes first)`,
        `add </${top.name}> where its content ends`,
      );
    }
    if (top && distance(name, top.name) <= 2) {
      fail(
        line,
        `closing tag </${name}> does not match <${top.name}> opened at line ${at(top.line, line)}`,
        `fix the typo: close it with </${top.name}>`,
      );
    }
    fail(line, `closing tag </${name}> has no matching <${name}>`, `remove </${name}>`);
  }

  function checkAttributes(name: string, attrs: Attribute[]): void {
    for (const [key, value, offset] of attrs) {
      if (!hasPlaceholder(value, shield.key)) continue;
      if (key === 'mj-class' || COMPUTED_ATTRIBUTES[name]?.includes(key)) {
        fail(
          lineOf(offset),
          `<${name} ${key}="${value}">: MJML computes with "${key}" when the template is compiled, before any data exists, so a placeholder there cannot work`,
          `write a fixed value (${key}="${example(key)}"), or put each variant in its own {{#if}} block; placeholders are fine in attributes MJML only copies, such as href, src, alt and color`,
        );
      }
    }
  }

  tokenizer.write(text);
  tokenizer.end();
  const unclosed = ending !== -1 ? stack[ending] : stack[stack.length - 1];
  if (unclosed) {
    fail(
      unclosed.line,
      `<${unclosed.name}> is never closed`,
      `add </${unclosed.name}> where its content ends`,
    );
  }
  return texts;
}

/**
 * The compile-time guard behind "no content is lost silently": every run of visible text in the
 * MJML source must appear in the HTML MJML produced. Whatever MJML may drop in some future
 * version, the template then fails to compile instead of sending an email with a hole in it.
 */
export function checkTextSurvived(
  texts: readonly TextNode[],
  htmlText: string,
  source: SourceText,
  shield: Shield,
): void {
  const output = squash(htmlText);
  for (const node of texts) {
    const wanted = squash(node.text);
    if (wanted === '' || output.includes(wanted)) continue;
    const origin = source.at(node.line);
    throw new TemplateSyntaxError(
      {
        kind: 'mjml',
        file: origin?.file ?? 'template',
        line: origin?.line,
        detail: restore(`MJML dropped the text ${quote(node.text)}`, shield),
      },
      {
        hint: 'check the tags around it (MJML drops content it cannot place); if they look right, report it to mailsmith with the template',
      },
    );
  }
}

function squash(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

function hasPlaceholderOnly(s: string, key: string): boolean {
  return new RegExp(`^(\\s*${placeholderPattern(key).source}\\s*)+$`, 'i').test(s);
}

function quote(s: string): string {
  const t = squash(s);
  return `"${t.length > 40 ? `${t.slice(0, 40)}…` : t}"`;
}

function nearest(name: string): string | undefined {
  let best: string | undefined;
  let bestD = 3;
  for (const known of MJML_TAGS) {
    const d = distance(name, known);
    if (d < bestD) [best, bestD] = [known, d];
  }
  return best;
}

function example(attribute: string): string {
  if (attribute === 'width') return '50%';
  if (attribute.startsWith('padding')) return '10px 25px';
  if (attribute === 'mj-class') return 'muted';
  return '…';
}

/** Levenshtein distance, for "did you mean" on tag names (short strings, compile time only). */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

function lineAt(starts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}
