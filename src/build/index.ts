/**
 * `mailsmith build`: compiles every template of a folder once, at build time, into one ES module
 * (plus its declaration). A production process imports that module and renders with
 * `handlebars/runtime` alone: no MJML, juice, html-to-text or Handlebars compiler, no files read.
 * @module
 */
import { relative } from 'node:path';
import { generateDeclaration } from '../infer/declaration.js';
import { inferRequirements } from '../infer/index.js';
import { requirementsToJson } from '../infer/serialize.js';
import { textPartialSource } from '../render/compile.js';
import { createEnv, precompileNow } from '../render/handlebars.js';
import { loadShared } from '../render/load.js';
import { COMPILED_FORMAT, COMPILED_VERSION } from '../render/prebuilt.js';
import { createRenderer } from '../render/renderer.js';
import { validationRequirements } from '../validate/index.js';
import { emitDeclaration, emitModule, type TemplateCode } from './emit.js';
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
  const htmlEnv = createEnv(placeholders);
  const textEnv = createEnv(placeholders);

  const shared = await loadShared(dir);
  const partials = { html: {} as Record<string, string>, text: {} as Record<string, string> };
  for (const [name, file] of shared.hbsPartials) {
    partials.html[name] = precompileNow(htmlEnv, file.source, file.path, false);
    partials.text[name] = precompileNow(textEnv, textPartialSource(file.source), file.path, true);
  }

  const names = await renderer.list();
  const templates: Record<string, TemplateCode> = {};
  const registry = [];
  for (const name of names) {
    const compiled = await renderer.get(name);
    // The declaration is refined from preview.json, as `mailsmith types` does: a broken one would widen it.
    if (compiled.previewError) throw compiled.previewError;
    const { html, text, subject } = compiled.sources;
    const file = (part: string) => `${dir}/${name}/${part}`;
    templates[name] = {
      subject: precompileNow(textEnv, subject, file('subject.hbs'), true),
      html: precompileNow(htmlEnv, html, file('html'), false),
      text: precompileNow(textEnv, text, file('text'), true),
      textSource: compiled.textSource,
      files: compiled.files.map((f) => toPosix(relative(dir, f))).sort(),
      sources: compiled.sources,
      requirements: requirementsToJson(validationRequirements(compiled, helpers)),
    };
    registry.push(inferRequirements(compiled, { helpers }));
  }

  const hash = await hashTemplates(dir, helpers, options.version);
  const source = options.source ?? (toPosix(relative(process.cwd(), dir)) || '.');
  const code = emitModule({ hash, source, helpers, partials, templates }, COMPILED_FORMAT, COMPILED_VERSION);
  return { code, declaration: emitDeclaration(generateDeclaration(registry)), hash, templates: names };
}
