import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { localeFixture } from '../check/locale-fixture.js';
import { fixtureDir, runCli } from './run.js';

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

async function inFixture(set: 'good' | 'lint' | 'broken') {
  const fixture = await fixtureDir(set);
  cleanup = fixture.cleanup;
  return fixture.dir;
}

describe('mailsmith check', () => {
  it('passes clean templates (exit 0) and lists each one with its size', async () => {
    const dir = await inFixture('good');
    const result = await runCli(['check'], { cwd: dir });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/✓ hello \d+(\.\d)? KB/);
    expect(result.stdout).toMatch(/✓ plain/);
    expect(result.stdout).toContain('2 templates: 0 errors');
  });

  it('catches a missing alt (error, with file and line) and unsupported CSS naming the clients', async () => {
    const dir = await inFixture('lint');
    const result = await runCli(['check'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/✗ bad-css/);
    expect(result.stdout).toMatch(
      /error +\[img-alt\] <mj-image src="https:\/\/example.com\/banner.png"> has no alt text.*bad-css\/html.mjml:5/,
    );
    expect(result.stdout).toMatch(
      /warning \[css-support\] `display:grid` is not supported by .*Gmail \(.*Outlook \(Windows/,
    );
  });

  it('prints a machine-readable report with --json and nothing else on stdout', async () => {
    const dir = await inFixture('lint');
    const result = await runCli(['check', '--json'], { cwd: dir });
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report.ok).toBe(false);
    const [template] = report.templates;
    expect(template.name).toBe('bad-css');
    expect(template.errors.map((e: { rule: string }) => e.rule)).toEqual(['img-alt']);
    const grid = template.warnings.find((w: { message: string }) => w.message.includes('display:grid'));
    expect(grid.rule).toBe('css-support');
    expect(grid.clients).toContain('outlook.windows');
    expect(grid.clients).toContain('gmail.desktop-webmail');
  });

  it('reports a Handlebars error with the file and exits 1', async () => {
    const dir = await inFixture('broken');
    const result = await runCli(['check', '--json'], { cwd: dir });
    expect(result.code).toBe(1);
    const [template] = JSON.parse(result.stdout).templates;
    expect(template.ok).toBe(false);
    // Handlebars notices the unclosed {{#if}} only at the end of the file; the error points at the {{#if}}.
    expect(template.errors[0]).toMatchObject({ rule: 'handlebars', file: 'oops/html.mjml', line: 5 });
    expect(template.errors[0].message).toBe('unclosed block `{{#if` at line 5');
  });

  it('follows rule severities from the config file, and --strict fails on warnings', async () => {
    const dir = await inFixture('lint');
    await writeFile(
      join(dir, 'mailsmith.config.json'),
      JSON.stringify({ check: { rules: { 'img-alt': 'warn' } } }),
    );
    const relaxed = await runCli(['check'], { cwd: dir });
    expect(relaxed.code).toBe(0);
    expect(relaxed.stdout).toMatch(/warning \[img-alt\]/);
    const strict = await runCli(['check', '--strict'], { cwd: dir });
    expect(strict.code).toBe(1);
  });

  it('fails when --templates points at a folder without templates', async () => {
    const dir = await inFixture('good');
    await mkdir(join(dir, 'empty'));
    const result = await runCli(['check', '--templates', 'empty'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`no templates in ${join(dir, 'empty')}`);
  });

  it('says the templates folder does not exist, and which path it tried', async () => {
    const dir = await inFixture('good');
    const result = await runCli(['check', '--templates', 'elsewhere'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe(
      `the templates folder ${join(dir, 'elsewhere')} does not exist (set --templates <dir>, or "templates" in mailsmith.config.ts)\n`,
    );
  });
});

describe('mailsmith check: locales', () => {
  const clean = {
    '_locales/en.json':
      '{\n  "order": { "shipped": "Shipped {count}", "total": "Total {amount}" },\n  "old": "x"\n}\n',
    'order/html.hbs':
      '<p>{{t "order.shipped" count=items.length}}</p>\n<p>{{t "order.total" amount=total}}</p>',
    'order/subject.zh-CN.hbs': 'Order',
  };

  it('prints the catalog findings in a block of their own with file and line, and exits 1 on errors', async () => {
    const made = await localeFixture({ 'order/html.hbs': '<p>{{t "order.gone"}}</p>' });
    cleanup = made.cleanup;
    const result = await runCli(['check'], { cwd: made.dir });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('✗ locales en, zh-CN (fallback en)\n');
    expect(result.stdout).toContain(
      '  error   [message-syntax] "broken" is not valid ICU MessageFormat: missing other clause at character 29 of the message (_locales/en.json:8)\n',
    );
    expect(result.stdout).toContain(
      '  error   [missing-message] "order.gone" is in no catalog (en, zh-CN) (order/html.hbs:1)\n',
    );
    expect(result.stdout).toMatch(
      /warning \[unused-message\] "legacy.banner" is used by no template \(_locales\/en.json:6\)/,
    );
    const json = JSON.parse((await runCli(['check', '--json'], { cwd: made.dir })).stdout);
    expect(json.locales.errors.map((e: { rule: string }) => e.rule)).toEqual([
      'message-syntax',
      'missing-message',
      'missing-message', // subject.zh-CN.hbs's key
    ]);
  });

  it('passes with warnings only (untranslated, unused), and --strict fails on them', async () => {
    const made = await localeFixture(clean);
    cleanup = made.cleanup;
    const result = await runCli(['check'], { cwd: made.dir });
    expect(result.stdout).toContain('! locales en, zh-CN (fallback en)\n');
    expect(result.stdout).toContain(
      '  warning [untranslated] "order.total" has no zh-CN message: it renders the en one (order/html.hbs:2)\n',
    );
    expect(result.stdout).toMatch(
      /warning \[unused-message\] "old" is used by no template \(_locales\/en.json:3\)/,
    );
    expect(result.stdout).toMatch(/1 template: 0 errors, 4 warnings/);
    expect(result.code).toBe(0);
    expect((await runCli(['check', '--strict'], { cwd: made.dir })).code).toBe(1);
  });

  it('takes rule severities for the locale rules from the config file', async () => {
    const made = await localeFixture(clean);
    cleanup = made.cleanup;
    await writeFile(
      join(made.dir, 'mailsmith.config.json'),
      JSON.stringify({ check: { rules: { untranslated: 'error', 'unused-message': 'off' } } }),
    );
    const result = await runCli(['check', '--json'], { cwd: made.dir });
    expect(result.code).toBe(1);
    const { locales } = JSON.parse(result.stdout);
    expect(locales.errors.map((e: { rule: string }) => e.rule)).toEqual(['untranslated']);
    expect(locales.warnings).toEqual([]);
  });
});
