import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** A message of a catalog, with the line of its key in the JSON source. */
export interface CatalogEntry {
  source: string;
  line: number;
}

/** One `_locales/<locale>.json`, read for checking: its messages (flattened keys) and where each is. */
export interface CatalogFile {
  locale: string;
  path: string;
  messages: Map<string, CatalogEntry>;
  /** Why the file cannot be used (invalid JSON, a value that is not a message), with its line. */
  problems: { line?: number; detail: string }[];
}

/**
 * Line of each key path in a JSON text (`order.shipped` → 3). Scans tokens, so it needs no parser
 * with positions; on invalid JSON it returns what it saw (the caller reports the parse error).
 */
export function keyLines(source: string): Map<string, number> {
  const lines = new Map<string, number>();
  const stack: { key?: string; object: boolean }[] = [];
  let line = 1;
  let last: string | undefined;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (ch === '\n') line++;
    else if (ch === '"') {
      let end = i + 1;
      while (end < source.length && source[end] !== '"' && source[end] !== '\n')
        end += source[end] === '\\' ? 2 : 1;
      try {
        last = JSON.parse(source.slice(i, end + 1)) as string;
      } catch {
        last = source.slice(i + 1, end);
      }
      i = end;
    } else if (ch === '{' || ch === '[') stack.push({ object: ch === '{' });
    else if (ch === '}' || ch === ']') stack.pop();
    else if (ch === ':' && stack.at(-1)?.object && last !== undefined) {
      stack.at(-1)!.key = last;
      const path = stack.map((frame) => frame.key).filter((k) => k !== undefined);
      // A repeated key: JSON.parse keeps the last one, so its line is the one that counts.
      lines.set(path.join('.'), line);
    }
  }
  return lines;
}

/** 1-based line of a character offset. */
function lineAt(source: string, offset: number): number {
  return source.slice(0, offset).split('\n').length;
}

/** Line of a JSON.parse error (`… in JSON at position 45`, or `(line 3 column 5)` on newer engines). */
function parseErrorLine(source: string, error: Error): number | undefined {
  const explicit = /line (\d+)/.exec(error.message);
  if (explicit) return Number(explicit[1]);
  const position = /position (\d+)/.exec(error.message);
  return position ? lineAt(source, Number(position[1])) : undefined;
}

/** Reads one catalog: every message with its line, and what makes the file unusable. */
export function parseCatalog(locale: string, path: string, source: string): CatalogFile {
  const file: CatalogFile = { locale, path, messages: new Map(), problems: [] };
  let parsed: unknown;
  try {
    parsed = JSON.parse(source);
  } catch (error) {
    const line = parseErrorLine(source, error as Error);
    file.problems.push({ line, detail: `invalid JSON: ${(error as Error).message}` });
    return file;
  }
  const lines = keyLines(source);
  const walk = (value: unknown, prefix: string) => {
    if (typeof value === 'string') {
      file.messages.set(prefix, { source: value, line: lines.get(prefix) ?? 1 });
    } else if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [key, child] of Object.entries(value)) walk(child, prefix ? `${prefix}.${key}` : key);
    } else {
      file.problems.push({
        line: lines.get(prefix),
        detail: `"${prefix || '(root)'}" must be a message string or an object of messages, not ${Array.isArray(value) ? 'an array' : JSON.stringify(value)}`,
      });
    }
  };
  walk(parsed, '');
  return file;
}

/** Locales with a catalog under a templates folder, sorted (files are not read). */
export async function catalogLocales(root: string): Promise<string[]> {
  const names = await readdir(join(root, '_locales')).catch(() => [] as string[]);
  return names
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -'.json'.length))
    .sort();
}

/** Every `_locales/*.json` under a templates folder, sorted by locale; empty when there are none. */
export async function readCatalogFiles(root: string): Promise<CatalogFile[]> {
  const dir = join(root, '_locales');
  const names = (await readdir(dir).catch(() => [] as string[])).filter((f) => f.endsWith('.json')).sort();
  const files = await Promise.all(
    names.map(async (name) => {
      const path = join(dir, name);
      return parseCatalog(name.slice(0, -'.json'.length), path, await readFile(path, 'utf8'));
    }),
  );
  // By locale, not file name: `zh` before `zh-CN` (a file-name sort puts `zh-CN.json` first).
  return files.sort((a, b) => (a.locale < b.locale ? -1 : a.locale > b.locale ? 1 : 0));
}
