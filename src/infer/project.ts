import { loadCatalogs } from '../render/i18n.js';
import { createRenderer } from '../render/renderer.js';
import { generateDeclaration } from './declaration.js';
import { inferRequirements } from './index.js';
import { messageParams } from './message-params.js';

export interface TypesOptions {
  /** Names of the helpers templates may call without arguments (`{{year}}`). */
  helpers?: Iterable<string>;
}

/**
 * The declaration for every template in a folder, as `mailsmith types` writes it. Compiles each
 * template (layout and MJML partials inlined) and walks its HTML, text, subject and .hbs partials.
 *
 * @example
 * const { declaration } = await generateTypes('./templates');
 * await writeFile('mailsmith-env.d.ts', declaration);
 */
export async function generateTypes(
  templatesDir: string,
  options: TypesOptions = {},
): Promise<{ declaration: string; templates: string[] }> {
  const helpers = [...(options.helpers ?? [])];
  // Placeholder helpers: compiling checks that every called helper exists, not what it does.
  const renderer = createRenderer({
    dir: templatesDir,
    checkInterval: false,
    helpers: Object.fromEntries(helpers.map((name) => [name, () => ''])),
  });
  const names = await renderer.list();
  // With catalogs: `locale` becomes the union of their locales, and `t` arguments take the types
  // the messages give their parameters.
  const catalogs = await loadCatalogs(renderer.dir);
  const messages = catalogs && messageParams(catalogs.messages);
  const requirements = [];
  for (const name of names) {
    const compiled = await renderer.get(name);
    // Types are refined from preview.json: a broken one would silently widen them.
    if (compiled.previewError) throw compiled.previewError;
    requirements.push(inferRequirements(compiled, { helpers, messages }));
  }
  const locales = catalogs ? [...catalogs.messages.keys()] : undefined;
  return { declaration: generateDeclaration(requirements, { locales }), templates: names };
}
