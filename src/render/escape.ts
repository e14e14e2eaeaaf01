import type { HelperDelegate } from 'handlebars';

/**
 * @module
 * The HTML escaper of every template, compiled from source or precompiled by `mailsmith build`. Kept
 * apart from the compiler so the prebuilt runtime can register it without loading Handlebars' compiler.
 */

/** Name under which the HTML escaper is registered; not callable from a template (`:` cannot parse). */
export const ESCAPE_HELPER = 'mailsmith:escape';

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#x27;',
  '`': '&#x60;',
};
const UNSAFE = /[&<>"'`]/g;
const ANY_UNSAFE = /[&<>"'`]/;

/**
 * Handlebars' escaping minus `=`: Handlebars turns `=` into `&#x3D;` (for unquoted attributes), which
 * makes every query string in an href unreadable in the source and in clients that show it raw. MJML
 * and juice quote every attribute, and `=` is harmless in text, so it stays as written.
 */
export function escapeHtml(value: unknown): string {
  if (typeof value !== 'string') {
    if (value && typeof (value as { toHTML?: unknown }).toHTML === 'function') {
      return (value as { toHTML(): string }).toHTML(); // a SafeString
    }
    if (value === null || value === undefined) return '';
    if (!value) return `${value}`;
    value = `${value}`;
  }
  const text = value as string;
  return ANY_UNSAFE.test(text) ? text.replace(UNSAFE, (c) => ENTITIES[c]!) : text;
}

/**
 * Registers the escaper in an environment (full or runtime-only). An object, not a function: Handlebars
 * wraps function helpers to pass `options` as the last argument on every call, which the escaper
 * neither needs nor can afford; compiled templates call `helpers["mailsmith:escape"].escape(value)`.
 */
export function registerEscaper(env: { registerHelper(name: string, helper: HelperDelegate): void }): void {
  env.registerHelper(ESCAPE_HELPER, { escape: escapeHtml } as unknown as HelperDelegate);
}
