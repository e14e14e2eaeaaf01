import { createRequire } from 'node:module';
import type Handlebars from 'handlebars';
import type { HelperDelegate } from 'handlebars';
import { ConfigError } from '../errors/ConfigError.js';
import { TemplateNotFoundError } from '../errors/TemplateNotFoundError.js';
import { requirementsFromJson } from '../infer/serialize.js';
import type { Rendered } from '../types.js';
import { registerEscaper } from './escape.js';
import { type RenderFn, renderWith, withLocale } from './finish.js';
import { guarded } from './helper-guard.js';
import type { LocaleOptions } from './i18n.js';
import { readsLocale, usedHelpers } from './inline-messages.js';
import { renderError } from './render-error.js';
import { rethrowMissingTool } from './tools.js';
import type { CompiledTemplate, Renderer, TemplateSources } from './types.js';

/** `format` of a module written by `mailsmith build`. */
export const COMPILED_FORMAT = 'mailsmith/compiled';
/** Bumped when the module's shape changes; an older module must be rebuilt. */
export const COMPILED_VERSION = 2;

/** A precompiled Handlebars template: the object literal `Handlebars.precompile` emits. */
export type TemplateSpec = object;

/** The compiled parts of one template (for one locale, when its files differ per locale). */
export interface PrebuiltParts {
  subject: TemplateSpec;
  html: TemplateSpec;
  text: TemplateSpec;
  textSource: 'file' | 'derived';
  /** The files it was built from, relative to the templates folder. */
  files: string[];
  /** The Handlebars sources the specs were compiled from (for type inference and tooling). */
  sources: TemplateSources;
  /** The validator's requirements, inferred at build time (see src/infer/serialize.ts). */
  requirements: unknown;
}

/** One template in a module written by `mailsmith build`. */
export interface PrebuiltTemplate extends PrebuiltParts {
  /** Locales whose per-locale files (`subject.zh-CN.hbs`, …) make other parts than the ones above. */
  locales?: Record<string, PrebuiltParts>;
}

/**
 * The default export of a module written by `mailsmith build`: every template precompiled. Pass it
 * as `createMailer({ templates })`; rendering it needs only `handlebars/runtime`.
 */
export interface CompiledTemplates {
  readonly format: typeof COMPILED_FORMAT;
  readonly version: number;
  /** Hash of the template sources, mailsmith version and helper names (`mailsmith build --check`). */
  readonly hash: string;
  /** The templates folder it was built from, as given to `mailsmith build`. */
  readonly source: string;
  /** Helpers the templates were compiled against; the mailer must be given each of them. */
  readonly helpers: readonly string[];
  readonly partials: { html: Record<string, TemplateSpec>; text: Record<string, TemplateSpec> };
  readonly templates: Record<string, PrebuiltTemplate>;
  /** The `_locales/*.json` catalogs, keys flattened (`order.shipped`); absent without catalogs. */
  readonly catalogs?: Record<string, Record<string, string>>;
}

/** Options of a prebuilt renderer: the mailer's helpers and locale settings. */
export interface PrebuiltOptions extends LocaleOptions {
  helpers?: Record<string, HelperDelegate>;
}

interface Envs {
  html: typeof Handlebars;
  text: typeof Handlebars;
}

const require = createRequire(import.meta.url);

/**
 * A renderer over templates precompiled by `mailsmith build`: no files read, no MJML, juice,
 * html-to-text or Handlebars compiler loaded — each template is three functions and a validator.
 *
 * @example
 * import compiled from './mail.compiled.js';
 * const renderer = createPrebuiltRenderer(compiled, { helpers });
 * await renderer.render('welcome', { name: 'Ada' });
 */
export function createPrebuiltRenderer(
  module: CompiledTemplates | { default: CompiledTemplates },
  options: PrebuiltOptions = {},
): Renderer {
  const compiled = checkModule(module);
  const helpers = options.helpers ?? {};
  const missing = compiled.helpers.filter((name) => typeof helpers[name] !== 'function');
  if (missing.length > 0) {
    throw new ConfigError(
      `The precompiled templates were built with helper${missing.length > 1 ? 's' : ''} ${missing.map((h) => `"${h}"`).join(', ')}, which the mailer was not given`,
      {
        hint: 'pass the same helpers to createMailer({ helpers }) as to `mailsmith build` (mailsmith.config helpers)',
      },
    );
  }
  const runtime = require('handlebars/runtime') as typeof Handlebars;
  // One environment per part, as compiling from source has: partials differ between HTML and text.
  // With catalogs, one pair per locale: `t`, `money` and `date` are bound to it.
  const envsWith = (extra: Record<string, HelperDelegate>): Envs => {
    const envs = { html: runtime.create(), text: runtime.create() };
    const all = { ...extra, ...helpers }; // a user's helper of the same name wins, as from source
    const wrapped = Object.fromEntries(Object.entries(all).map(([n, h]) => [n, guarded(n, h)]));
    for (const env of [envs.html, envs.text]) env.registerHelper(wrapped);
    registerEscaper(envs.html); // the precompiled HTML calls it, as compiled-from-source HTML does
    for (const [name, spec] of Object.entries(compiled.partials.html)) {
      envs.html.registerPartial(name, envs.html.template(spec as never));
    }
    for (const [name, spec] of Object.entries(compiled.partials.text)) {
      envs.text.registerPartial(name, envs.text.template(spec as never));
    }
    return envs;
  };

  const names = Object.keys(compiled.templates).sort();
  const cache = new Map<string, CompiledTemplate>();
  const envsByKey = new Map<string, Envs>();
  /** Environments with only the locale helpers a template calls (Handlebars wraps each on every render). */
  const envsFor = (locale: string | undefined, i18n: Record<string, HelperDelegate>, used: string[]) => {
    const id = `${locale ?? ''}\0${used.join(',')}`;
    let envs = envsByKey.get(id);
    if (!envs) {
      envs = envsWith(Object.fromEntries(used.map((helper) => [helper, i18n[helper]!])));
      envsByKey.set(id, envs);
    }
    return envs;
  };

  const build = (
    name: string,
    locale: string | undefined,
    i18n: Record<string, HelperDelegate>,
  ): CompiledTemplate => {
    const entry = Object.hasOwn(compiled.templates, name) ? compiled.templates[name] : undefined;
    if (!entry) throw new TemplateNotFoundError(name, compiled.source, names);
    const parts = (locale !== undefined && entry.locales?.[locale]) || entry;
    const envs = envsFor(locale, i18n, usedHelpers(parts.sources, Object.keys(i18n)));
    const fn = (env: typeof Handlebars, spec: TemplateSpec) => env.template(spec as never) as RenderFn;
    // The authored files are not shipped, so a helper's failure names the template and helper only.
    const render = renderWith(
      fn(envs.html, parts.html),
      fn(envs.text, parts.text),
      fn(envs.text, parts.subject),
      (part, error) => renderError(name, part, error, { authored: [] }),
    );
    return {
      name,
      dir: `${compiled.source}/${name}`,
      locale,
      files: parts.files.map((f) => `${compiled.source}/${f}`),
      sources: parts.sources,
      textSource: parts.textSource,
      requirements: requirementsFromJson(parts.requirements),
      render: locale === undefined ? render : withLocale(render, locale, readsLocale(parts.sources)),
    };
  };

  const key = (name: string, locale: string | undefined) =>
    locale === undefined ? name : `${name}\0${locale}`;
  const cached = (name: string, locale: string | undefined, i18n: Record<string, HelperDelegate>) => {
    let template = cache.get(key(name, locale));
    if (!template) {
      template = build(name, locale, i18n);
      cache.set(key(name, locale), template);
    }
    return template;
  };

  // Catalog support (intl-messageformat) is imported only by a module that has catalogs, on first use.
  type Support = Awaited<ReturnType<typeof catalogSupport>>;
  let loading: Promise<Support> | undefined;
  let ready: Support | undefined;

  const helpersByLocale = new Map<string, Record<string, HelperDelegate>>();
  /** The locale a render uses and its helpers; throws CONFIG for a locale with no catalog. */
  const resolve = (support: Support | undefined, requested: string | undefined) => {
    if (!support) {
      if (requested !== undefined) throw noCatalogs(requested);
      return { locale: undefined, i18n: {} };
    }
    const locale = requested ?? support.defaultLocale;
    let i18n = helpersByLocale.get(locale);
    if (!i18n) {
      i18n = support.helpersFor(locale);
      helpersByLocale.set(locale, i18n);
    }
    return { locale, i18n };
  };

  const get = async (name: string, requested?: string): Promise<CompiledTemplate> => {
    if (compiled.catalogs && !ready) {
      loading ??= catalogSupport(compiled.catalogs, compiled.source, options).catch((error) => {
        loading = undefined;
        throw error;
      });
      ready = await loading;
    }
    const { locale, i18n } = resolve(ready, requested);
    return cached(name, locale, i18n);
  };

  return {
    dir: compiled.source,
    get,
    // Everything is in memory already; an unknown name, or catalogs not loaded yet, is left to get().
    peek: (name, requested) => {
      if (compiled.catalogs && !ready) return undefined;
      return cache.get(key(name, ready ? (requested ?? ready.defaultLocale) : requested));
    },
    async render(name: string, data: unknown, locale?: string): Promise<Rendered> {
      return (await get(name, locale)).render(data);
    },
    list: async () => names,
    // Nothing to reload: the module is the build output; rebuild it to change templates.
    invalidate(): void {},
    dependents: () => [],
  };
}

/** Binds the catalogs of a built module to the locale settings, importing the ICU library now. */
async function catalogSupport(
  catalogs: Record<string, Record<string, string>>,
  source: string,
  options: LocaleOptions,
) {
  const i18n = await import('./i18n.js').catch(rethrowMissingTool('Rendering catalogs (t, money, date)'));
  const loaded = {
    dir: `${source}/_locales`,
    files: new Map(Object.keys(catalogs).map((l) => [l, `${source}/_locales/${l}.json`])),
    messages: new Map(
      Object.entries(catalogs).map(([l, messages]) => [l, new Map(Object.entries(messages))]),
    ),
  };
  const locale = i18n.defaultLocale(loaded, options);
  i18n.lookupChain(loaded, locale, options); // a mailer `locale` with no catalog fails at the first render
  return {
    defaultLocale: locale,
    helpersFor: (l: string) => i18n.i18nHelpers(loaded, l, options),
  };
}

function noCatalogs(locale: string): ConfigError {
  return new ConfigError(`Unknown locale "${locale}": the prebuilt templates have no catalogs`, {
    hint: 'add templates/_locales/<locale>.json and rebuild (npx mailsmith build), or send without "locale"',
  });
}

function checkModule(module: CompiledTemplates | { default: CompiledTemplates }): CompiledTemplates {
  const compiled = ('default' in module ? module.default : module) as Partial<CompiledTemplates>;
  if (compiled?.format !== COMPILED_FORMAT) {
    throw new ConfigError('templates is neither a folder nor a module written by `mailsmith build`', {
      hint: "pass a folder path, or import the built module: import compiled from './mail.compiled.js'",
    });
  }
  if (compiled.version !== COMPILED_VERSION) {
    throw new ConfigError(
      `The precompiled templates have format version ${compiled.version}; this mailsmith reads version ${COMPILED_VERSION}`,
      { hint: 'rebuild them with this version: npx mailsmith build' },
    );
  }
  return compiled as CompiledTemplates;
}
