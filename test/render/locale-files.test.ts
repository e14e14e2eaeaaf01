import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { loadTemplate, localeFileOrder } from '../../src/render/load.js';
import { createRenderer } from '../../src/render/renderer.js';

const LOCALES = fileURLToPath(new URL('../fixtures/templates/locales', import.meta.url));
const ada = { name: 'Ada' };

describe('per-locale template files (subject.zh-CN.hbs, html.zh-CN.hbs, text.en.hbs)', () => {
  it('orders a locale, its language, the plain file, then the fallback locale', () => {
    expect(localeFileOrder('zh-CN', 'en')).toEqual({ before: ['zh-CN', 'zh'], after: ['en'] });
    expect(localeFileOrder('en', 'en')).toEqual({ before: ['en'], after: [] });
    expect(localeFileOrder('en-GB', 'en')).toEqual({ before: ['en-GB', 'en'], after: [] });
  });

  it('uses each locale’s own files, and the plain ones where it has none', async () => {
    const renderer = createRenderer({ dir: LOCALES });
    const en = await renderer.render('overrides', ada, 'en');
    expect(en).toMatchObject({ subject: 'English Ada', text: 'English text Ada', locale: 'en' });
    expect(en.html).toContain('<p>Sent by Acme plain Ada</p>');

    const zhCN = await renderer.render('overrides', ada, 'zh-CN');
    expect(zhCN.subject).toBe('中文 Ada'); // subject.zh.hbs, through the language
    expect(zhCN.html).toContain('<p>简体 Ada</p>');
    // No text.zh*.hbs and no plain text.hbs: derived from the zh-CN HTML, never the English text file.
    expect(zhCN.text).toBe('简体 Ada');

    const zh = await renderer.render('overrides', ada, 'zh');
    expect(zh.html).toContain('<p>Sent by Acme plain Ada</p>'); // plain html.hbs; the key falls back to en
    expect(zh.subject).toBe('中文 Ada');
  });

  it('takes the fallback locale’s file for a part that has no plain file', async () => {
    const files = await loadTemplate(LOCALES, 'overrides', localeFileOrder('zh-TW', 'en'));
    expect(files.subject.path).toMatch(/overrides\/subject\.zh\.hbs$/);
    const fr = await loadTemplate(LOCALES, 'overrides', { before: ['fr'], after: ['en'] });
    expect(fr.subject.path).toMatch(/overrides\/subject\.en\.hbs$/);
    expect(fr.html.path).toMatch(/overrides\/html\.hbs$/);
    expect(fr.text).toBeUndefined();
  });

  it('lists the files each locale was compiled from', async () => {
    const renderer = createRenderer({ dir: LOCALES });
    const names = (files: string[]) => files.map((f) => f.slice(f.lastIndexOf('/') + 1)).sort();
    expect(names((await renderer.get('overrides', 'zh-CN')).files)).toEqual([
      'html.zh-CN.hbs',
      'subject.zh.hbs',
    ]);
    expect(names((await renderer.get('overrides', 'en')).files)).toEqual([
      'html.hbs',
      'subject.en.hbs',
      'text.en.hbs',
    ]);
  });

  describe('picked up while running', () => {
    let dir: string | undefined;
    afterEach(() => (dir ? rm(dir, { recursive: true, force: true }) : undefined));

    it('a per-locale file added later replaces the plain one at the next check', async () => {
      dir = await mkdtemp(join(tmpdir(), 'mailsmith-locale-files-'));
      await cp(LOCALES, dir, { recursive: true });
      const renderer = createRenderer({ dir, checkInterval: 0 });
      expect((await renderer.render('chain', {}, 'zh-CN')).subject).toBe('Hello');
      await writeFile(join(dir, 'chain', 'subject.zh-CN.hbs'), '你好');
      expect((await renderer.render('chain', {}, 'zh-CN')).subject).toBe('你好');
      expect((await renderer.render('chain', {}, 'zh')).subject).toBe('Hello');
    });
  });
});
