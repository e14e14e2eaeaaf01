import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { TemplateNotFoundError } from '../errors/TemplateNotFoundError.js';
import { TemplateSyntaxError } from '../errors/TemplateSyntaxError.js';

/** A file read from disk. */
export interface SourceFile {
  path: string;
  source: string;
}

/** The files of one template folder. */
export interface TemplateFiles {
  name: string;
  dir: string;
  /** html.mjml or html.hbs (or a per-locale html.<locale>.mjml / .hbs). */
  html: SourceFile & { kind: 'mjml' | 'hbs' };
  subject: SourceFile;
  text?: SourceFile;
  /** Sample data; a broken preview.json is reported in `error` and never blocks sending. */
  preview?: SourceFile & { data?: unknown; error?: TemplateSyntaxError };
}

/** Layouts and partials shared by every template (`_layouts/*.mjml`, `_partials/*.{mjml,hbs}`). */
export interface SharedFiles {
  layoutsDir: string;
  partialsDir: string;
  layouts: Map<string, SourceFile>;
  mjmlPartials: Map<string, SourceFile>;
  hbsPartials: Map<string, SourceFile>;
}

/** Names of the templates in `dir`: sub-folders not starting with `_` or `.`, sorted. */
export async function listTemplates(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isDirectory() && !e.name.startsWith('_') && !e.name.startsWith('.'))
    .map((e) => e.name)
    .sort();
}

/**
 * Which per-locale files a compile may use, in order: `before` are tried ahead of the plain file
 * (`subject.zh-CN.hbs`, then `subject.zh.hbs`, then `subject.hbs`), `after` behind it (the fallback
 * locale's file serves only a part that has no plain file).
 */
export interface LocaleFiles {
  before: readonly string[];
  after: readonly string[];
}

const NO_LOCALE: LocaleFiles = { before: [], after: [] };

/** The order to look for per-locale files of `locale`: itself, its language, then (behind the plain file) the fallback. */
export function localeFileOrder(locale: string, fallbackLocale: string): LocaleFiles {
  const before = [...new Set([locale, locale.split('-')[0]!])];
  return { before, after: before.includes(fallbackLocale) ? [] : [fallbackLocale] };
}

/**
 * Reads one template folder, choosing per-locale files (`subject.zh-CN.hbs`, `html.en.mjml`) over the
 * plain ones as `locales` orders them. Throws TemplateNotFoundError when it has no html part.
 */
export async function loadTemplate(
  root: string,
  name: string,
  locales: LocaleFiles = NO_LOCALE,
): Promise<TemplateFiles> {
  const dir = join(root, name);
  const notFound = async () => new TemplateNotFoundError(name, root, await listTemplates(root));
  // Names come from application code, but never let one walk out of the templates folder.
  if (!/^[\w][\w.-]*$/.test(name) || name.includes('..') || name.startsWith('_')) throw await notFound();
  const order = [...locales.before.map((l) => `.${l}`), '', ...locales.after.map((l) => `.${l}`)];
  const pick = async (base: string, exts: string[], suffixes = order) => {
    for (const suffix of suffixes) {
      for (const ext of exts) {
        const file = await read(join(dir, `${base}${suffix}.${ext}`));
        if (file) return { ...file, ext };
      }
    }
    return undefined;
  };
  const [html, subject, text, preview] = await Promise.all([
    pick('html', ['mjml', 'hbs']),
    pick('subject', ['hbs']),
    // A text part missing in this locale is derived from its HTML, never taken from the fallback's.
    pick('text', ['hbs'], order.slice(0, locales.before.length + 1)),
    read(join(dir, 'preview.json')),
  ]);
  if (!html) throw await notFound();
  if (!subject) {
    throw new TemplateSyntaxError({
      kind: 'missing-file',
      file: join(dir, 'subject.hbs'),
      detail: 'missing: every template needs a subject.hbs',
    });
  }
  const file = ({ path, source }: SourceFile) => ({ path, source });
  return {
    name,
    dir,
    html: { ...file(html), kind: html.ext as 'mjml' | 'hbs' },
    subject: file(subject),
    text: text && file(text),
    preview: preview && { ...preview, ...parsePreview(preview) },
  };
}

/** Reads `_layouts` and `_partials`; either folder may be absent. */
export async function loadShared(root: string): Promise<SharedFiles> {
  const layoutsDir = join(root, '_layouts');
  const partialsDir = join(root, '_partials');
  const [layouts, mjmlPartials, hbsPartials] = await Promise.all([
    readAll(layoutsDir, '.mjml'),
    readAll(partialsDir, '.mjml'),
    readAll(partialsDir, '.hbs'),
  ]);
  return { layoutsDir, partialsDir, layouts, mjmlPartials, hbsPartials };
}

async function readAll(dir: string, ext: string): Promise<Map<string, SourceFile>> {
  const names = (await readdir(dir).catch(() => [] as string[])).filter((f) => f.endsWith(ext)).sort();
  const files = await Promise.all(names.map((f) => read(join(dir, f))));
  const map = new Map<string, SourceFile>();
  names.forEach((f, i) => {
    const file = files[i];
    if (file) map.set(f.slice(0, -ext.length), file);
  });
  return map;
}

async function read(path: string): Promise<SourceFile | undefined> {
  try {
    return { path, source: await readFile(path, 'utf8') };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function parsePreview(file: SourceFile): { data?: unknown; error?: TemplateSyntaxError } {
  try {
    return { data: JSON.parse(file.source) };
  } catch (error) {
    const at = /position (\d+)/.exec(String(error))?.[1];
    const line = at === undefined ? undefined : file.source.slice(0, Number(at)).split('\n').length;
    return {
      error: new TemplateSyntaxError(
        { kind: 'json', file: file.path, line, detail: `invalid JSON: ${(error as Error).message}` },
        { cause: error },
      ),
    };
  }
}
