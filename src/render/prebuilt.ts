import { createRequire } from 'node:module';
import type Handlebars from 'handlebars';
import type { HelperDelegate } from 'handlebars';
import { ConfigError } from '../errors/ConfigError.js';
import { TemplateNotFoundError } from '../errors/TemplateNotFoundError.js';
import { requirementsFromJson } from '../infer/serialize.js';
import type { Rendered } from '../types.js';
import { registerEscaper } from './escape.js';
import { type RenderFn, renderWith } from './finish.js';
import { guarded } from './helper-guard.js';
import { renderError } from './render-error.js';
import type { CompiledTemplate, Renderer, TemplateSources } from './types.js';

/** `format` of a module written by `mailsmith build`. */
export const COMPILED_FORMAT = 'mailsmith/compiled';
/** Bumped when the module's shape changes; an older module must be rebuilt. */
export const COMPILED_VERSION = 1;

/** A precompiled Handlebars template: the object literal `Handlebars.precompile` emits. */
export type TemplateSpec = object;

/** One template in a module written by `mailsmith build`. */
export interface PrebuiltTemplate {
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
  options: { helpers?: Record<string, HelperDelegate> } = {},
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
  // One environment per part, as compiling from source has: partials differ between HTML and text.
  const runtime = require('handlebars/runtime') as typeof Handlebars;
  const htmlEnv = runtime.create();
  const textEnv = runtime.create();
  const wrapped = Object.fromEntries(Object.entries(helpers).map(([n, h]) => [n, guarded(n, h)]));
  for (const env of [htmlEnv, textEnv]) env.registerHelper(wrapped);
  registerEscaper(htmlEnv); // the precompiled HTML calls it, as compiled-from-source HTML does
  for (const [name, spec] of Object.entries(compiled.partials.html)) {
    htmlEnv.registerPartial(name, htmlEnv.template(spec as never));
  }
  for (const [name, spec] of Object.entries(compiled.partials.text)) {
    textEnv.registerPartial(name, textEnv.template(spec as never));
  }

  const names = Object.keys(compiled.templates).sort();
  const cache = new Map<string, CompiledTemplate>();

  const get = (name: string): CompiledTemplate => {
    let template = cache.get(name);
    if (template) return template;
    const entry = Object.hasOwn(compiled.templates, name) ? compiled.templates[name] : undefined;
    if (!entry) throw new TemplateNotFoundError(name, compiled.source, names);
    const fn = (env: typeof htmlEnv, spec: TemplateSpec) => env.template(spec as never) as RenderFn;
    template = {
      name,
      dir: `${compiled.source}/${name}`,
      files: entry.files.map((f) => `${compiled.source}/${f}`),
      sources: entry.sources,
      textSource: entry.textSource,
      requirements: requirementsFromJson(entry.requirements),
      // The authored files are not shipped, so a helper's failure names the template and helper only.
      render: renderWith(
        fn(htmlEnv, entry.html),
        fn(textEnv, entry.text),
        fn(textEnv, entry.subject),
        (part, error) => renderError(name, part, error, { authored: [] }),
      ),
    };
    cache.set(name, template);
    return template;
  };

  // `mailsmith build` does not include `_locales/` catalogs yet: a locale is refused, never ignored.
  const noLocale = (locale: string | undefined) => {
    if (locale === undefined) return;
    throw new ConfigError(
      `Unknown locale "${locale}": prebuilt templates (mailsmith build) carry no catalogs`,
      {
        hint: 'render from the templates folder to use locales, or send without "locale"',
      },
    );
  };

  return {
    dir: compiled.source,
    get: async (name, locale) => {
      noLocale(locale);
      return get(name);
    },
    // Everything is in memory already; an unknown name is left to get() to report.
    peek: (name, locale) =>
      locale === undefined && Object.hasOwn(compiled.templates, name) ? get(name) : undefined,
    async render(name: string, data: unknown, locale?: string): Promise<Rendered> {
      noLocale(locale);
      return get(name).render(data);
    },
    list: async () => names,
    // Nothing to reload: the module is the build output; rebuild it to change templates.
    invalidate(): void {},
    dependents: () => [],
  };
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
