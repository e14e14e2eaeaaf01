import { resolve } from 'node:path';
import { ConfigError } from '../errors/ConfigError.js';
import { TemplateNotFoundError } from '../errors/TemplateNotFoundError.js';
import type { Rendered } from '../types.js';
import type { Dependencies } from './compile.js';
import { listTemplates } from './load.js';
import { changed, type Stamps, takeStamps } from './stamps.js';
import { loadCompiler } from './tools.js';
import type { CompiledTemplate, Renderer, RendererOptions } from './types.js';

interface Entry {
  /** The compiled template, or the compile error (kept, so a broken file is not recompiled per send). */
  result: CompiledTemplate | Error;
  stamps: Stamps;
  checkedAt: number;
  /** A freshness check in flight, shared by concurrent callers. */
  checking?: Promise<boolean>;
}

/**
 * Creates a renderer over a folder of templates. Each template is compiled once (MJML, juice and
 * the text conversion all run then) and cached; a render only runs three compiled Handlebars
 * functions. Edits are picked up by comparing file mtimes at most every `checkInterval` ms.
 *
 * @example
 * const renderer = createRenderer({ dir: './templates', helpers: { upper: (s) => s.toUpperCase() } });
 * const { subject, html, text } = await renderer.render('welcome', { name: 'Ada' });
 */
export function createRenderer(options: RendererOptions = {}): Renderer {
  const dir = resolve(options.dir ?? './templates');
  // Deployed templates do not change: production skips the freshness checks unless asked for them.
  const interval = options.checkInterval ?? (process.env.NODE_ENV === 'production' ? false : 1000);
  const cache = new Map<string, Entry>();
  const compiling = new Map<string, Promise<CompiledTemplate>>();
  /** Bumped by invalidate(): a compile that started under an older generation is not cached. */
  let epoch = 0;
  const generations = new Map<string, number>();
  const generation = (name: string) => `${epoch}:${generations.get(name) ?? 0}`;

  /** Cache key: a template compiles once per locale; no locale keeps the plain name (as before catalogs). */
  const keyOf = (name: string, locale: string | undefined) =>
    locale === undefined ? name : `${name}\0${locale}`;
  const i18n = { locale: options.locale, fallbackLocale: options.fallbackLocale };

  async function compile(name: string, locale: string | undefined): Promise<CompiledTemplate> {
    const key = keyOf(name, locale);
    const deps: Dependencies = new Set();
    const started = performance.now();
    const startedAt = Date.now();
    const gen = generation(name);
    let result: CompiledTemplate | Error;
    try {
      const { compileTemplate } = await loadCompiler();
      result = await compileTemplate(dir, name, options.helpers, deps, { ...i18n, requested: locale });
    } catch (error) {
      // An unknown locale is the caller's mistake, not the template's: never cached under its key.
      if (
        error instanceof TemplateNotFoundError ||
        error instanceof ConfigError ||
        !(error instanceof Error)
      ) {
        if (generation(name) === gen) cache.delete(key); // a deleted template must not keep being served
        throw error;
      }
      result = error;
    }
    // A file changed after the compile started may have been read half-written or before an atomic
    // rename: takeStamps marks it unsettled, so the next check compiles again. A compile that an
    // invalidate() overtook is returned to its callers but never cached.
    const stamps = await takeStamps(deps, startedAt);
    if (generation(name) === gen) cache.set(key, { result, stamps, checkedAt: Date.now() });
    options.onCompile?.({
      name,
      ms: performance.now() - started,
      files: [...deps],
      error: result instanceof Error ? result : undefined,
    });
    if (result instanceof Error) throw result;
    return result;
  }

  async function fresh(entry: Entry): Promise<boolean> {
    if (interval === false) return true;
    const now = Date.now();
    if (now - entry.checkedAt < interval) return true;
    entry.checking ??= changed(entry.stamps).then((stale) => {
      entry.checkedAt = Date.now();
      entry.checking = undefined;
      return !stale;
    });
    return entry.checking;
  }

  /** The hot path: a cached template still inside its check interval, without any await. */
  function cached(name: string, locale?: string): CompiledTemplate | undefined {
    const entry = cache.get(locale === undefined ? name : keyOf(name, locale));
    if (!entry || entry.result instanceof Error) return undefined;
    return interval === false || Date.now() - entry.checkedAt < interval ? entry.result : undefined;
  }

  async function get(name: string, locale?: string): Promise<CompiledTemplate> {
    const key = keyOf(name, locale);
    const entry = cache.get(key);
    if (entry && (await fresh(entry)) && cache.get(key) === entry) {
      if (entry.result instanceof Error) throw entry.result;
      return entry.result;
    }
    let pending = compiling.get(key);
    if (!pending) {
      const started: Promise<CompiledTemplate> = compile(name, locale).finally(() => {
        if (compiling.get(key) === started) compiling.delete(key);
      });
      pending = started;
      compiling.set(key, pending);
    }
    return pending;
  }

  return {
    dir,
    get,
    peek: cached,
    async render(name: string, data: unknown, locale?: string): Promise<Rendered> {
      return (cached(name, locale) ?? (await get(name, locale))).render(data);
    },
    list: () => listTemplates(dir),
    invalidate(name?: string): void {
      if (name === undefined) {
        epoch++;
        cache.clear();
        compiling.clear();
      } else {
        generations.set(name, (generations.get(name) ?? 0) + 1);
        const prefix = `${name}\0`;
        for (const map of [cache, compiling]) {
          for (const key of map.keys()) if (key === name || key.startsWith(prefix)) map.delete(key);
        }
      }
    },
    dependents(files: Iterable<string>): string[] {
      const touched = new Set<string>();
      for (const file of files) touched.add(resolve(dir, file));
      const names = new Set<string>();
      for (const [key, entry] of cache) {
        for (const dep of entry.stamps.keys()) {
          if (touched.has(dep)) {
            names.add(key.split('\0')[0]!);
            break;
          }
        }
      }
      return [...names];
    },
  };
}
