import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixtureDir, runCli } from './run.js';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir, cleanup } = await fixtureDir('good'));
});
afterEach(() => cleanup());

describe('mailsmith render', () => {
  it('prints the HTML rendered with the default scenario of preview.json', async () => {
    const result = await runCli(['render', 'hello'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Hello Ada!');
    expect(result.stdout).toContain('href="https://example.com/a"');
  });

  it('renders a named scenario', async () => {
    const result = await runCli(['render', 'hello', '--scenario', 'grace', '--format', 'text'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Hello Grace!');
    expect(result.stdout).not.toContain('<');
    expect(result.stdout.endsWith('\n')).toBe(true); // a shell prompt after it starts on its own line
  });

  it('renders --data from a file as JSON', async () => {
    await writeFile(join(dir, 'data.json'), JSON.stringify({ code: '987654' }));
    const result = await runCli(['render', 'plain', '--data', 'data.json', '--format', 'json'], { cwd: dir });
    expect(result.code).toBe(0);
    const rendered = JSON.parse(result.stdout);
    expect(rendered.subject).toBe('Code 987654');
    expect(rendered.text.trim()).toBe('Your code is 987654.');
    expect(rendered.html).toContain('<b>987654</b>');
  });

  it('writes an .eml built by toMime into --out, checking the addresses like a send', async () => {
    const result = await runCli(
      [
        'render',
        'hello',
        '--format',
        'eml',
        '--out',
        'out',
        '--from',
        'Acme <noreply@acme.test>',
        '--to',
        'ada@example.com',
      ],
      { cwd: dir },
    );
    expect(result.code).toBe(0);
    const mail = await simpleParser(await readFile(join(dir, 'out/hello.eml')));
    expect(mail.subject).toBe('Welcome, Ada');
    expect(mail.from?.value).toEqual([{ name: 'Acme', address: 'noreply@acme.test' }]);
    expect(mail.to && !Array.isArray(mail.to) && mail.to.text).toBe('ada@example.com');
    expect(mail.html).toContain('Hello Ada!');
    expect(mail.text).toContain('Hello Ada!');
  });

  it('refuses an .eml to a malformed address, as a send would (exit 1)', async () => {
    const result = await runCli(['render', 'hello', '--format', 'eml', '--to', 'not an address'], {
      cwd: dir,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error [INVALID_ADDRESS]');
    expect(result.stdout).toBe('');
  });

  it('renders every template with --all into --out', async () => {
    const result = await runCli(['render', '--all', '--out', 'out', '--format', 'text'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(await readFile(join(dir, 'out/hello.txt'), 'utf8')).toContain('Hello Ada!');
    expect(await readFile(join(dir, 'out/plain.txt'), 'utf8')).toContain('123456');
    expect(result.stderr).toContain('wrote out/plain.txt');
  });

  it('reports an unknown template as TEMPLATE_NOT_FOUND with a hint (exit 1)', async () => {
    const result = await runCli(['render', 'nope'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error [TEMPLATE_NOT_FOUND]');
    expect(result.stderr).toContain('Available templates: hello, plain');
    // The message and the hint, each printed once.
    expect(result.stderr.match(/hint:/g)).toHaveLength(1);
    expect(result.stderr.match(/Available templates/g)).toHaveLength(1);
  });

  it('reports a broken preview.json with its file instead of rendering without data (exit 1)', async () => {
    await writeFile(join(dir, 'templates/plain/preview.json'), '{ "code": ');
    const result = await runCli(['render', 'plain', '--format', 'text'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('error [TEMPLATE_SYNTAX]');
    expect(result.stderr).toContain('plain/preview.json');
  });

  it.each([
    [['render', 'hello', '--data', 'x.json', '--scenario', 'grace'], '--data and --scenario'],
    [['render', 'hello', '--scenario', 'missing'], 'use one of: default, grace'],
    [['render', 'hello', '--scenario', 'constructor'], 'no preview scenario "constructor"'],
    [['render', 'hello', '--data', 'missing.json'], 'Cannot read --data missing.json'],
    [['render', 'hello', '--format', 'pdf'], "argument 'pdf' is invalid"],
    [['render', 'hello', 'plain'], 'needs --out'],
    [['render'], 'name a template'],
  ])('exits 2 on a usage error: %j', async (args, message) => {
    const result = await runCli(args, { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });
});

describe('configuration precedence', () => {
  beforeEach(async () => {
    // Three template folders, each rendering a different subject, so the winner is visible.
    const { cp } = await import('node:fs/promises');
    for (const name of ['from-env', 'from-config']) {
      await cp(join(dir, 'templates'), join(dir, name), { recursive: true });
      await writeFile(join(dir, name, 'plain/subject.hbs'), `${name} {{code}}`);
    }
  });

  const subject = async (args: string[], env?: Record<string, string>) => {
    const result = await runCli(['render', 'plain', '--format', 'json', ...args], { cwd: dir, env });
    expect(result.stderr).toBe('');
    return JSON.parse(result.stdout).subject as string;
  };

  it('reads templates from a TypeScript mailsmith.config.ts with defineConfig', async () => {
    const defineConfig = new URL('../../src/config.ts', import.meta.url).href;
    await writeFile(
      join(dir, 'mailsmith.config.ts'),
      `import { defineConfig } from '${defineConfig}';\nconst dir: string = './from-config';\nexport default defineConfig({ templates: dir });\n`,
    );
    expect(await subject([])).toBe('from-config 123456');
    expect(await subject([], { MAILSMITH_TEMPLATES: 'from-env' })).toBe('from-env 123456');
    expect(await subject(['--templates', 'templates'], { MAILSMITH_TEMPLATES: 'from-env' })).toBe(
      'Code 123456',
    );
  });

  it('reads mailsmith.config.json', async () => {
    await writeFile(join(dir, 'mailsmith.config.json'), JSON.stringify({ templates: 'from-config' }));
    expect(await subject([])).toBe('from-config 123456');
  });

  it('fails with a CONFIG error when the config file is broken', async () => {
    await writeFile(join(dir, 'mailsmith.config.mjs'), 'export default {{');
    const result = await runCli(['render', 'plain'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error [CONFIG]: Could not load mailsmith.config.mjs');
  });
});
