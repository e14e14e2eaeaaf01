import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { root, runNode } from './run.js';

// The published bin is dist/cli/bin.js compiled by `npm run build` (tsconfig.build.json); build it
// into a scratch folder at the same depth so its relative paths (package.json) resolve the same way.
const out = join(root, '.tmp-dist-bin-test');
let dir: string;

beforeAll(async () => {
  await rm(out, { recursive: true, force: true });
  const tsc = join(root, 'node_modules/typescript/bin/tsc');
  await runNode([tsc, '-p', join(root, 'tsconfig.build.json'), '--outDir', out], root, process.env);
  dir = await mkdtemp(join(tmpdir(), 'mailsmith-bin-'));
  await cp(join(root, 'test/fixtures/cli/good'), join(dir, 'templates'), { recursive: true });
}, 180_000);
afterAll(async () => {
  await rm(out, { recursive: true, force: true });
  await rm(dir, { recursive: true, force: true });
});

// The one test that spawns the real executable; every other CLI test calls run() in-process.
describe('built bin', () => {
  it('is declared in package.json and built by prepack, with no install script', async () => {
    const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8'));
    expect(pkg.bin).toEqual({ mailsmith: './dist/cli/bin.js' });
    expect(pkg.scripts.prepack).toBe('npm run build');
    // The build compiles with tsc and bundles the preview client (scripts/bundle-preview.ts).
    expect(pkg.scripts.build).toContain('tsc -p tsconfig.build.json');
    expect(pkg.scripts.build).toContain('scripts/bundle-preview.ts dist/preview/assets');
    // Installing the published tarball must run nothing: no prepare, install or postinstall.
    for (const hook of ['prepare', 'preinstall', 'install', 'postinstall'])
      expect(pkg.scripts[hook]).toBeUndefined();
  });

  it('starts with a node shebang and runs without tsx', async () => {
    const bin = join(out, 'cli/bin.js');
    expect((await readFile(bin, 'utf8')).split('\n')[0]).toBe('#!/usr/bin/env node');
    const result = await runNode([bin, 'render', 'plain', '--format', 'text'], dir, {
      PATH: process.env.PATH,
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe('Your code is 123456.');
    const check = await runNode([bin, 'check', '--json'], dir, { PATH: process.env.PATH });
    expect(check.code).toBe(0);
    expect(JSON.parse(check.stdout).templates.map((t: { name: string }) => t.name)).toEqual([
      'hello',
      'plain',
    ]);
  });
});
