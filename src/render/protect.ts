import { randomBytes } from 'node:crypto';

/**
 * Shields Handlebars from MJML, juice and html-to-text. Every mustache becomes an opaque ASCII
 * placeholder (`mshb` + a per-compile random key + index + `x`, e.g. `mshbqzkfwp0x`). The key is
 * drawn afresh for every source and never occurs in it, so template text that happens to look like
 * a placeholder (a coupon code `MSHB0X-2025`) can never be mistaken for one. The same expression
 * always gets the same placeholder, so
 * `<a href="{{url}}">{{url}}</a>` still looks like "link text equals href" to html-to-text.
 * Placeholders that sit between MJML components (not inside an ending tag such as mj-text) are
 * wrapped in `<mj-raw>`, otherwise MJML drops text there (e.g. `{{#if}}` around an mj-section).
 * Line count is preserved so MJML line numbers still point at the source.
 */

/** MJML components whose content is raw HTML (MJML's `endingTag`); mustaches inside stay in place. */
export const ENDING_TAGS: ReadonlySet<string> = new Set([
  'mj-accordion-text',
  'mj-accordion-title',
  'mj-breakpoint',
  'mj-button',
  'mj-carousel-image',
  'mj-navbar-link',
  'mj-preview',
  'mj-raw',
  'mj-social-element',
  'mj-style',
  'mj-table',
  'mj-text',
  'mj-title',
]);

/** Containers where an mj-raw would be wrong (attribute definitions, carousel images only). */
const NO_RAW = new Set(['mjml', 'mj-attributes', 'mj-html-attributes', 'mj-selector', 'mj-carousel']);

/** Any placeholder, whatever its key (for messages from MJML, which only see protected text). */
const ANY_PLACEHOLDER = /mshb[a-z]+\d+x/i;

export interface Mustache {
  /** Offset in the source. */
  start: number;
  end: number;
  text: string;
  comment: boolean;
}

/** Finds every mustache (`{{…}}`, `{{{…}}}`, `{{!-- --}}`, `\{{…}}`) in source order. */
export function scanMustaches(source: string): Mustache[] {
  const found: Mustache[] = [];
  let i = source.indexOf('{{');
  while (i !== -1) {
    const start = i > 0 && source[i - 1] === '\\' ? i - 1 : i;
    let j = i + 2;
    if (source[j] === '~') j++;
    let end: number;
    let comment = false;
    if (source.startsWith('!--', j)) {
      end = source.indexOf('--', j + 3);
      end = end === -1 ? -1 : source.indexOf('}}', end);
      comment = true;
    } else if (source[j] === '!') {
      end = source.indexOf('}}', j);
      comment = true;
    } else if (source[i + 2] === '{') {
      end = source.indexOf('}}}', j);
      if (end !== -1) end++;
    } else {
      end = closeOf(source, j);
    }
    if (end === -1) break; // unterminated: Handlebars' own parser reports it with a line
    end += 2;
    found.push({ start, end, text: source.slice(start, end), comment });
    i = source.indexOf('{{', end);
  }
  return found;
}

/** Offset of the `}}` closing a mustache body starting at `from`, skipping quoted string arguments. */
export function closeOf(source: string, from: number): number {
  for (let k = from; k < source.length - 1; k++) {
    const c = source[k];
    if (c === '"' || c === "'") {
      const q = source.indexOf(c, k + 1);
      if (q === -1) return -1;
      k = q;
    } else if (c === '}' && source[k + 1] === '}') {
      return k;
    }
  }
  return -1;
}

export interface Protected {
  text: string;
  /** Original mustache of each placeholder index. */
  tokens: string[];
  /** This compile's random key; only placeholders carrying it are restored. */
  key: string;
}

/** What {@link restore} and friends need of a {@link Protected}. */
export type Shield = Pick<Protected, 'tokens' | 'key'>;

/** Replaces mustaches with placeholders; comments vanish (their newlines stay). */
export function protect(source: string, options: { mjml?: boolean } = {}): Protected {
  const tokens: string[] = [];
  const key = freshKey(source);
  const ids = new Map<string, number>();
  let out = '';
  let last = 0;
  for (const m of scanMustaches(source)) {
    out += source.slice(last, m.start);
    last = m.end;
    if (m.comment) {
      out += '\n'.repeat(countNewlines(m.text));
      continue;
    }
    const same = normalize(m.text);
    let id = ids.get(same);
    if (id === undefined) {
      id = tokens.push(m.text) - 1;
      ids.set(same, id);
    }
    out += placeholder(id, key) + '\n'.repeat(countNewlines(m.text));
  }
  out += source.slice(last);
  return { text: options.mjml ? wrapBetweenComponents(out, key) : out, tokens, key };
}

/**
 * A key of lowercase letters that does not occur (case-insensitively) after `mshb` anywhere in the
 * source, so no text of the author's can match this compile's placeholders.
 */
function freshKey(source: string): string {
  const lower = source.toLowerCase();
  for (;;) {
    let key = '';
    for (const byte of randomBytes(8)) key += String.fromCharCode(97 + (byte % 26));
    if (!lower.includes(`mshb${key}`)) return key;
  }
}

export function placeholder(id: number, key: string): string {
  return `mshb${key}${id}x`;
}

/** Matches this key's placeholders; group 1 is the index. `flags` as for `RegExp`. */
export function placeholderPattern(key: string, flags = 'gi'): RegExp {
  return new RegExp(`mshb${key}(\\d+)x`, flags);
}

/** Puts the mustaches back. */
export function restore(text: string, shield: Shield): string {
  return text.replace(placeholderPattern(shield.key), (m, id: string) => shield.tokens[Number(id)] ?? m);
}

/** Placeholders (of one key, or of any) left in a string (an expression lost or mangled on the way). */
export function hasPlaceholder(text: string, key?: string): boolean {
  return (key === undefined ? ANY_PLACEHOLDER : placeholderPattern(key, 'i')).test(text);
}

function normalize(mustache: string): string {
  return mustache
    .replace(/^(\{{2,3}~?)\s+/, '$1')
    .replace(/\s+(~?\}{2,3})$/, '$1')
    .replace(/\s+/g, ' ');
}

function countNewlines(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i !== -1; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

const TAG = /<!--[\s\S]*?-->|<(\/?)([a-zA-Z][\w:-]*)((?:"[^"]*"|'[^']*'|[^'">])*)>/.source;

/**
 * Wraps placeholders that sit directly in an MJML container (mj-body, mj-section, mj-column, …) in
 * `<mj-raw>`, tracking the element stack; inside ending tags and attributes they stay bare.
 */
function wrapBetweenComponents(text: string, key: string): string {
  const TOKEN = new RegExp(`${TAG}|mshb${key}\\d+x`, 'g');
  const stack: string[] = [];
  let rawDepth = 0; // > 0 while inside an ending tag, whose content MJML keeps verbatim
  return text.replace(TOKEN, (token, slash: string | undefined, name: string | undefined, rest?: string) => {
    if (name === undefined) {
      if (token.startsWith('<!--')) return token;
      const parent = stack[stack.length - 1];
      const inContainer = rawDepth === 0 && parent !== undefined && !NO_RAW.has(parent);
      return inContainer ? `<mj-raw>${token}</mj-raw>` : token;
    }
    const tag = name.toLowerCase();
    if (rawDepth > 0) {
      if (tag === stack[stack.length - 1]) {
        if (slash) {
          stack.pop();
          rawDepth--;
        } else if (!rest?.trimEnd().endsWith('/')) {
          stack.push(tag);
          rawDepth++;
        }
      }
      return token;
    }
    if (!tag.startsWith('mj') || rest?.trimEnd().endsWith('/')) return token;
    if (slash) {
      const at = stack.lastIndexOf(tag);
      if (at !== -1) stack.length = at;
    } else {
      stack.push(tag);
      if (ENDING_TAGS.has(tag)) rawDepth = 1;
    }
    return token;
  });
}
