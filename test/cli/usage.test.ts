import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './run.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mailsmith-usage-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('mailsmith usage', () => {
  it('lists every command in --help (exit 0)', async () => {
    const result = await runCli(['--help'], { cwd: dir });
    expect(result.code).toBe(0);
    for (const command of [
      'render',
      'send',
      'verify',
      'check',
      'types',
      'preview',
      'dev',
      'queue',
      'worker',
    ]) {
      expect(result.stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
    }
  });

  it.each([
    ['render', '--format <format>'],
    ['send', '--to <addr>'],
    ['verify', '--transport <url>'],
    ['check', '--json'],
    ['types', '--check'],
    ['preview', '--port <port>'],
    ['dev', '--smtp-port <port>'],
    ['worker', '--concurrency <n>'],
    ['queue stats', '--redis <url>'],
    ['queue retry-failed', '--name <queue>'],
  ])('has --help for %s', async (command, option) => {
    const result = await runCli([...command.split(' '), '--help'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Usage: mailsmith ${command}`);
    expect(result.stdout).toContain(option);
  });

  it('prints the package version', async () => {
    const { version } = (await import('../../package.json', { with: { type: 'json' } })).default;
    const result = await runCli(['--version'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe(version);
  });

  it.each([[[]], [['frobnicate']], [['check', '--no-such-flag']], [['send']]])(
    'exits 2 on %j',
    async (args) => {
      const result = await runCli(args, { cwd: dir });
      expect(result.code).toBe(2);
      expect(result.stderr).not.toBe('');
    },
  );
});
