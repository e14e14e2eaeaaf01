import { spawn } from 'node:child_process';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { run } from '../../src/cli/index.js';

export const root = fileURLToPath(new URL('../..', import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A stream that keeps what is written, as a pipe would (not a terminal: no colours, no progress). */
export function collect(): { write(chunk: string | Uint8Array): boolean; text(): string } {
  let text = '';
  return {
    write(chunk: string | Uint8Array) {
      text += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      return true;
    },
    text: () => text,
  };
}

/**
 * Runs `mailsmith …` in this process through `run()`, with its own streams, working directory and an
 * environment without the caller's MAILSMITH_* variables (as the bin would see in a clean shell).
 */
export async function runCli(
  args: string[],
  options: { cwd: string; env?: Record<string, string>; signal?: AbortSignal },
): Promise<CliResult> {
  const stdout = collect();
  const stderr = collect();
  const code = await run(args, {
    stdout,
    stderr,
    cwd: options.cwd,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1', ...options.env },
    signal: options.signal,
  });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

const entry = join(root, 'src/cli/bin.ts');
const tsx = join(root, 'node_modules/tsx/dist/loader.mjs');

/**
 * Runs `mailsmith …` from sources as a child process. Only for what needs a fresh process:
 * NODE_EXTRA_CA_CERTS (trusting a test certificate) is read once, at process start.
 */
export function spawnCli(
  args: string[],
  options: { cwd: string; env?: Record<string, string> },
): Promise<CliResult> {
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1', ...options.env };
  return runNode(['--import', tsx, entry, ...args], options.cwd, env);
}

/** Runs node with `args` as a child process (the test of the real bin uses it). */
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
