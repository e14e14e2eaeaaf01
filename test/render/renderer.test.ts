import { readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TemplateNotFoundError } from '../../src/errors/TemplateNotFoundError.js';
import { TemplateSyntaxError } from '../../src/errors/TemplateSyntaxError.js';
import { createRenderer } from '../../src/render/renderer.js';
import { CLOCK_SLACK_MS } from '../../src/render/stamps.js';
import type { CompileEvent, RendererOptions } from '../../src/render/types.js';
import { copyOf, OK } from './fixtures.js';

let root: { dir: string; remove(): Promise<void> };
let compiles: CompileEvent[];

/**
 * Waits until files just written count as settled: a file changed within CLOCK_SLACK_MS before a
 * compile is taken as changed during it, and compiled again on the next check.
 */
const settle = () => new Promise((resolve) => setTimeout(resolve, CLOCK_SLACK_MS + 20));

beforeEach(async () => {
  root = await copyOf(OK);
  compiles = [];
  await settle();
});
afterEach(() => root.remove());

const renderer = (options: RendererOptions = {}) =>
  createRenderer({ dir: root.dir, onCompile: (e) => compiles.push(e), ...options });

/** Rewrites a file and moves its mtime forward, as an editor save would (mtime resolution varies). */
async function edit(path: string, change: (s: string) => string): Promise<void> {
  const before = await stat(path).catch(() => undefined);
  await writeFile(path, change(before ? await readFile(path, 'utf8') : ''));
  const later = new Date((before?.mtimeMs ?? Date.now()) + 5000);
  await utimes(path, later, later);
  await settle();
}

const file = (...parts: string[]) => join(root.dir, ...parts);

describe('createRenderer', () => {
  it.each([
    ['production', 'Hi Ada', 1],
    ['development', 'Yo Ada', 2],
  ])('under NODE_ENV=%s, with no checkInterval, an edit seen later gives "%s"', async (env, text, count) => {
    vi.stubEnv('NODE_ENV', env);
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const r = renderer();
      await r.render('basic', {});
      await edit(file('basic', 'html.mjml'), (s) => s.replace('Hi {{name}}', 'Yo {{name}}'));
      vi.setSystemTime(Date.now() + 60_000); // far past the 1 s default interval
      expect((await r.render('basic', { name: 'Ada' })).text).toContain(text);
      expect(compiles).toHaveLength(count);
    } finally {
      vi.useRealTimers();
      vi.unstubAllEnvs();
    }
  });

  it('compiles once and serves renders from the cache', async () => {
    const r = renderer({ checkInterval: 0 });
    const a = await r.render('basic', { name: 'Ada' });
    const b = await r.render('basic', { name: 'Bob' });
    expect(a.text).toContain('Hi Ada');
    expect(b.text).toContain('Hi Bob');
    expect(compiles).toHaveLength(1);
    expect(await r.get('basic')).toBe(await r.get('basic'));
  });

  it('recompiles when content changes even if mtime and size are put back (ctime tells)', async () => {
    const r = renderer({ checkInterval: 0 });
    const path = file('basic', 'html.mjml');
    const whole = new Date(Math.floor(Date.now() / 1000) * 1000 - 60_000); // exact in every timestamp format
    await utimes(path, whole, whole);
    await settle();
    await r.render('basic', {});
    await writeFile(path, (await readFile(path, 'utf8')).replace('Hi {{name}}', 'Yo {{name}}'));
    await utimes(path, whole, whole);
    await settle();
    expect((await r.render('basic', { name: 'Ada' })).text).toContain('Yo Ada');
    expect(compiles).toHaveLength(2);
  });

  it('recompiles when a template, layout or partial file is edited', async () => {
    const r = renderer({ checkInterval: 0 });
    await r.render('basic', {});
    await edit(file('basic', 'html.mjml'), (s) => s.replace('Hi {{name}}', 'Yo {{name}}'));
    expect((await r.render('basic', { name: 'Ada' })).text).toContain('Yo Ada');
    await edit(file('_partials', 'sign-off.mjml'), (s) => s.replace('Sign-off from', 'Farewell from'));
    expect((await r.render('basic', {})).text).toContain('Farewell from the MJML partial');
    await edit(file('_layouts', 'default.mjml'), (s) =>
      s.replace(
        '{{{body}}}',
        '{{{body}}}<mj-section><mj-column><mj-text>NEW</mj-text></mj-column></mj-section>',
      ),
    );
    expect((await r.render('basic', {})).text).toContain('NEW');
    await edit(file('basic', 'subject.hbs'), () => 'Changed {{name}}');
    expect((await r.render('basic', { name: 'Ada' })).subject).toBe('Changed Ada');
    expect(compiles).toHaveLength(5);
  });

  it('picks up an added or removed partial and an added text.hbs', async () => {
    const r = renderer({ checkInterval: 0 });
    await edit(file('basic', 'html.mjml'), (s) => s.replace('Hi {{name}}', 'Hi {{> extra}}'));
    await expect(r.get('basic')).rejects.toThrow('partial "extra" not found');
    await writeFile(file('_partials', 'extra.hbs'), 'EXTRA {{name}}');
    expect((await r.render('basic', { name: 'Ada' })).text).toContain('Hi EXTRA Ada');
    await rm(file('_partials', 'extra.hbs'));
    await expect(r.get('basic')).rejects.toThrow('partial "extra" not found');
    await edit(file('_partials', 'extra.hbs'), () => 'BACK');
    await writeFile(file('basic', 'text.hbs'), 'Hand-written for {{name}}');
    const t = await r.get('basic');
    expect(t.textSource).toBe('file');
    expect(t.render({ name: 'Ada' }).text).toBe('Hand-written for Ada');
  });

  it('picks up an added layout', async () => {
    const r = renderer({ checkInterval: 0 });
    await edit(file('basic', 'html.mjml'), (s) => `{{!< fancy}}\n${s}`);
    await expect(r.get('basic')).rejects.toThrow('layout "fancy" not found');
    const plain = await readFile(file('_layouts', 'plain.mjml'), 'utf8');
    await writeFile(file('_layouts', 'fancy.mjml'), plain.replace('PLAIN LAYOUT', 'FANCY LAYOUT'));
    expect((await r.render('basic', {})).text).toContain('FANCY LAYOUT');
  });

  it('reports a broken preview.json without blocking renders', async () => {
    const r = renderer();
    await edit(file('basic', 'preview.json'), () => '{\n  "name": "Ada",\n  oops\n}');
    const t = await r.get('basic');
    expect(t.preview).toBeUndefined();
    expect(t.previewError).toBeInstanceOf(TemplateSyntaxError);
    expect(t.previewError?.message).toContain('preview.json:3');
    expect(t.render({ name: 'Ada' }).text).toContain('Hi Ada');
  });

  it('stops serving a template whose folder was deleted', async () => {
    const r = renderer({ checkInterval: 0 });
    await r.render('basic', {});
    await rm(file('basic'), { recursive: true });
    await expect(r.render('basic', {})).rejects.toBeInstanceOf(TemplateNotFoundError);
    await expect(r.render('basic', {})).rejects.toBeInstanceOf(TemplateNotFoundError);
  });

  it('checks mtimes at most every checkInterval ms', async () => {
    const r = renderer({ checkInterval: 60_000 });
    await r.render('basic', {});
    await edit(file('basic', 'subject.hbs'), () => 'Changed');
    expect((await r.render('basic', { name: 'Ada' })).subject).toBe('Hello Ada');
    r.invalidate('basic');
    expect((await r.render('basic', { name: 'Ada' })).subject).toBe('Changed');
  });

  it('never checks with checkInterval: false, until invalidate()', async () => {
    const r = renderer({ checkInterval: false });
    await r.render('basic', {});
    await edit(file('basic', 'subject.hbs'), () => 'Changed');
    expect((await r.render('basic', { name: 'A' })).subject).toBe('Hello A');
    r.invalidate();
    expect((await r.render('basic', { name: 'A' })).subject).toBe('Changed');
  });

  it('keeps a compile error until the file changes, instead of recompiling on every send', async () => {
    const r = renderer({ checkInterval: 0 });
    await edit(file('basic', 'subject.hbs'), () => '{{#if}}');
    const first = await r.get('basic').catch((e) => e);
    expect(first).toBeInstanceOf(TemplateSyntaxError);
    expect(await r.get('basic').catch((e) => e)).toBe(first);
    expect(compiles).toHaveLength(1);
    expect(compiles[0]?.error).toBe(first);
    await edit(file('basic', 'subject.hbs'), () => 'Fixed');
    expect((await r.render('basic', {})).subject).toBe('Fixed');
  });

  it('compiles once for concurrent first renders', async () => {
    const r = renderer();
    const all = await Promise.all(Array.from({ length: 5 }, (_, i) => r.render('basic', { name: `n${i}` })));
    expect(all[4]?.text).toContain('Hi n4');
    expect(compiles).toHaveLength(1);
  });

  it('throws TemplateNotFoundError listing the available templates', async () => {
    const error = await renderer()
      .render('welcom', {})
      .catch((e) => e);
    expect(error).toBeInstanceOf(TemplateNotFoundError);
    expect(error.code).toBe('TEMPLATE_NOT_FOUND');
    expect(error.available).toEqual(await renderer().list());
    expect(error.message).toContain('Available templates: basic, blocks, handwritten');
  });

  it('lists templates and exposes the absolute folder, files and preview data', async () => {
    const r = renderer();
    expect(r.dir).toBe(root.dir);
    expect(await r.list()).toEqual([
      'basic',
      'blocks',
      'handwritten',
      'other-layout',
      'own-root',
      'plain-html',
      'quoted',
    ]);
    const t = await r.get('basic');
    expect(t.dir).toBe(file('basic'));
    expect(t.preview).toMatchObject({ name: 'Ada' });
    expect(t.files).toContain(file('_layouts', 'default.mjml'));
  });

  it('passes custom helpers to the HTML, text and subject', async () => {
    const r = renderer({
      helpers: { formatPrice: (n: number) => `¥${n}`, link: (b: string, id: string) => `${b}/${id}` },
    });
    const out = await r.render('quoted', { total: 3, id: 'X' });
    expect(out.subject).toBe('Order X: ¥3');
    expect(out.html).toContain('Total: ¥3');
    expect(out.text).toContain('Total: ¥3');
  });

  it('keeps author text that looks like an internal placeholder (coupon MSHB0X-2025) as written', async () => {
    const { mkdir } = await import('node:fs/promises');
    await mkdir(file('coupon'));
    await writeFile(file('coupon', 'subject.hbs'), 'Code MSHB0X-2025 for {{name}}');
    await writeFile(
      file('coupon', 'html.mjml'),
      '<mjml><mj-body><mj-section><mj-column><mj-text>Use MSHB0X-2025 or mshb1x, {{name}}: {{url}}</mj-text></mj-column></mj-section></mj-body></mjml>',
    );
    const out = await renderer().render('coupon', { name: 'Ada', url: 'https://x.cn' });
    expect(out.subject).toBe('Code MSHB0X-2025 for Ada');
    expect(out.html).toContain('Use MSHB0X-2025 or mshb1x, Ada: https://x.cn');
    expect(out.text).toContain('Use MSHB0X-2025 or mshb1x, Ada: https://x.cn');
  });

  it('fails the compile of a recursive partial with TEMPLATE_SYNTAX naming the chain (no RangeError)', async () => {
    const { mkdir } = await import('node:fs/promises');
    await writeFile(file('_partials', 'loop.hbs'), 'again {{> loop}}');
    await mkdir(file('looping'));
    await writeFile(file('looping', 'subject.hbs'), 'Loop');
    await writeFile(file('looping', 'html.hbs'), '<p>{{> loop}}</p>');
    const r = renderer();
    const error = await r.render('looping', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TemplateSyntaxError);
    expect((error as TemplateSyntaxError).code).toBe('TEMPLATE_SYNTAX');
    expect((error as TemplateSyntaxError).message).toContain('partial cycle: loop → loop');
    expect(compiles.at(-1)?.error).toBe(error);
  });
});
