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
  /** html.mjml or html.hbs. */
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

/** Reads one template folder. Throws TemplateNotFoundError when it has no html part. */
export async function loadTemplate(root: string, name: string): Promise<TemplateFiles> {
  const dir = join(root, name);
  const notFound = async () => new TemplateNotFoundError(name, root, await listTemplates(root));
  // Names come from application code, but never let one walk out of the templates folder.
  if (!/^[\w][\w.-]*$/.test(name) || name.includes('..') || name.startsWith('_')) throw await notFound();
  const [mjml, hbs, subject, text, preview] = await Promise.all(
    ['html.mjml', 'html.hbs', 'subject.hbs', 'text.hbs', 'preview.json'].map((f) => read(join(dir, f))),
  );
  const html = mjml ? { ...mjml, kind: 'mjml' as const } : hbs ? { ...hbs, kind: 'hbs' as const } : undefined;
  if (!html) throw await notFound();
  if (!subject) {
    throw new TemplateSyntaxError({
      kind: 'missing-file',
      file: join(dir, 'subject.hbs'),
      detail: 'missing: every template needs a subject.hbs',
    });
  }
  return { name, dir, html, subject, text, preview: preview && { ...preview, ...parsePreview(preview) } };
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
