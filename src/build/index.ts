/**
 * `mailsmith build`: compiles every template of a folder once, at build time, into one ES module
 * (plus its declaration). A production process imports that module and renders with
 * `handlebars/runtime` alone: no MJML, juice, html-to-text or Handlebars compiler, no files read.
 * @module
 */
import { relative } from 'node:path';
import { generateDeclaration } from '../infer/declaration.js';
import { inferRequirements } from '../infer/index.js';
import { messageParams } from '../infer/message-params.js';
import { requirementsToJson } from '../infer/serialize.js';
import { textPartialSource } from '../render/compile.js';
import { createEnv, precompileNow } from '../render/handlebars.js';
import { type Catalogs, loadCatalogs } from '../render/i18n.js';
import { I18N_HELPERS } from '../render/i18n-names.js';
import { loadShared } from '../render/load.js';
import { COMPILED_FORMAT, COMPILED_VERSION } from '../render/prebuilt.js';
import { createRenderer } from '../render/renderer.js';
import type { CompiledTemplate } from '../render/types.js';
import { validationRequirements } from '../validate/index.js';
import { emitDeclaration, emitModule, type PartsCode, type TemplateCode } from './emit.js';
import { hashTemplates } from './hash.js';

export { readHash } from './emit.js';
export { hashTemplates } from './hash.js';

export interface BuildOptions {
  /** Names of the helpers the app registers (their code stays in the app; only names matter here). */
  helpers?: Iterable<string>;
  /** The mailsmith version recorded in the hash. */
  version: string;
  /** How the module names the templates folder. @default the folder relative to the cwd */
  source?: string;
}

export interface BuildResult {
  /** The ES module's text. */
  code: string;
  /** The `.d.ts` next to it. */
  declaration: string;
  hash: string;
  templates: string[];
}

const toPosix = (path: string) => path.split('\\').join('/');

/**
 * Compiles every template in `dir` and returns the module text. Any template that fails to compile
 * fails the build (TemplateSyntaxError with its file and line), as it would fail a send.
 *
 * @example
 * const { code, declaration } = await buildTemplates('./templates', { version: '0.1.0' });
 * await writeFile('mail.compiled.js', code);
 * await writeFile('mail.compiled.d.ts', declaration);
 */
export async function buildTemplates(dir: string, options: BuildOptions): Promise<BuildResult> {
  const helpers = [...new Set(options.helpers ?? [])].sort();
  // Placeholder helpers: compiling checks which helpers exist, never what they do.
  const placeholders = Object.fromEntries(helpers.map((name) => [name, () => '']));
  const renderer = createRenderer({ dir, helpers: placeholders, checkInterval: false });
  const catalogs = await loadCatalogs(dir);
  const locales = catalogs ? [...catalogs.messages.keys()].sort() : [];
  // With catalogs, `t`/`money`/`date` exist while compiling, so the specs call them as from source.
  const known = catalogs
    ? { ...Object.fromEntries(I18N_HELPERS.map((h) => [h, () => ''])), ...placeholders }
    : placeholders;
  const htmlEnv = createEnv(known);
  const textEnv = createEnv(known);

  const shared = await loadShared(dir);
  const partials = { html: {} as Record<string, string>, text: {} as Record<string, string> };
  for (const [name, file] of shared.hbsPartials) {
    partials.html[name] = precompileNow(htmlEnv, file.source, file.path, false);
    partials.text[name] = precompileNow(textEnv, textPartialSource(file.source), file.path, true);
  }

  // The declaration types `locale` and `t` arguments from the catalogs, as `mailsmith types` does.
  const messages = catalogs && messageParams(catalogs.messages);
  const names = await renderer.list();
  const templates: Record<string, TemplateCode> = {};
  const registry = [];
  for (const name of names) {
    const compiled = await renderer.get(name);
    // The declaration is refined from preview.json, as `mailsmith types` does: a broken one would widen it.
    if (compiled.previewError) throw compiled.previewError;
    const parts = (c: CompiledTemplate): PartsCode => ({
      subject: precompileNow(textEnv, c.sources.subject, `${dir}/${name}/subject.hbs`, true),
      html: precompileNow(htmlEnv, c.sources.html, `${dir}/${name}/html`, false),
      text: precompileNow(textEnv, c.sources.text, `${dir}/${name}/text`, true),
      textSource: c.textSource,
      files: c.files.map((f) => toPosix(relative(dir, f))).sort(),
      sources: c.sources,
      requirements: requirementsToJson(validationRequirements(c, helpers)),
    });
    const template: TemplateCode = parts(compiled);
    // Only locales whose parts differ (own files, inlined plain-text messages) get an entry.
    for (const locale of locales) {
      // The default locale's parts are the ones just compiled: no second MJML run for them.
      if (locale === compiled.locale) continue;
      const localized = await renderer.get(name, locale);
      if (JSON.stringify(localized.sources) === JSON.stringify(compiled.sources)) continue;
      template.locales ??= {};
      template.locales[locale] = parts(localized);
    }
    templates[name] = template;
    registry.push(inferRequirements(compiled, { helpers, messages }));
  }

  const hash = await hashTemplates(dir, helpers, options.version);
  const source = options.source ?? (toPosix(relative(process.cwd(), dir)) || '.');
  const code = emitModule(
    { hash, source, helpers, partials, templates, catalogs: catalogs && catalogsToJson(catalogs) },
    COMPILED_FORMAT,
    COMPILED_VERSION,
  );
  const declaration = emitDeclaration(
    generateDeclaration(registry, { locales: locales.length > 0 ? locales : undefined }),
  );
  return { code, declaration, hash, templates: names };
}

/** Catalogs as the module stores them: locale → flattened key → message. */
function catalogsToJson(catalogs: Catalogs): Record<string, Record<string, string>> {
  return Object.fromEntries(
    [...catalogs.messages].map(([locale, messages]) => [locale, Object.fromEntries(messages)]),
  );
}
