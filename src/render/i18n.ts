import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { HelperDelegate, HelperOptions } from 'handlebars';
import { IntlMessageFormat } from 'intl-messageformat';
import { ConfigError } from '../errors/ConfigError.js';
import { TemplateSyntaxError } from '../errors/TemplateSyntaxError.js';
import type { MessagePart } from './inline-messages.js';

/** Message catalogs by locale, keys flattened (`{ order: { shipped: '…' } }` → `order.shipped`). */
export interface Catalogs {
  /** Folder the catalogs were read from (`templates/_locales`). */
  dir: string;
  /** Catalog files read, by locale (for dependency tracking and error messages). */
  files: Map<string, string>;
  messages: Map<string, Map<string, string>>;
}

/** Locale settings of a renderer (mailer options `locale` and `fallbackLocale`). */
export interface LocaleOptions {
  /** Locale used when a send names none. @default the fallback locale */
  locale?: string;
  /** Last step of every lookup chain. @default 'en' when an en catalog exists, else the first catalog */
  fallbackLocale?: string;
}

/**
 * Reads `_locales/<locale>.json` under the templates folder. Returns undefined when there is no
 * catalog at all, so a mailer without catalogs compiles exactly as before (no reserved helpers).
 */
export async function loadCatalogs(root: string): Promise<Catalogs | undefined> {
  const dir = join(root, '_locales');
  const names = (await readdir(dir).catch(() => [] as string[])).filter((f) => f.endsWith('.json')).sort();
  if (names.length === 0) return undefined;
  const files = new Map<string, string>();
  const messages = new Map<string, Map<string, string>>();
  for (const name of names) {
    const locale = name.slice(0, -'.json'.length);
    const path = join(dir, name);
    const source = await readFile(path, 'utf8');
    let parsed: unknown;
    try {
      parsed = JSON.parse(source);
    } catch (error) {
      throw new TemplateSyntaxError(
        { kind: 'json', file: path, detail: `invalid JSON: ${(error as Error).message}` },
        { cause: error },
      );
    }
    const flat = new Map<string, string>();
    flatten(parsed, '', flat, path);
    files.set(locale, path);
    messages.set(locale, flat);
  }
  return { dir, files, messages };
}

function flatten(value: unknown, prefix: string, into: Map<string, string>, path: string): void {
  if (typeof value === 'string') {
    into.set(prefix, value);
    return;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new TemplateSyntaxError({
      kind: 'json',
      file: path,
      detail: `"${prefix || '(root)'}" must be a message string or an object of messages`,
    });
  }
  for (const [key, child] of Object.entries(value))
    flatten(child, prefix ? `${prefix}.${key}` : key, into, path);
}

/** The default locale of a mailer with these catalogs. */
export function defaultLocale(catalogs: Catalogs, options: LocaleOptions): string {
  return options.locale ?? fallbackLocale(catalogs, options);
}

/** The last step of every lookup chain: `fallbackLocale`, else `en` when it has a catalog, else the first catalog. */
export function fallbackLocale(catalogs: Catalogs, options: LocaleOptions): string {
  if (options.fallbackLocale) return options.fallbackLocale;
  return catalogs.messages.has('en') ? 'en' : [...catalogs.messages.keys()][0]!;
}

/**
 * Where a key is looked up for `locale`: the locale, its language (`zh-CN` → `zh`), then the
 * fallback locale — only the ones that have a catalog. An unknown locale is a CONFIG error.
 *
 * @example
 * lookupChain(catalogs, 'zh-CN', { fallbackLocale: 'en' }); // ['zh-CN', 'zh', 'en']
 */
export function lookupChain(
  catalogs: Catalogs | undefined,
  locale: string,
  options: LocaleOptions,
): string[] {
  const available = catalogs ? [...catalogs.messages.keys()].sort() : [];
  const language = locale.split('-')[0]!;
  if (!catalogs || (!catalogs.messages.has(locale) && !catalogs.messages.has(language))) {
    throw new ConfigError(
      catalogs
        ? `Unknown locale "${locale}": available locales are ${available.join(', ')}`
        : `Unknown locale "${locale}": there are no catalogs (templates/_locales/<locale>.json)`,
      {
        hint: catalogs
          ? `pass one of ${available.join(', ')}, or add ${join(catalogs.dir, `${locale}.json`)}`
          : 'add a catalog such as templates/_locales/en.json, or send without "locale"',
      },
    );
  }
  const chain = [locale, language, fallbackLocale(catalogs, options)];
  return [...new Set(chain)].filter((l) => catalogs.messages.has(l));
}

/**
 * The `t`, `money` and `date` helpers bound to one locale. Each ICU message is compiled on first use
 * and cached, so a render only formats; number and date formatters are cached the same way.
 */
export function i18nHelpers(
  catalogs: Catalogs,
  locale: string,
  options: LocaleOptions,
): Record<string, HelperDelegate> {
  const chain = lookupChain(catalogs, locale, options);
  const compiled = new Map<string, Formatter>();
  const numbers = new Map<string, Intl.NumberFormat>();
  const dates = new Map<string, Intl.DateTimeFormat>();

  function message(key: string): Formatter {
    let format = compiled.get(key);
    if (format) return format;
    const found = findMessage(catalogs, chain, key);
    if (!found) throw new Error(`no message "${key}" for locale ${locale} (looked in ${chain.join(' → ')})`);
    try {
      format = formatterOf(new IntlMessageFormat(found.source, found.locale));
    } catch (error) {
      throw new Error(
        `message "${key}" in ${catalogs.files.get(found.locale)} is not valid ICU MessageFormat: ${(error as Error).message}`,
      );
    }
    compiled.set(key, format);
    return format;
  }

  return {
    t(key: unknown, options: HelperOptions) {
      if (typeof key !== 'string') throw new Error('t needs a message key: {{t "order.shipped" …}}');
      return message(key)(options.hash as Record<string, unknown>);
    },
    money(amount: unknown, options: HelperOptions) {
      const currency = options.hash?.currency as string | undefined;
      if (!currency) throw new Error('money needs a currency: {{money total currency="CNY"}}');
      let format = numbers.get(currency);
      if (!format) {
        format = new Intl.NumberFormat(locale, { style: 'currency', currency });
        numbers.set(currency, format);
      }
      return format.format(Number(amount));
    },
    date(at: unknown, options: HelperOptions) {
      const style = (options.hash?.format as string | undefined) ?? 'long';
      const timeZone = (options.hash?.timeZone as string | undefined) ?? 'UTC';
      const id = `${style}\0${timeZone}`;
      let format = dates.get(id);
      if (!format) {
        format = new Intl.DateTimeFormat(locale, {
          dateStyle: style as Intl.DateTimeFormatOptions['dateStyle'],
          timeZone,
        });
        dates.set(id, format);
      }
      const value = at instanceof Date ? at : new Date(at as string | number);
      if (Number.isNaN(value.getTime())) throw new Error(`date got ${JSON.stringify(at)}, not a date`);
      return format.format(value);
    },
  };
}

/**
 * Messages as `locale` resolves them, split into text and `{name}` slots, for compiling into the
 * template; undefined for any other message (plurals, selects, formats), a missing key or invalid ICU.
 */
export function inlinableMessages(
  catalogs: Catalogs,
  locale: string,
  options: LocaleOptions,
): (key: string) => MessagePart[] | undefined {
  const chain = lookupChain(catalogs, locale, options);
  return (key) => {
    const found = findMessage(catalogs, chain, key);
    if (!found) return undefined;
    try {
      return simpleParts(new IntlMessageFormat(found.source, found.locale));
    } catch {
      return undefined;
    }
  };
}

/** The first catalog along `chain` that has `key`, and its message source. */
function findMessage(
  catalogs: Catalogs,
  chain: readonly string[],
  key: string,
): { locale: string; source: string } | undefined {
  for (const locale of chain) {
    const source = catalogs.messages.get(locale)?.get(key);
    if (source !== undefined) return { locale, source };
  }
  return undefined;
}

/** A compiled message: values in, text out. */
export type Formatter = (values: Record<string, unknown> | undefined) => string;

// Element types of the ICU AST (@formatjs/icu-messageformat-parser's TYPE enum, part of its format).
const LITERAL = 0;
const ARGUMENT = 1;

/**
 * Most catalog messages are plain text or text with `{name}` slots filled by strings: those are
 * joined directly from the parsed message, skipping intl-messageformat's per-call formatting (the
 * bench's receipt has two dozen of them per render). Anything else — plurals, selects, numbers,
 * dates, a value that is not a string, a missing value — goes to the library, so the output and
 * the errors are always the library's (test/render/i18n-fast-path.test.ts holds them equal).
 */
export function formatterOf(format: IntlMessageFormat): Formatter {
  const library: Formatter = (values) => format.format(values as never) as string;
  const parts = simpleParts(format);
  if (!parts) return library;
  if (parts.every((part) => typeof part === 'string')) {
    const text = parts.join('');
    return () => text;
  }
  return (values) => {
    let out = '';
    for (const part of parts) {
      if (typeof part === 'string') {
        out += part;
        continue;
      }
      const value = values?.[part.arg];
      if (typeof value !== 'string') return library(values);
      out += value;
    }
    return out;
  };
}

/** A message as text and `{name}` slots, when that is all it is (no plural, select or format). */
function simpleParts(format: IntlMessageFormat): MessagePart[] | undefined {
  const ast = format.getAst() as { type: number; value: string }[];
  if (!ast.every((el) => el.type === LITERAL || el.type === ARGUMENT)) return undefined;
  return ast.map((el) => (el.type === LITERAL ? el.value : { arg: el.value }));
}
