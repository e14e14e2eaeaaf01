import { spawn } from 'node:child_process';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../..', import.meta.url));
const entry = join(root, 'src/cli/index.ts');
const tsx = join(root, 'node_modules/tsx/dist/loader.mjs');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `mailsmith …` as a child process, from sources through tsx, without the caller's MAILSMITH_* env. */
export function runCli(
  args: string[],
  options: { cwd: string; env?: Record<string, string> },
): Promise<CliResult> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NO_COLOR: '1',
    ...options.env,
  };
  return runNode(['--import', tsx, entry, ...args], options.cwd, env);
}

export function runNode(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A temp dir holding a copy of a fixture set under `templates/`; removed by the returned cleanup. */
export async function fixtureDir(
  set: 'good' | 'lint' | 'broken',
): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'mailsmith-cli-'));
  await cp(join(root, 'test/fixtures/cli', set), join(dir, 'templates'), { recursive: true });
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}
