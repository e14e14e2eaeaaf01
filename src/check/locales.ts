import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { IntlMessageFormat } from 'intl-messageformat';
import { messageValues } from '../infer/message-params.js';
import { type MessageUse, messageUses } from '../infer/messages.js';
import { listTemplates } from '../render/load.js';
import { type CatalogFile, readCatalogFiles } from './catalogs.js';
import type { CheckIssue } from './types.js';

/** A template file and the locales it is rendered for. */
interface ServedFile {
  path: string;
  locales: string[];
}

const PARTS: Record<string, { exts: string[]; fallback: boolean }> = {
  html: { exts: ['mjml', 'hbs'], fallback: true },
  subject: { exts: ['hbs'], fallback: true },
  // A text part missing in a locale is derived from its HTML, never taken from the fallback's.
  text: { exts: ['hbs'], fallback: false },
};

/**
 * Which file of each part a template uses for each locale: `subject.zh-CN.hbs`, then
 * `subject.zh.hbs`, then `subject.hbs`, then the fallback locale's file (the renderer's order).
 */
async function templateFiles(root: string, name: string, locales: string[], fallback: string) {
  const dir = join(root, name);
  const present = new Set(await readdir(dir).catch(() => [] as string[]));
  const served = new Map<string, string[]>();
  for (const [part, { exts, fallback: usesFallback }] of Object.entries(PARTS)) {
    for (const locale of locales) {
      const own = [...new Set([locale, locale.split('-')[0]!])];
      const after = usesFallback && !own.includes(fallback) ? [fallback] : [];
      const suffixes = [...own.map((l) => `.${l}`), '', ...after.map((l) => `.${l}`)];
      const file = suffixes.flatMap((s) => exts.map((e) => `${part}${s}.${e}`)).find((f) => present.has(f));
      if (file) served.set(join(dir, file), [...(served.get(join(dir, file)) ?? []), locale]);
    }
  }
  // Files no locale renders (an html.hbs beside html.mjml) still count as uses of their keys.
  for (const file of present) {
    if (/\.(hbs|mjml)$/.test(file) && !served.has(join(dir, file))) served.set(join(dir, file), []);
  }
  return served;
}

async function sharedFiles(root: string): Promise<string[]> {
  const list = async (dir: string, pattern: RegExp) =>
    (await readdir(join(root, dir)).catch(() => [] as string[]))
      .filter((f) => pattern.test(f))
      .sort()
      .map((f) => join(root, dir, f));
  return [...(await list('_layouts', /\.mjml$/)), ...(await list('_partials', /\.(mjml|hbs)$/))];
}

/** Every template, layout and partial file, with the locales it is rendered for. */
async function servedFiles(
  root: string,
  locales: string[],
  fallback: string,
  only?: string,
): Promise<ServedFile[]> {
  const out: ServedFile[] = [];
  for (const name of only === undefined ? await listTemplates(root) : [only]) {
    for (const [path, served] of await templateFiles(root, name, locales, fallback)) {
      out.push({ path, locales: served });
    }
  }
  if (only === undefined) for (const path of await sharedFiles(root)) out.push({ path, locales });
  return out;
}

/** `MISSING_OTHER_CLAUSE` → `missing other clause`. */
const readable = (code: string) => code.toLowerCase().replace(/_/g, ' ');

function syntaxIssues(catalog: CatalogFile, file: string): CheckIssue[] {
  const issues: CheckIssue[] = catalog.problems.map((p) => ({
    rule: 'message-syntax' as const,
    message: p.detail,
    file,
    line: p.line,
  }));
  for (const [key, { source, line }] of catalog.messages) {
    try {
      new IntlMessageFormat(source, catalog.locale);
    } catch (error) {
      const { location } = error as { location?: { start: { column: number } } };
      const at = location ? ` at character ${location.start.column} of the message` : '';
      issues.push({
        rule: 'message-syntax',
        message: `"${key}" is not valid ICU MessageFormat: ${readable((error as Error).message)}${at}`,
        file,
        line,
      });
    }
  }
  return issues;
}

export interface LocaleCheckOptions {
  /** The locale lookups end with. @default 'en' when `_locales/en.json` exists, else the first catalog */
  fallbackLocale?: string;
  /**
   * Only this template's own files (not layouts, partials or catalogs): its missing keys and values,
   * as the preview shows beside one template. No unused-key or syntax findings then.
   */
  template?: string;
}

/**
 * Checks the catalogs of a templates folder against the `t` calls of its templates, layouts and
 * partials: keys a locale cannot resolve (`missing-message`, with the file and line of the call),
 * keys a locale only has through the fallback (`untranslated`), keys no template uses
 * (`unused-message`, with the catalog line), and ICU or JSON syntax errors (`message-syntax`).
 * Undefined when the folder has no catalogs.
 *
 * @example
 * const found = await checkLocales('./templates');
 * for (const issue of found?.issues ?? []) console.log(issue.rule, issue.file, issue.line, issue.message);
 */
export async function checkLocales(
  root: string,
  options: LocaleCheckOptions = {},
): Promise<{ locales: string[]; fallbackLocale: string; issues: CheckIssue[] } | undefined> {
  const catalogs = await readCatalogFiles(root);
  if (catalogs.length === 0) return undefined;
  const byLocale = new Map(catalogs.map((c) => [c.locale, c]));
  const locales = [...byLocale.keys()];
  const fallback = options.fallbackLocale ?? (byLocale.has('en') ? 'en' : locales[0]!);
  const rel = (path: string) => relative(root, path);
  const only = options.template;
  const issues: CheckIssue[] =
    only === undefined ? catalogs.flatMap((c) => syntaxIssues(c, rel(c.path))) : [];
  // A catalog that cannot be read would make every key look missing: fix it first.
  if (catalogs.some((c) => c.problems.length > 0)) return { locales, fallbackLocale: fallback, issues };
  const files = await servedFiles(root, locales, fallback, only);

  const used = new Set<string>();
  const prefixes = new Set<string>();
  let computed: { file: string; line: number } | undefined;
  for (const { path, locales: served } of files) {
    let uses: MessageUse[];
    try {
      uses = messageUses(await readFile(path, 'utf8'));
    } catch {
      continue; // a Handlebars syntax error: the template's own check reports it, with its line
    }
    for (const use of uses) {
      if (use.key === undefined) {
        if (use.prefix) prefixes.add(use.prefix);
        else computed ??= { file: rel(path), line: use.line };
        continue;
      }
      used.add(use.key);
      const key = use.key;
      const missing: string[] = [];
      const untranslated: string[] = [];
      // Values a message reads that the call does not pass: the render throws for that locale.
      const unpassed = new Map<string, string[]>();
      for (const locale of served) {
        const own = [...new Set([locale, locale.split('-')[0]!])].filter((l) => byLocale.has(l));
        const chain = [...new Set([...own, fallback])].filter((l) => byLocale.has(l));
        const has = (l: string) => byLocale.get(l)!.messages.has(key);
        const from = chain.find(has);
        if (!from) missing.push(`${locale} (looked in ${chain.join(' → ')})`);
        else if (!own.some(has)) untranslated.push(locale);
        const values = from && messageValues(byLocale.get(from)!.messages.get(key)!.source, from);
        for (const value of values ?? []) {
          if (!use.params.includes(value)) unpassed.set(value, [...(unpassed.get(value) ?? []), locale]);
        }
      }
      const at = { file: rel(path), line: use.line };
      for (const [value, where] of unpassed) {
        issues.push({
          rule: 'message-args',
          message: `{{t "${key}"}} passes no ${value}=…, which the ${where.join(', ')} ${where.length > 1 ? 'messages read' : 'message reads'}: the render fails`,
          ...at,
        });
      }
      if (missing.length > 0) {
        const message = catalogs.every((c) => !c.messages.has(key))
          ? `"${key}" is in no catalog (${locales.join(', ')})`
          : `"${key}" is missing in ${missing.join(', ')}`;
        issues.push({ rule: 'missing-message', message, ...at });
      }
      if (untranslated.length > 0) {
        const message = `"${key}" has no ${untranslated.join(', ')} message: ${untranslated.length === 1 ? 'it renders' : 'they render'} the ${fallback} one`;
        issues.push({ rule: 'untranslated', message, ...at });
      }
    }
  }

  if (only !== undefined) {
    // One template's view: whether a key is used elsewhere is the folder check's business.
  } else if (computed) {
    issues.push({
      rule: 'unused-message',
      message: 'unused messages not checked: a {{t}} key is computed without a literal prefix',
      ...computed,
    });
  } else {
    for (const catalog of catalogs) {
      for (const [key, { line }] of catalog.messages) {
        if (used.has(key) || [...prefixes].some((p) => key.startsWith(p))) continue;
        issues.push({
          rule: 'unused-message',
          message: `"${key}" is used by no template`,
          file: rel(catalog.path),
          line,
        });
      }
    }
  }
  return { locales, fallbackLocale: fallback, issues };
}
