import { escapeHtml } from './escape.js';
import type { TemplateSources } from './types.js';

/** A message as literal text and `{name}` slots, the only kind compiled into a template. */
export type MessagePart = string | { arg: string };

const PATH = String.raw`(?:\.\.\/)*(?:this|@?[A-Za-z_][\w-]*)(?:[./][A-Za-z_][\w-]*)*`;
/**
 * `{{t "key"}}` with a literal key and only `name=path` arguments (no literals, no subexpressions):
 * not a triple-stash, not escaped (`\{{`), no whitespace control. Everything else stays a call.
 */
const T_CALL = new RegExp(
  String.raw`(?<![\\{])\{\{\s*t\s+(?:"([^"\\{}]+)"|'([^'\\{}]+)')((?:\s+[A-Za-z_][\w-]*=${PATH})*)\s*\}\}(?!\})`,
  'g',
);

/**
 * Compiles `{{t …}}` calls into the template, per locale: a message of plain text becomes that text,
 * and one of text and `{name}` slots becomes the text around `{{path}}` mustaches (`{{t "hi"
 * name=user.name}}` with `Hi {name}!` → `Hi {{user.name}}!`), escaped as the helper's output would
 * be in the HTML part. A template compiles once per locale, so a render then skips a helper call per
 * message. The output equals the helper's for the values data carries (strings, numbers, null,
 * missing); one difference: `false` prints `false` where intl-messageformat prints nothing. Plurals,
 * selects, formatted numbers, missing keys, slots without an argument and text that reads as
 * Handlebars syntax stay `t` calls (which report missing keys at render time as before).
 *
 * @example
 * inlineMessages('<th>{{t "receipt.qty"}}</th>', () => ['数量'], true); // '<th>数量</th>'
 */
export function inlineMessages(
  source: string,
  partsOf: (key: string) => MessagePart[] | undefined,
  html: boolean,
): string {
  if (!source.includes('t')) return source;
  return source.replace(
    T_CALL,
    (call, double: string | undefined, single: string | undefined, args: string) => {
      const parts = partsOf((double ?? single)!);
      if (parts === undefined) return call;
      const hash = new Map([...args.matchAll(/([A-Za-z_][\w-]*)=(\S+)/g)].map((m) => [m[1]!, m[2]!]));
      let out = '';
      for (const part of parts) {
        if (typeof part === 'string') {
          // Braces or a backslash in the text could join a mustache next to them or read as syntax.
          if (/[{}\\]/.test(part)) return call;
          out += html ? escapeHtml(part) : part;
          continue;
        }
        const path = hash.get(part.arg);
        if (path === undefined) return call; // the helper reports the missing value
        out += `{{${path}}}`;
      }
      return out;
    },
  );
}

const LOCALE = /(?<![\\{])\{\{\s*locale\s*\}\}(?!\})/g;
const MUSTACHE = /\{\{[^}]*\}\}/g;

/** Replaces the plain `{{locale}}` mustache with the locale of the compile (`<mjml lang="{{locale}}">`). */
export function inlineLocale(source: string, locale: string, html: boolean): string {
  return source.replace(LOCALE, () => (html ? escapeHtml(locale) : locale));
}

/**
 * Whether any part still reads `locale` as a variable (`{{#if (eq locale "zh-CN")}}`, `{{../locale}}`)
 * after inlining, so a render must add it to the data. Errs towards yes: a false yes costs a copy.
 */
export function readsLocale(sources: TemplateSources): boolean {
  return usedHelpers(sources, ['locale']).length > 0;
}

/**
 * Which of `names` any part still mentions in a mustache after inlining: the locale helpers to
 * register (Handlebars wraps every registered helper on every top-level render call, three per
 * message). Errs towards yes: a name anywhere in a mustache counts.
 */
export function usedHelpers(sources: TemplateSources, names: readonly string[]): string[] {
  const parts = [sources.html, sources.text, sources.subject, ...Object.values(sources.partials)];
  const mustaches = parts.flatMap((source) => source.match(MUSTACHE) ?? []);
  return names.filter((name) => mustaches.some((m) => new RegExp(`\\b${name}\\b`).test(m)));
}
