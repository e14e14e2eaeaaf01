import { stat } from 'node:fs/promises';

/** mtime + size of each dependency ('' when missing), to tell cheaply whether a compile is stale. */
export type Stamps = Map<string, string>;

async function stampOf(path: string): Promise<string> {
  try {
    const s = await stat(path);
    return `${Math.floor(s.mtimeMs)}:${s.size}`;
  } catch {
    return '';
  }
}

export async function takeStamps(paths: Iterable<string>): Promise<Stamps> {
  const unique = [...new Set(paths)];
  const values = await Promise.all(unique.map(stampOf));
  return new Map(unique.map((p, i) => [p, values[i]!]));
}

/** True when any dependency was edited, created or removed since the stamps were taken. */
export async function changed(stamps: Stamps): Promise<boolean> {
  const paths = [...stamps.keys()];
  const now = await Promise.all(paths.map(stampOf));
  return paths.some((p, i) => stamps.get(p) !== now[i]);
}
