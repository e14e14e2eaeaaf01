import { escapeHtml } from './escape.js';
import type { TemplateSources } from './types.js';

/**
 * `{{t "key"}}` with a literal key and no arguments: not a triple-stash, not escaped (`\{{`), no
 * whitespace control. Only those are inlined; everything else stays a helper call.
 */
const STATIC_T = /(?<![\\{])\{\{\s*t\s+(?:"([^"\\{}]+)"|'([^'\\{}]+)')\s*\}\}(?!\})/g;

/**
 * Replaces `{{t "key"}}` of messages that are plain text with that text, escaped as `{{…}}` would
 * escape it in the HTML part. A template compiles once per locale, so the text is fixed for the
 * compile; a render then skips a helper call per message (the shipped receipt has two dozen).
 * Messages with arguments, plurals or selects, missing keys and text that reads as Handlebars
 * syntax are left to the `t` helper, which also reports missing keys at render time as before.
 *
 * @example
 * inlineStaticMessages('<th>{{t "receipt.qty"}}</th>', (key) => '数量', true); // '<th>数量</th>'
 */
export function inlineStaticMessages(
  source: string,
  text: (key: string) => string | undefined,
  html: boolean,
): string {
  if (!source.includes('t')) return source;
  return source.replace(STATIC_T, (call, double: string | undefined, single: string | undefined) => {
    const message = text((double ?? single)!);
    if (message === undefined || message.includes('{{') || message.includes('\\')) return call;
    return html ? escapeHtml(message) : message;
  });
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
  const parts = [sources.html, sources.text, sources.subject, ...Object.values(sources.partials)];
  return parts.some((source) => source.match(MUSTACHE)?.some((m) => /\blocale\b/.test(m)));
}
