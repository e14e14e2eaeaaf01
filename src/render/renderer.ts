import { resolve } from 'node:path';
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

  async function compile(name: string): Promise<CompiledTemplate> {
    const deps: Dependencies = new Set();
    const started = performance.now();
    let result: CompiledTemplate | Error;
    try {
      const { compileTemplate } = await loadCompiler();
      result = await compileTemplate(dir, name, options.helpers, deps);
    } catch (error) {
      if (error instanceof TemplateNotFoundError || !(error instanceof Error)) {
        cache.delete(name); // a deleted template must not keep being served from the cache
        throw error;
      }
      result = error;
    }
    // Stamps taken after the compile: an edit during it is caught by the next check, at worst late.
    cache.set(name, { result, stamps: await takeStamps(deps), checkedAt: Date.now() });
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
  function cached(name: string): CompiledTemplate | undefined {
    const entry = cache.get(name);
    if (!entry || entry.result instanceof Error) return undefined;
    return interval === false || Date.now() - entry.checkedAt < interval ? entry.result : undefined;
  }

  async function get(name: string): Promise<CompiledTemplate> {
    const entry = cache.get(name);
    if (entry && (await fresh(entry)) && cache.get(name) === entry) {
      if (entry.result instanceof Error) throw entry.result;
      return entry.result;
    }
    let pending = compiling.get(name);
    if (!pending) {
      pending = compile(name).finally(() => compiling.delete(name));
      compiling.set(name, pending);
    }
    return pending;
  }

  return {
    dir,
    get,
    peek: cached,
    async render(name: string, data: unknown): Promise<Rendered> {
      return (cached(name) ?? (await get(name))).render(data);
    },
    list: () => listTemplates(dir),
    invalidate(name?: string): void {
      if (name === undefined) cache.clear();
      else cache.delete(name);
    },
  };
}
