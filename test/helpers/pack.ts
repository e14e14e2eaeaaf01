import { execFile } from 'node:child_process';
import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));

/** `npm pack` of this repository (its prepare script builds dist/ first); returns the tarball's path. */
export async function packTarball(destination: string): Promise<string> {
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', destination], {
    cwd: root,
    maxBuffer: 64 * 1024 * 1024,
  });
  const [info] = JSON.parse(stdout.slice(stdout.indexOf('['))) as { filename: string }[];
  return join(destination, info!.filename);
}

/**
 * `npm install` in `dir` (its package.json names the dependencies), from the local npm cache when it
 * can (`--prefer-offline`). `runtimeOnly` adds `--omit=dev --omit=optional`, as a production image does.
 */
export async function npmInstall(dir: string, options: { runtimeOnly: boolean }): Promise<void> {
  const omit = options.runtimeOnly ? ['--omit=dev', '--omit=optional'] : [];
  await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', ...omit], {
    cwd: dir,
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, npm_config_update_notifier: 'false' },
  });
}

export interface InstalledSize {
  /** Sum of the sizes of every file under node_modules. */
  bytes: number;
  /** Installed packages (nested copies counted). */
  packages: number;
  /** Top-level package names. */
  names: string[];
}

/** What `dir/node_modules` holds: bytes and packages (a folder with a package.json is a package). */
export async function installedSize(dir: string): Promise<InstalledSize> {
  const modules = join(dir, 'node_modules');
  const bytes = await sizeOf(modules);
  const names = await packagesIn(modules);
  let packages = 0;
  const count = async (folder: string): Promise<void> => {
    for (const name of await packagesIn(folder)) {
      packages++;
      await count(join(folder, name, 'node_modules'));
    }
  };
  await count(modules);
  return { bytes, packages, names };
}

async function packagesIn(modules: string): Promise<string[]> {
  const entries = await readdir(modules, { withFileTypes: true }).catch(() => []);
  const names: string[] = [];
  for (const e of entries) {
    if (e.name.startsWith('.') || !e.isDirectory()) continue;
    if (e.name.startsWith('@')) {
      for (const scoped of await readdir(join(modules, e.name))) names.push(`${e.name}/${scoped}`);
    } else {
      names.push(e.name);
    }
  }
  return names.sort();
}

async function sizeOf(path: string): Promise<number> {
  const stat = await lstat(path).catch(() => undefined);
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.size;
  let total = 0;
  for (const entry of await readdir(path)) total += await sizeOf(join(path, entry));
  return total;
}

/** Bytes as MB (2^20), one decimal. */
export const mb = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;
