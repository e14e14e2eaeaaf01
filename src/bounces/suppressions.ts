import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { ConfigError } from '../errors/ConfigError.js';

/** Why an address is on the list. Only `unsubscribe` entries are bypassed, by transactional templates. */
export type SuppressionReason = 'bounce' | 'complaint' | 'unsubscribe' | 'manual';

/** One entry of a suppression list. */
export interface Suppression {
  /** The address, lower-cased. */
  address: string;
  reason: SuppressionReason;
  /** Applies to sends of this scope (mailsmith passes the template name) only; absent: to every send. */
  scope?: string;
  /** ISO timestamp of when the entry was added. */
  at: string;
  /** Free text: the bounce status and diagnostic, who unsubscribed it, a note. */
  detail?: string;
}

export interface SuppressionInput {
  address: string;
  reason: SuppressionReason;
  scope?: string;
  at?: string | Date;
  detail?: string;
}

/**
 * Where suppressed addresses live. Four methods, so an app can bring its own table.
 * `has(address, scope)` returns the entry that applies to a send of that scope: one without a scope
 * (it applies to every send) or one with exactly that scope.
 */
export interface SuppressionStore {
  has(address: string, scope?: string): Promise<Suppression | undefined>;
  /** Adds or replaces the entry for (address, scope). */
  add(entry: SuppressionInput): Promise<Suppression>;
  /** Removes the entry for (address, scope); without a scope, every entry of the address. True if any was. */
  remove(address: string, scope?: string): Promise<boolean>;
  list(): Promise<Suppression[]>;
}

const REASONS = new Set<SuppressionReason>(['bounce', 'complaint', 'unsubscribe', 'manual']);

/** Lower-cases and checks an entry; throws a ConfigError on a bad address or reason. */
export function normalizeSuppression(entry: SuppressionInput): Suppression {
  const address = String(entry.address ?? '')
    .trim()
    .toLowerCase();
  if (!/^[^\s@<>]+@[^\s@<>]+$/.test(address)) {
    throw new ConfigError(`Cannot suppress ${JSON.stringify(entry.address)}: not an email address`, {
      hint: 'pass a bare address such as ada@163.com',
    });
  }
  if (!REASONS.has(entry.reason)) {
    throw new ConfigError(`Unknown suppression reason ${JSON.stringify(entry.reason)}`, {
      hint: `use one of ${[...REASONS].join(', ')}`,
    });
  }
  const at = entry.at === undefined ? new Date() : new Date(entry.at);
  return {
    address,
    reason: entry.reason,
    ...(entry.scope ? { scope: entry.scope } : {}),
    at: (Number.isNaN(at.getTime()) ? new Date() : at).toISOString(),
    ...(entry.detail ? { detail: entry.detail } : {}),
  };
}

/** The key of an entry: an address has at most one entry per scope. */
export function suppressionKey(address: string, scope?: string): string {
  return `${address.trim().toLowerCase()}\u0000${scope ?? ''}`;
}

/** Picks the entry that applies to a send of `scope`: an unscoped one first, since it blocks every send. */
export function applicable(
  entries: Iterable<Suppression>,
  address: string,
  scope?: string,
): Suppression | undefined {
  const wanted = address.trim().toLowerCase();
  let scoped: Suppression | undefined;
  for (const e of entries) {
    if (e.address !== wanted) continue;
    if (e.scope === undefined) return e;
    if (scope !== undefined && e.scope === scope) scoped = e;
  }
  return scoped;
}

function mapStore(
  load: () => Promise<Map<string, Suppression>>,
  save: (m: Map<string, Suppression>) => Promise<void>,
) {
  // One change at a time, so two add() calls in the same process never write over each other.
  let chain: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = chain.then(fn, fn);
    chain = next.catch(() => undefined);
    return next;
  };
  const store: SuppressionStore = {
    async has(address, scope) {
      const entries = await load();
      return applicable(entries.values(), address, scope);
    },
    async add(input) {
      const entry = normalizeSuppression(input);
      return serial(async () => {
        const entries = await load();
        entries.set(suppressionKey(entry.address, entry.scope), entry);
        await save(entries);
        return entry;
      });
    },
    async remove(address, scope) {
      return serial(async () => {
        const entries = await load();
        const wanted = address.trim().toLowerCase();
        let removed = false;
        for (const [key, e] of entries) {
          if (e.address === wanted && (scope === undefined || e.scope === scope)) {
            entries.delete(key);
            removed = true;
          }
        }
        if (removed) await save(entries);
        return removed;
      });
    },
    async list() {
      return [...(await load()).values()].sort((a, b) => a.at.localeCompare(b.at));
    },
  };
  return store;
}

/**
 * A suppression list in memory: for tests, and for one process that rebuilds it on start.
 *
 * @example
 * const suppressions = memorySuppressions();
 * const mailer = createMailer({ templates, suppressions });
 */
export function memorySuppressions(initial: SuppressionInput[] = []): SuppressionStore {
  const entries = new Map<string, Suppression>();
  for (const input of initial) {
    const e = normalizeSuppression(input);
    entries.set(suppressionKey(e.address, e.scope), e);
  }
  return mapStore(
    async () => entries,
    async () => {},
  );
}

/**
 * A suppression list in a JSON file, safe across restarts: every change is written to a temporary file
 * and renamed over the old one, so a crash never leaves half a file. Each read loads the file, so two
 * processes (the app and `mailsmith bounces poll`) see each other's changes; concurrent writers from
 * several processes should use `redisSuppressions()` instead.
 *
 * @example
 * const suppressions = fileSuppressions('./.mailsmith/suppressions.json');
 * @default path './.mailsmith/suppressions.json' in the CLI
 */
export function fileSuppressions(path: string): SuppressionStore {
  const file = resolve(path);
  let counter = 0;
  // The mailer asks has() on every send: reuse the parsed file while its mtime and size are unchanged.
  let cached: { mtimeMs: number; size: number; entries: Map<string, Suppression> } | undefined;
  const load = async (): Promise<Map<string, Suppression>> => {
    try {
      const info = await stat(file);
      if (cached && cached.mtimeMs === info.mtimeMs && cached.size === info.size)
        return new Map(cached.entries);
      const raw = await readFile(file, 'utf8');
      cached = { mtimeMs: info.mtimeMs, size: info.size, entries: await parseFile(raw) };
      return new Map(cached.entries);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
      throw error;
    }
  };
  const parseFile = async (raw: string): Promise<Map<string, Suppression>> => {
    let data: unknown;
    try {
      data = JSON.parse(raw);
    } catch (error) {
      throw new ConfigError(`Suppression list ${file} is not valid JSON`, {
        hint: 'fix or delete the file (it is rewritten on the next change)',
        cause: error,
      });
    }
    const list = Array.isArray(data) ? data : (data as { suppressions?: unknown })?.suppressions;
    if (!Array.isArray(list)) {
      throw new ConfigError(`Suppression list ${file} has no "suppressions" array`, {
        hint: 'the file holds { "suppressions": [ { "address", "reason", "at" } ] }',
      });
    }
    const entries = new Map<string, Suppression>();
    for (const input of list as SuppressionInput[]) {
      const e = normalizeSuppression(input);
      entries.set(suppressionKey(e.address, e.scope), e);
    }
    return entries;
  };
  const save = async (entries: Map<string, Suppression>): Promise<void> => {
    await mkdir(dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.${++counter}.tmp`;
    const body = `${JSON.stringify({ suppressions: [...entries.values()] }, null, 2)}\n`;
    await writeFile(tmp, body, 'utf8');
    await rename(tmp, file);
  };
  return mapStore(load, save);
}
