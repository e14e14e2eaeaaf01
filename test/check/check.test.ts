import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkTemplate, checkTemplates } from '../../src/check/index.js';
import { createRenderer } from '../../src/render/renderer.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mailsmith-check-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

async function template(name: string, files: Record<string, string>) {
  await mkdir(join(dir, name), { recursive: true });
  for (const [file, text] of Object.entries({ 'subject.hbs': `Subject of ${name}`, ...files })) {
    await writeFile(join(dir, name, file), text);
  }
}

const page = (body: string) => `<!doctype html><html><body>${body}</body></html>`;
const check = (name: string, options = {}) =>
  checkTemplate(createRenderer({ dir, checkInterval: 0 }), name, options);
const rules = (issues: Array<{ rule: string }>) => issues.map((i) => i.rule);

describe('checkTemplate', () => {
  it('passes a clean template', async () => {
    await template('ok', {
      'html.hbs': page('<img src="x.png" alt=""><a href="https://example.com/{{id}}">go</a>'),
      'preview.json': '{"id": 7}',
    });
    const result = await check('ok');
    expect(result).toMatchObject({ name: 'ok', ok: true, errors: [], warnings: [] });
    expect(result.sizeKb).toBeGreaterThan(0);
  });

  it('flags images without alt as errors and empty or "#" links as warnings', async () => {
    await template('a11y', {
      'html.hbs': page('<img src="x.png"><a href="#">a</a><a href=" ">b</a><a name="top">anchor</a>'),
      'preview.json': '{}',
    });
    const result = await check('a11y');
    expect(result.ok).toBe(false);
    expect(rules(result.errors)).toEqual(['img-alt']);
    const links = result.warnings.filter((w) => w.rule === 'link-href');
    expect(links.map((w) => w.message)).toEqual(['link with a "#" href', 'link with an empty href']);
  });

  it('flags "{{" left in the output, in the scenario that produced it', async () => {
    await template('braces', {
      'html.hbs': page('<p>{{#if raw}}\\{{name}}{{/if}}</p>'),
      'preview.json': JSON.stringify({ default: { raw: false }, raw: { raw: true } }),
    });
    const result = await check('braces');
    // Once in the HTML, once in the text part derived from it; never in the default scenario.
    expect(result.errors.map((e) => [e.rule, e.scenario])).toEqual([
      ['leftover-braces', 'raw'],
      ['leftover-braces', 'raw'],
    ]);
    expect(result.errors[0]?.message).toContain(
      '"{{" left in the rendered html: …html><html><body><p>{{name}}</p></body></html>…',
    );
    expect(result.errors[1]?.message).toContain('rendered text');
  });

  it('warns above the size limit (Gmail clips at 102 KB by default)', async () => {
    await template('big', { 'html.hbs': page(`<p>${'x'.repeat(3000)}</p>`), 'preview.json': '{}' });
    expect(rules((await check('big')).warnings)).toEqual([]);
    const small = await check('big', { maxSizeKb: 2 });
    expect(small.warnings[0]?.rule).toBe('size');
    expect(small.warnings[0]?.message).toMatch(/HTML is 3\.\d KB; Gmail clips messages over 2 KB/);
  });

  it('names the clients that lack a CSS feature, ignoring what every MJML email uses', async () => {
    await template('css', {
      'html.mjml':
        '<mjml><mj-body><mj-section><mj-column><mj-text><p style="position:absolute">x</p></mj-text>' +
        '</mj-column></mj-section></mj-body></mjml>',
      'preview.json': '{}',
    });
    const result = await check('css', { clients: ['gmail.*', 'outlook.windows'] });
    expect(result.warnings.map((w) => w.message)).toEqual([
      '`position` is not supported by Gmail (webmail, iOS, Android, mobile webmail), Outlook (Windows)',
    ]);
    const off = await check('css', { rules: { 'css-support': 'off' } });
    expect(off.warnings).toEqual([]);
  });

  it('reports invalid preview.json and compile errors as errors with their file', async () => {
    await template('json', { 'html.hbs': page('hi'), 'preview.json': '{ "name": ' });
    await template('hbs', { 'html.hbs': page('{{#each items}}x'), 'preview.json': '{}' });
    await template('mjml', { 'html.mjml': '<mjml><mj-body><mj-text>loose</mj-text></mj-body></mjml>' });
    const json = await check('json');
    expect(json.errors[0]).toMatchObject({ rule: 'preview-data', file: 'json/preview.json' });
    const hbs = await check('hbs');
    expect(hbs.errors[0]).toMatchObject({ rule: 'handlebars', file: 'hbs/html.hbs' });
    const mjml = await check('mjml');
    expect(mjml.errors[0]).toMatchObject({ rule: 'mjml', file: 'mjml/html.mjml', line: 1 });
  });

  it('reports an invalid preview.json once: no "no preview.json" warning, no findings from empty data', async () => {
    await template('broken-json', {
      'html.hbs': page('<a href="{{url}}">reset</a>'),
      'preview.json': '{ "url": ',
    });
    const result = await check('broken-json');
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatchObject({ rule: 'preview-data', file: 'broken-json/preview.json' });
    expect(result.warnings).toEqual([]);
  });

  it('flags a button with no href or no text, with its line (error)', async () => {
    const mjml = (inner: string) =>
      `<mjml><mj-body><mj-section><mj-column>\n${inner}\n</mj-column></mj-section></mj-body></mjml>`;
    await template('no-href', {
      'html.mjml': mjml('<mj-button>重置密码 Reset</mj-button>'),
      'preview.json': '{}',
    });
    await template('no-text', {
      'html.mjml': mjml('<mj-text>hi</mj-text>\n<mj-button href="https://x.cn/r">  </mj-button>'),
      'preview.json': '{}',
    });
    const noHref = await check('no-href');
    expect(noHref.ok).toBe(false);
    expect(noHref.errors).toContainEqual({
      rule: 'empty-button',
      message: '<mj-button> "重置密码 Reset" has no href: it renders as text nobody can click (add href="…")',
      line: 2,
      file: 'no-href/html.mjml',
    });
    const noText = await check('no-text');
    expect(noText.errors).toContainEqual({
      rule: 'empty-button',
      message:
        '<mj-button href="https://x.cn/r"> has no text: the button is empty (put its label between the tags)',
      line: 3,
      file: 'no-text/html.mjml',
    });
  });

  it('warns about CSS gap, which Outlook on Windows ignores', async () => {
    await template('gap', {
      'html.hbs': page('<div style="display:block;gap:12px"><img src="a.png" alt=""></div>'),
      'preview.json': '{}',
    });
    const result = await check('gap', { clients: ['outlook.*'] });
    expect(result.warnings).toContainEqual(
      expect.objectContaining({
        rule: 'css-support',
        message: '`gap` is not supported by Outlook (Windows, Windows Mail)',
      }),
    );
  });

  it('warns when there is no preview.json', async () => {
    await template('bare', { 'html.hbs': page('hi') });
    const result = await check('bare');
    expect(result.ok).toBe(true);
    expect(result.warnings[0]).toMatchObject({ rule: 'preview-data', file: 'bare/preview.json' });
  });
});

describe('checkTemplates', () => {
  it('checks every template of a folder and counts errors and warnings', async () => {
    await template('one', { 'html.hbs': page('<img src="a.png">'), 'preview.json': '{}' });
    await template('two', { 'html.hbs': page('<a href="">x</a>'), 'preview.json': '{}' });
    const seen: string[] = [];
    const report = await checkTemplates(dir, { onTemplate: (name) => seen.push(name) });
    expect(seen).toEqual(['one', 'two']);
    expect(report).toMatchObject({ ok: false, errorCount: 1, warningCount: 1 });
    expect(report.templates.map((t) => [t.name, t.ok])).toEqual([
      ['one', false],
      ['two', true],
    ]);
  });
});

describe('preview.json against the template', () => {
  it('reports data the template reads but a scenario lacks', async () => {
    await template('greet', {
      'html.hbs': page('<p>Hello {{user.name}}</p>'),
      'preview.json': JSON.stringify({
        $scenarios: true,
        default: { user: { name: 'Ada' } },
        anon: { user: {} },
      }),
    });
    const result = await check('greet');
    expect(result.ok).toBe(false);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatchObject({ rule: 'preview-data', file: 'greet/preview.json' });
    expect(result.errors[0]?.message).toMatch(/^\[anon\] user\.name: /);
  });
});
