import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const tsx = join(root, 'node_modules/tsx/dist/loader.mjs');
const record = fileURLToPath(new URL('./record.mjs', import.meta.url));

export interface LoadedModules {
  /** Absolute paths of every module file the process loaded. */
  files: string[];
  /** Package names (`mjml`, `@scope/name`) those files belong to, the TypeScript loader excluded. */
  packages: Set<string>;
  stdout: string;
}

/** `handlebars/dist/cjs/handlebars/compiler/compiler.js` style: the part of a path after node_modules. */
export function inPackage(file: string): string | undefined {
  const at = file.lastIndexOf('/node_modules/');
  return at === -1 ? undefined : file.slice(at + '/node_modules/'.length);
}

const packageOf = (file: string): string | undefined => {
  const inside = inPackage(file);
  if (!inside) return undefined;
  const parts = inside.split('/');
  return inside.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
};

/** Packages the test runner itself brings (tsx and its esbuild), not the code under test. */
const LOADER = new Set(['tsx', 'esbuild', 'get-tsconfig', 'resolve-pkg-maps']);

/**
 * Runs a script (TypeScript, through tsx) in a fresh Node process and lists every module it loaded,
 * so a test can assert what a code path does NOT import.
 */
export async function loadedModules(script: string, args: string[] = [], cwd = root): Promise<LoadedModules> {
  const dir = await mkdtemp(join(tmpdir(), 'mailsmith-modules-'));
  const out = join(dir, 'loaded.json');
  try {
    const stdout = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', tsx, '--import', record, script, ...args], {
        cwd,
        env: { PATH: process.env.PATH, HOME: process.env.HOME, MAILSMITH_LOADED_OUT: out },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      let errors = '';
      child.stdout.on('data', (chunk) => {
        output += chunk;
      });
      child.stderr.on('data', (chunk) => {
        errors += chunk;
      });
      child.on('error', reject);
      child.on('close', (code) =>
        code === 0 ? resolve(output) : reject(new Error(`${script} exited ${code}: ${errors}`)),
      );
    });
    const files = JSON.parse(await readFile(out, 'utf8')) as string[];
    const packages = new Set(
      files.map(packageOf).filter((p): p is string => p !== undefined && !LOADER.has(p)),
    );
    return { files, packages, stdout };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
