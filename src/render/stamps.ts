import { stat } from 'node:fs/promises';

/**
 * inode + mtime + ctime + size of each dependency ('' when missing), to tell cheaply whether a compile
 * is stale. The inode and ctime catch an atomic save (write elsewhere, rename over), whose mtime
 * may be older than the compile.
 */
export type Stamps = Map<string, string>;

/** Never equal to a real stamp: the next freshness check recompiles. */
const UNSETTLED = 'unsettled';

/**
 * File timestamps come from the kernel's coarse clock, which can lag `Date.now()` by a tick or two;
 * a change this close to the compile's start is treated as made during it.
 */
export const CLOCK_SLACK_MS = 30;

async function stampOf(path: string, since?: number): Promise<string> {
  try {
    const s = await stat(path);
    // ctime, not mtime: every write, rename or utimes sets it to now, and it cannot be set back.
    if (since !== undefined && s.ctimeMs >= since - CLOCK_SLACK_MS) return UNSETTLED;
    return `${s.ino}:${Math.floor(s.mtimeMs)}:${Math.floor(s.ctimeMs)}:${s.size}`;
  } catch {
    return '';
  }
}

/**
 * Stamps of `paths`. With `since` (when the compile that read them started), a file changed since
 * then is stamped as unsettled: the compile may have read it half-written or before it was replaced.
 */
export async function takeStamps(paths: Iterable<string>, since?: number): Promise<Stamps> {
  const unique = [...new Set(paths)];
  const values = await Promise.all(unique.map((p) => stampOf(p, since)));
  return new Map(unique.map((p, i) => [p, values[i]!]));
}

/** True when any dependency was edited, created or removed since the stamps were taken. */
export async function changed(stamps: Stamps): Promise<boolean> {
  const paths = [...stamps.keys()];
  if ([...stamps.values()].includes(UNSETTLED)) return true;
  const now = await Promise.all(paths.map((p) => stampOf(p)));
  return paths.some((p, i) => stamps.get(p) !== now[i]);
}
