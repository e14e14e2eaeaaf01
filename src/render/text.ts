import { compile, type FormatCallback, type HtmlToTextOptions } from 'html-to-text';
import { placeholderPattern, protect, restore, type Shield } from './protect.js';

export { collapseBlankLines } from './finish.js';

/** Tags that make a table cell a layout container (its content reads as blocks, not as a row). */
const BLOCK_TAGS = new Set([
  'address',
  'article',
  'blockquote',
  'center',
  'div',
  'dl',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hr',
  'li',
  'main',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'table',
  'ul',
]);

/** Separator between the cells of a data row: `Noodles · 2 · ¥12.00 · ¥24.00`. */
const CELL_SEPARATOR = ' · ';

interface Node {
  type: string;
  name?: string;
  children?: Node[];
  prev?: Node | null;
}

function hasBlockDescendant(node: Node): boolean {
  return (node.children ?? []).some(
    (c) => c.type === 'tag' && (BLOCK_TAGS.has(c.name!) || hasBlockDescendant(c)),
  );
}

function hasContent(node: Node): boolean {
  return (node.children ?? []).some((c) =>
    c.type === 'text'
      ? /\S/.test((c as { data?: string }).data ?? '')
      : c.type === 'tag' && (c.name === 'img' ? false : hasContent(c)),
  );
}

/**
 * Email layouts are tables of tables. A cell holding blocks is layout and reads as blocks; a cell
 * holding only inline content is data, and the cells of its row go on one line.
 */
const formatCell: FormatCallback = (elem, walk, builder) => {
  const node = elem as unknown as Node;
  if (hasBlockDescendant(node)) {
    // Each MJML component sits in its own layout cell: a blank line between them reads as paragraphs.
    builder.openBlock({ leadingLineBreaks: 2 });
    walk(elem.children, builder);
    builder.closeBlock({ trailingLineBreaks: 2 });
    return;
  }
  if (!hasContent(node)) return;
  let prev = node.prev;
  while (prev && !(prev.type === 'tag' && (prev.name === 'td' || prev.name === 'th') && hasContent(prev))) {
    prev = prev.prev;
  }
  if (prev) builder.addInline(CELL_SEPARATOR);
  breaksToSpaces(node);
  walk(elem.children, builder);
};

/** A data row stays on one line: line breaks inside its cells become spaces. */
function breaksToSpaces(node: Node): Node {
  node.children = node.children?.map((c) =>
    c.type === 'tag' && c.name === 'br' ? ({ type: 'text', data: ' ' } as Node) : breaksToSpaces(c),
  );
  return node;
}

const heading = (level: number) => ({
  selector: `h${level}`,
  options: { uppercase: false, leadingLineBreaks: 2, trailingLineBreaks: 1 },
});

/** html-to-text options for email: links keep URLs, no images, no uppercasing, no wrapping. */
export const TEXT_OPTIONS: HtmlToTextOptions = {
  wordwrap: false,
  formatters: { cell: formatCell },
  selectors: [
    {
      selector: 'a',
      options: { hideLinkHrefIfSameAsText: true, linkBrackets: ['[', ']'], noAnchorUrl: true },
    },
    { selector: 'img', format: 'skip' },
    { selector: '[data-skip-in-text]', format: 'skip' },
    // MJML's preheader (mj-preview) is a hidden div padded with invisible characters.
    { selector: 'div[style*="display:none"]', format: 'skip' },
    { selector: 'head', format: 'skip' },
    { selector: 'table', format: 'block', options: { leadingLineBreaks: 1, trailingLineBreaks: 1 } },
    { selector: 'tr', format: 'block', options: { leadingLineBreaks: 1, trailingLineBreaks: 1 } },
    { selector: 'td', format: 'cell' },
    { selector: 'th', format: 'cell' },
    { selector: 'ul', options: { itemPrefix: ' - ' } },
    { selector: 'hr', options: { length: 24 } },
    ...[1, 2, 3, 4, 5, 6].map(heading),
  ],
};

let converter: ((html: string) => string) | undefined;

/**
 * Text of HTML whose Handlebars is protected by placeholders (they come through untouched). Lines
 * holding only block statements are split one per line, so Handlebars strips them as standalone
 * (`{{/if}} {{#if b}}` between two table rows would otherwise leave a stray blank line).
 */
export function toText(protectedHtml: string, shield: Shield): string {
  converter ??= compile(TEXT_OPTIONS);
  const one = placeholderPattern(shield.key).source;
  const onlyPlaceholders = new RegExp(`^\\s*(?:${one}\\s*)+$`, 'i');
  const exact = new RegExp(`^${one}$`, 'i');
  return tidy(converter(protectedHtml))
    .split('\n')
    .map((line) => {
      if (!onlyPlaceholders.test(line)) return line;
      const ids = line.match(placeholderPattern(shield.key)) ?? [];
      const block = (w: string) => BLOCK.test(shield.tokens[Number(exact.exec(w)?.[1])] ?? '');
      return ids.length > 1 && ids.every(block) ? ids.join('\n') : line;
    })
    .join('\n');
}

const BLOCK = /^\\?\{\{~?\s*(?:[#/^]|else\b)/;

/**
 * Derives a Handlebars text template from HTML that contains Handlebars. Runs once per compile, so
 * a send only interpolates and never parses HTML.
 */
export function htmlToTextTemplate(html: string): string {
  const shield = protect(html);
  // A standalone `{{> partial}}` line loses its newline; the partial has to bring its own.
  return restore(toText(shield.text, shield), shield) + (html.endsWith('\n') ? '\n' : '');
}

/** Invisible characters email HTML uses as padding (spacers, preheader fillers). */
const INVISIBLE = /(?:\s|\u200b|\u200c|\u200d|\u034f|\u2060|\u00ad)+$/;

/** Trailing whitespace off, blank-looking lines emptied, runs of blank lines to one. */
export function tidy(text: string): string {
  return text
    .split('\n')
    .map((line) => line.replace(INVISIBLE, ''))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
