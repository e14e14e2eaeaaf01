/**
 * Handlebars' parse errors are the grammar's ("Expecting 'CLOSE_RAW_BLOCK', 'CLOSE', … got
 * 'INVALID'"), and an unclosed block is reported at the end of the file. When a parse fails, the
 * source is scanned once more here to say the same thing in words, at the line to fix.
 */

import { closeOf } from './protect.js';

/** A parse failure in words: where to look and what to do. */
export interface Explained {
  line: number;
  detail: string;
  hint: string;
}

interface Block {
  name: string;
  line: number;
}

/**
 * Explains why `source` does not parse, or returns undefined when the scan finds nothing it can name
 * (the caller then keeps Handlebars' own message).
 *
 * @example
 * explainParseError('a\n{{#each items}\n…') // { line: 2, detail: 'unclosed `{{#each` at line 2', … }
 */
export function explainParseError(source: string): Explained | undefined {
  const lineOf = (offset: number) => {
    let line = 1;
    for (let i = source.indexOf('\n'); i !== -1 && i < offset; i = source.indexOf('\n', i + 1)) line++;
    return line;
  };
  const blocks: Block[] = [];
  let i = source.indexOf('{{');
  while (i !== -1) {
    if (i > 0 && source[i - 1] === '\\') {
      i = source.indexOf('{{', i + 2);
      continue;
    }
    let body = i + 2;
    if (source[body] === '{') body++;
    if (source[body] === '~') body++;
    if (source.startsWith('!--', body)) {
      const end = source.indexOf('--}}', body + 3);
      if (end === -1) return unclosedComment(lineOf(i), '{{!--');
      i = source.indexOf('{{', end + 4);
      continue;
    }
    if (source[body] === '!') {
      const end = source.indexOf('}}', body);
      if (end === -1) return unclosedComment(lineOf(i), '{{!');
      i = source.indexOf('{{', end + 2);
      continue;
    }
    const triple = source[i + 2] === '{';
    const close = triple ? source.indexOf('}}}', body) : closeOf(source, body);
    const next = source.indexOf('{{', body);
    if (close === -1 || (next !== -1 && next < close)) {
      const written =
        source
          .slice(i)
          .split(/[\n}<]/, 1)[0]
          ?.trimEnd() ?? '{{';
      const head = written.split(/\s/, 1)[0];
      const line = lineOf(i);
      const braces = triple ? '}}}' : '}}';
      return {
        line,
        detail: `unclosed \`${head}\` at line ${line}`,
        hint: `end it with ${braces}: ${written}${braces}`,
      };
    }
    const inner = source.slice(body, close).trim();
    const sigil = inner[0];
    // `{{#> layout}}` and `{{#*inline "x"}}` close as `{{/layout}}` and `{{/inline}}`.
    const name =
      inner
        .slice(1)
        .replace(/^\s*[>*]/, '')
        .trim()
        .split(/[\s~]/, 1)[0] ?? '';
    if ((sigil === '#' || sigil === '^') && name) {
      blocks.push({ name, line: lineOf(i) });
    } else if (sigil === '/') {
      const line = lineOf(i);
      const open = blocks.pop();
      if (!open) {
        return {
          line,
          detail: `\`{{/${name}}}\` at line ${line} closes no open block`,
          hint: `remove it, or add the {{#${name} …}} it should close`,
        };
      }
      if (open.name !== name) {
        return {
          line: open.line,
          detail: `\`{{#${open.name}\` at line ${open.line} is closed by \`{{/${name}}}\` at line ${line}`,
          hint: `add {{/${open.name}}} before line ${line}`,
        };
      }
    }
    i = source.indexOf('{{', close + (triple ? 3 : 2));
  }
  const open = blocks.pop();
  if (open) {
    return {
      line: open.line,
      detail: `unclosed block \`{{#${open.name}\` at line ${open.line}`,
      hint: `add {{/${open.name}}} where the block ends`,
    };
  }
  return undefined;
}

function unclosedComment(line: number, head: string): Explained {
  return {
    line,
    detail: `unclosed comment \`${head}\` at line ${line}`,
    hint: head === '{{!--' ? 'end the comment with --}}' : 'end the comment with }}',
  };
}
