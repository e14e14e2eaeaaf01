import { existsSync } from 'node:fs';
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixtureDir, runCli, runNode } from './run.js';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir, cleanup } = await fixtureDir('good'));
  await writeFile(join(dir, 'package.json'), '{ "type": "module" }');
});
afterEach(() => cleanup());

describe('mailsmith build', () => {
  it('writes one ES module and its declaration, which an app sends with', async () => {
    const result = await runCli(['build'], { cwd: dir });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /^wrote mail\.compiled\.js \(\d+ KB, 2 templates: hello, plain\) and its \.d\.ts\n$/,
    );
    const declaration = await readFile(join(dir, 'mail.compiled.d.ts'), 'utf8');
    expect(declaration).toContain('export default compiled;');
    expect(declaration).toMatch(/interface TemplateRegistry \{\n {4}hello: \{/);
    // The built module imports nothing: plain data and functions for handlebars/runtime.
    const code = await readFile(join(dir, 'mail.compiled.js'), 'utf8');
    expect(code).not.toMatch(/^import /m);
    const app = join(dir, 'app.mjs');
    await writeFile(
      app,
      `const compiled = (await import('./mail.compiled.js')).default;
       const { createMailer } = await import(process.argv[2]);
       const mailer = createMailer({ templates: compiled, transport: 'memory://', from: 'a@example.com' });
       const { subject, text } = await mailer.render('plain', { code: '314159' });
       console.log(subject, '|', text);`,
    );
    const tsx = join(__dirname, '../../node_modules/tsx/dist/loader.mjs');
    const run = await runNode(
      ['--import', tsx, app, join(__dirname, '../../src/index.ts')],
      dir,
      process.env,
    );
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('Code 314159 | Your code is 314159.\n');
  });

  it('--check exits 0 when up to date and 1 when a template changed, writing nothing', async () => {
    expect((await runCli(['build', '--out', 'out/mail.mjs'], { cwd: dir })).code).toBe(0);
    expect(existsSync(join(dir, 'out/mail.d.mts'))).toBe(true);
    const fresh = await runCli(['build', '--out', 'out/mail.mjs', '--check'], { cwd: dir });
    expect(fresh.code).toBe(0);
    expect(fresh.stdout).toBe('ok out/mail.mjs is up to date\n');

    await appendFile(join(dir, 'templates/plain/subject.hbs'), '!');
    const before = await readFile(join(dir, 'out/mail.mjs'), 'utf8');
    const stale = await runCli(['build', '--out', 'out/mail.mjs', '--check'], { cwd: dir });
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain('out/mail.mjs is out of date with the templates');
    expect(stale.stderr).toContain('hint: run `npx mailsmith build`');
    expect(await readFile(join(dir, 'out/mail.mjs'), 'utf8')).toBe(before);

    const missing = await runCli(['build', '--out', 'nope.js', '--check'], { cwd: dir });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('nope.js is missing');
  });

  it('--check counts the helpers: building with another set makes the module stale', async () => {
    expect((await runCli(['build'], { cwd: dir })).code).toBe(0);
    const other = await runCli(['build', '--check', '--helpers', 'upper'], { cwd: dir });
    expect(other.code).toBe(1);
  });

  it('fails with the template’s file and line when one does not compile', async () => {
    await writeFile(join(dir, 'templates/plain/subject.hbs'), 'Code {{#if code}}');
    const result = await runCli(['build'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('subject.hbs');
    expect(existsSync(join(dir, 'mail.compiled.js'))).toBe(false);
  });
});
