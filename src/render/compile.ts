import { join } from 'node:path';
import type { HelperDelegate } from 'handlebars';
import { TemplateSyntaxError } from '../errors/TemplateSyntaxError.js';
import { renderWith, withLocale } from './finish.js';
import { assertKnownReferences, compileNow, createEnv, type HandlebarsEnv, knownOf } from './handlebars.js';
import {
  defaultLocale,
  fallbackLocale,
  i18nHelpers,
  inlinableMessages,
  type LocaleOptions,
  loadCatalogs,
  lookupChain,
} from './i18n.js';
import { I18N_HELPERS } from './i18n-names.js';
import { inlineCss } from './inline.js';
import { inlineLocale, inlineMessages, readsLocale, usedHelpers } from './inline-messages.js';
import { assemble } from './layout.js';
import {
  loadShared,
  loadTemplate,
  localeFileOrder,
  type SharedFiles,
  type SourceFile,
  type TemplateFiles,
} from './load.js';
import { compileMjml } from './mjml.js';
import { checkPartialCycles } from './partial-cycles.js';
import { protect, restore } from './protect.js';
import { renderError } from './render-error.js';
import { htmlToTextTemplate, toText } from './text.js';
import type { CompiledTemplate } from './types.js';

export { foldSubject } from './finish.js';

/** Paths a compile read or looked for; filled as it goes, so even a failed compile knows what to watch. */
export type Dependencies = Set<string>;

/**
 * The whole compile of one template, in order: read → layout + MJML partials → check Handlebars →
 * protect → MJML → juice → derive text → compile Handlebars. Everything slow happens here, once.
 */
export async function compileTemplate(
  root: string,
  name: string,
  helpers: Record<string, HelperDelegate> | undefined,
  deps: Dependencies,
  i18n: LocaleOptions & { requested?: string } = {},
): Promise<CompiledTemplate> {
  const dir = join(root, name);
  deps.add(dir);
  const catalogs = await loadCatalogs(root);
  deps.add(join(root, '_locales'));
  let locale: string | undefined;
  let envHelpers = helpers;
  if (catalogs) {
    for (const file of catalogs.files.values()) deps.add(file);
    locale = i18n.requested ?? defaultLocale(catalogs, i18n);
    // Locale helpers come first: a user's helper of the same name wins.
    envHelpers = { ...i18nHelpers(catalogs, locale, i18n), ...helpers };
  } else if (i18n.requested !== undefined) {
    lookupChain(undefined, i18n.requested, i18n); // throws the CONFIG error naming the missing catalogs
  }
  const files = await loadTemplate(
    root,
    name,
    locale === undefined || !catalogs ? undefined : localeFileOrder(locale, fallbackLocale(catalogs, i18n)),
  );
  const shared = await loadShared(root);
  deps.add(shared.layoutsDir).add(shared.partialsDir);
  const used = templateFiles(files);
  const hbsPartials = [...shared.hbsPartials.values()];
  for (const f of [...used, ...hbsPartials]) deps.add(f.path);

  const htmlEnv = createEnv(envHelpers);
  const textEnv = createEnv(envHelpers);
  const known = knownOf(htmlEnv, shared.hbsPartials.keys(), shared.mjmlPartials.keys());

  // Handlebars is checked on the files as written, so errors carry the author's line numbers.
  assertKnownReferences(files.html.source, files.html.path, known, { mjml: files.html.kind === 'mjml' });
  const assembled = files.html.kind === 'mjml' ? assemble(files, shared) : undefined;
  for (const f of assembled?.files ?? []) {
    deps.add(f.path);
    if (f !== files.html) assertKnownReferences(f.source, f.path, known, { mjml: true });
  }
  for (const f of [files.subject, files.text, ...hbsPartials])
    if (f) assertKnownReferences(f.source, f.path, known);
  const entries = new Set([files.html, ...(assembled?.files ?? []), files.subject, files.text]);
  checkPartialCycles(
    [...entries].filter((f) => f !== undefined),
    shared.hbsPartials,
  );

  const partials = registerPartials(shared, htmlEnv, textEnv);

  const shielded = assembled ? protect(assembled.source.text, { mjml: true }) : protect(files.html.source);
  const html = assembled ? await compileMjml(shielded.text, assembled.source, shielded) : shielded.text;
  let inlined: string;
  try {
    inlined = inlineCss(html);
  } catch (error) {
    throw new TemplateSyntaxError(
      { kind: 'css', file: files.html.path, detail: `CSS inlining failed: ${(error as Error).message}` },
      { cause: error },
    );
  }
  let htmlSource = restore(inlined, shielded);
  let textSource = files.text ? files.text.source : restore(toText(inlined, shielded), shielded);
  let subjectSource = files.subject.source;
  // Compiled per locale anyway: plain-text messages become part of the template (a user `t` wins).
  if (catalogs && locale !== undefined && !helpers?.t) {
    const parts = inlinableMessages(catalogs, locale, i18n);
    htmlSource = inlineMessages(htmlSource, parts, true);
    textSource = inlineMessages(textSource, parts, false);
    subjectSource = inlineMessages(subjectSource, parts, false);
  }
  if (locale !== undefined) {
    htmlSource = inlineLocale(htmlSource, locale, true);
    textSource = inlineLocale(textSource, locale, false);
    subjectSource = inlineLocale(subjectSource, locale, false);
  }

  const sources = { html: htmlSource, text: textSource, subject: subjectSource, partials };
  if (catalogs) {
    const used = usedHelpers(sources, I18N_HELPERS);
    for (const name of I18N_HELPERS) {
      if (used.includes(name) || helpers?.[name]) continue; // a user's helper of that name stays
      htmlEnv.unregisterHelper(name);
      textEnv.unregisterHelper(name);
    }
  }

  const htmlFn = compileNow(htmlEnv, htmlSource, files.html.path, false);
  const textFn = compileNow(textEnv, textSource, files.text?.path ?? files.html.path, true);
  const subjectFn = compileNow(textEnv, subjectSource, files.subject.path, true);

  const render = renderWith(htmlFn, textFn, subjectFn, (part, error) =>
    renderError(name, part, error, {
      subject: files.subject,
      text: files.text,
      authored: [...(assembled?.files ?? [files.html]), ...hbsPartials],
    }),
  );
  return {
    name,
    dir,
    locale,
    files: [...new Set([...used, ...(assembled?.files ?? []), ...hbsPartials].map((f) => f.path))],
    sources,
    textSource: files.text ? 'file' : 'derived',
    preview: files.preview?.data,
    previewError: files.preview?.error,
    // `{{locale}}` is provided only where there are catalogs, so other templates render as before.
    render: locale === undefined ? render : withLocale(render, locale, readsLocale(sources)),
  };
}

function templateFiles(files: TemplateFiles): SourceFile[] {
  return [files.html, files.subject, files.text, files.preview].filter(
    (f): f is SourceFile => f !== undefined,
  );
}

/**
 * Registers `_partials/*.hbs` in both environments, compiled now. The text environment gets a text
 * version of partials that contain HTML, so `{{> footer}}` reads well in the text part too.
 */
function registerPartials(
  shared: SharedFiles,
  htmlEnv: HandlebarsEnv,
  textEnv: HandlebarsEnv,
): Record<string, string> {
  const sources: Record<string, string> = {};
  for (const [name, file] of shared.hbsPartials) {
    sources[name] = file.source;
    htmlEnv.registerPartial(name, compileNow(htmlEnv, file.source, file.path, false));
    textEnv.registerPartial(name, compileNow(textEnv, textPartialSource(file.source), file.path, true));
  }
  return sources;
}

/** The text-part version of a `.hbs` partial: one that contains HTML reads as text, others stay as written. */
export function textPartialSource(source: string): string {
  return /<[a-z][^>]*>/i.test(source) ? htmlToTextTemplate(source) : source;
}
