import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';

/** Every file under `dir` (dot-files and dot-folders skipped), as sorted `/`-separated relative paths. */
export async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split('\\').join('/'))
    .filter((path) => !path.split('/').some((part) => part.startsWith('.')))
    .sort();
}

/**
 * The hash a built module records: every file of the templates folder (path and bytes), the helper
 * names and the mailsmith version that compiled them. Any change to one of them makes the module
 * stale, which `mailsmith build --check` reports without compiling anything.
 */
export async function hashTemplates(
  dir: string,
  helpers: readonly string[],
  version: string,
): Promise<string> {
  const hash = createHash('sha256');
  hash.update(`mailsmith ${version}\nhelpers ${[...helpers].sort().join(',')}\n`);
  for (const path of await listFiles(dir)) {
    const bytes = await readFile(join(dir, path));
    hash.update(`${path}\0${bytes.length}\0`).update(bytes);
  }
  return `sha256-${hash.digest('base64url')}`;
}
