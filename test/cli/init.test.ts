import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { root, runCli, runNode } from './run.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mailsmith-init-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const SCAFFOLD = [
  'mailsmith-env.d.ts',
  'mailsmith.config.ts',
  'templates/_layouts/default.mjml',
  'templates/_locales/en.json',
  'templates/_locales/zh-CN.json',
  'templates/_partials/footer.mjml',
  'templates/_partials/header.mjml',
  'templates/welcome/html.mjml',
  'templates/welcome/preview.json',
  'templates/welcome/subject.hbs',
  'test/welcome-email.test.ts',
];

async function files(at: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(at, { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...(await files(join(at, entry.name), rel)));
    else out.push(rel);
  }
  return out.sort();
}

describe('mailsmith init', () => {
  it('scaffolds a project in an empty folder that check, types and its own example test accept', async () => {
    const init = await runCli(['init'], { cwd: dir });
    expect(init.code).toBe(0);
    expect(await files(dir)).toEqual(SCAFFOLD);
    for (const file of SCAFFOLD) expect(init.stdout).toContain(`created ${file}`);
    // The catalogs carry only the messages of the files init wrote.
    const en = JSON.parse(await readFile(join(dir, 'templates/_locales/en.json'), 'utf8'));
    expect(Object.keys(en)).toEqual(['brand', 'footer', 'welcome']);

    const check = await runCli(['check'], { cwd: dir });
    expect(check.code).toBe(0);
    expect(check.stdout).toContain('1 template: 0 errors, 0 warnings');

    const types = await runCli(['types', '--check'], { cwd: dir });
    expect(types.code).toBe(0);

    // Run the generated test as the user would, with `mailsmith` resolved to this checkout's sources
    // (the harness's vitest config; init writes none).
    await symlink(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
    await writeFile(
      join(dir, 'vitest.config.mts'),
      `export default { resolve: { alias: [
        { find: /^mailsmith\\/testing$/, replacement: ${JSON.stringify(join(root, 'src/testing/index.ts'))} },
        { find: /^mailsmith$/, replacement: ${JSON.stringify(join(root, 'src/index.ts'))} },
      ] } };\n`,
    );
    const vitest = await runNode([join(root, 'node_modules/vitest/vitest.mjs'), 'run', '--root', dir], dir, {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NO_COLOR: '1',
    });
    expect(vitest.stdout).toMatch(/Tests\s+1 passed/);
    expect(vitest.code).toBe(0);
  }, 120_000);

  it('never overwrites: existing files are kept and listed as kept', async () => {
    await writeFile(join(dir, 'mailsmith.config.ts'), 'export default { templates: "./mail" };\n');
    await mkdir(join(dir, 'templates/welcome'), { recursive: true });
    await writeFile(join(dir, 'templates/welcome/subject.hbs'), 'Mine, {{name}}');
    const init = await runCli(['init'], { cwd: dir });
    expect(init.code).toBe(0);
    expect(await readFile(join(dir, 'mailsmith.config.ts'), 'utf8')).toBe(
      'export default { templates: "./mail" };\n',
    );
    expect(await readFile(join(dir, 'templates/welcome/subject.hbs'), 'utf8')).toBe('Mine, {{name}}');
    expect(init.stdout).toContain('kept    mailsmith.config.ts (exists)');
    expect(init.stdout).toContain('kept    templates/welcome/subject.hbs (exists)');
    expect(init.stdout).toContain('created templates/welcome/html.mjml');
  });
});
