import { IntlMessageFormat } from 'intl-messageformat';
import type { LeafUse, ScalarType } from './model.js';

/** What an ICU message does with one of its parameters, as a data type. */
export interface ParamType {
  /** `print` for a plain `{name}` (any string or number prints); `arg` otherwise. */
  use: LeafUse;
  /** The scalar types it takes; empty when any value does (a date, a rich-text tag). */
  types: ScalarType[];
}

/** Parameter types of every message key: `order.shipped` → `count` → number. */
export type MessageParams = Map<string, Map<string, ParamType>>;

// Element types of intl-messageformat's AST (@formatjs/icu-messageformat-parser's TYPE enum).
const ARGUMENT = 1;
const NUMBER = 2;
const SELECT = 5;
const PLURAL = 6;
const TAG = 8;

interface AstElement {
  type: number;
  value?: string;
  options?: Record<string, { value: AstElement[] }>;
  children?: AstElement[];
}

const PRINTS: ParamType = { use: 'print', types: [] };

function paramOf(element: AstElement): ParamType | undefined {
  switch (element.type) {
    case ARGUMENT:
      return PRINTS;
    case NUMBER:
    case PLURAL:
      return { use: 'arg', types: ['number'] };
    case SELECT: {
      // `{flag, select, true {…} other {…}}` selects on a boolean's string form.
      const keys = Object.keys(element.options ?? {});
      const booleans = keys.some((k) => k === 'true' || k === 'false');
      return { use: 'arg', types: booleans ? ['boolean', 'string'] : ['string'] };
    }
    default:
      return undefined; // dates and times take a Date, a timestamp or a string: no constraint here
  }
}

const PRINTABLE: ScalarType[] = ['number', 'string'];
const typesOf = (p: ParamType) => (p.types.length === 0 ? PRINTABLE : p.types);

/** Two uses of one parameter (two places in a message, two locales): what satisfies both. */
function both(a: ParamType, b: ParamType): ParamType | undefined {
  if (a.use === 'print' && b.use === 'print') return PRINTS;
  const types = typesOf(a).filter((t) => typesOf(b).includes(t));
  // Nothing satisfies both (a plural in one locale, a boolean select in another): leave it untyped.
  return types.length > 0 ? { use: 'arg', types } : undefined;
}

function collect(elements: AstElement[], into: Map<string, ParamType | null>): void {
  for (const element of elements) {
    if (element.value !== undefined && element.type !== TAG && element.type !== 0) {
      const param = paramOf(element);
      const prev = into.get(element.value);
      if (param) {
        if (prev === undefined) into.set(element.value, param);
        else if (prev !== null) into.set(element.value, both(prev, param) ?? null);
      }
    }
    for (const option of Object.values(element.options ?? {})) collect(option.value, into);
    if (element.children) collect(element.children, into);
  }
}

function names(elements: AstElement[], into: Set<string>): void {
  for (const element of elements) {
    // Every value a message reads, dates included (a tag is markup, not a value).
    if (element.value !== undefined && element.type !== TAG && element.type !== 0) into.add(element.value);
    for (const option of Object.values(element.options ?? {})) names(option.value, into);
    if (element.children) names(element.children, into);
  }
}

/**
 * Names of the values one message reads (`{name}`, `{count, plural, …}`), or undefined when it does
 * not parse. Formatting without one of them throws.
 *
 * @example
 * messageValues('Hi {name}, {count, plural, one {# item} other {# items}}', 'en'); // ['name', 'count']
 */
export function messageValues(source: string, locale: string): string[] | undefined {
  try {
    const found = new Set<string>();
    names(new IntlMessageFormat(source, locale).getAst() as unknown as AstElement[], found);
    return [...found];
  } catch {
    return undefined;
  }
}

/**
 * The parameters each message takes, across every locale: a value passed for one must work in all of
 * them (`{count, plural, …}` in en and `{count}` in zh-CN → number). Messages that do not parse are
 * skipped (`mailsmith check` reports them).
 *
 * @example
 * messageParams(new Map([['en', new Map([['order.shipped', '{count, plural, one {#} other {#}}']])]]));
 * // Map { 'order.shipped' → Map { 'count' → { use: 'arg', types: ['number'] } } }
 */
export function messageParams(catalogs: Map<string, Map<string, string>>): MessageParams {
  const found = new Map<string, Map<string, ParamType | null>>();
  for (const [locale, messages] of catalogs) {
    for (const [key, source] of messages) {
      let ast: AstElement[];
      try {
        ast = new IntlMessageFormat(source, locale).getAst() as unknown as AstElement[];
      } catch {
        continue;
      }
      const own = new Map<string, ParamType | null>();
      collect(ast, own);
      const params = found.get(key) ?? new Map<string, ParamType | null>();
      for (const [name, param] of own) {
        const prev = params.get(name);
        params.set(
          name,
          prev === undefined ? param : prev === null || param === null ? null : (both(prev, param) ?? null),
        );
      }
      found.set(key, params);
    }
  }
  const out: MessageParams = new Map();
  for (const [key, params] of found) {
    const typed = [...params].filter((entry): entry is [string, ParamType] => entry[1] !== null);
    out.set(key, new Map(typed));
  }
  return out;
}
