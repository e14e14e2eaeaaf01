import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { previewScenarios } from '../../src/render/preview.js';
import { createRenderer } from '../../src/render/renderer.js';
import { type Browser, chromiumAvailable, launchChromium } from '../helpers/chromium.js';
import { SHIPPED } from './fixtures.js';

const renderer = createRenderer({ dir: SHIPPED });
const names = ['password-reset', 'receipt', 'verify-email', 'welcome'];

describe('shipped templates', () => {
  it('are the four documented ones', async () => {
    expect(await renderer.list()).toEqual(names);
  });

  it.each(names)('%s uses the one shared layout with header and footer', async (name) => {
    const t = await renderer.get(name);
    for (const f of ['_layouts/default.mjml', '_partials/header.mjml', '_partials/footer.mjml']) {
      expect(t.files).toContain(join(SHIPPED, f));
    }
  });

  it.each(names)('%s renders every preview scenario completely', async (name) => {
    const t = await renderer.get(name);
    const scenarios = Object.entries(previewScenarios(t.preview));
    expect(scenarios.length).toBeGreaterThan(0);
    for (const [, data] of scenarios) {
      const { subject, html, text } = t.render(data);
      for (const part of [subject, html, text]) {
        expect(part).not.toMatch(/\{\{|\}\}|mshb\d+x/i);
      }
      expect(subject).not.toMatch(/\n/);
      expect(subject.length).toBeGreaterThan(5);
      expect(html).toMatch(/^<!doctype html>/i);
      expect(html).toMatch(/style="[^"]+"/);
      expect(html).toContain('@media');
      expect(text).toMatch(/\[https:\/\/[^\]]+\]/);
      expect(text).not.toMatch(/&amp;|&#\d+;|&#x[0-9a-f]+;|&nbsp;/i);
      expect(text).not.toMatch(/\n{3,}/);
      expect(text).not.toMatch(/[ \t]+\n/);
    }
  });

  it('welcome shows the coupon section only when there is a coupon', async () => {
    const t = await renderer.get('welcome');
    const { default: full, 'no-coupon': bare } = previewScenarios(t.preview) as Record<
      string,
      { coupon?: { code: string } }
    >;
    const code = full!.coupon!.code;
    expect(t.render(full).html).toContain(code);
    expect(t.render(full).text).toContain(code);
    const without = t.render(bare);
    expect(without.html).not.toContain('Welcome coupon');
    expect(without.text).not.toContain('Welcome coupon');
    expect(without.text).not.toContain('Verify email');
  });

  it('receipt reads one line per item in the text part, with totals', async () => {
    const t = await renderer.get('receipt');
    const data = previewScenarios(t.preview).default as {
      items: { name: string; qty: number; unitPrice: string; lineTotal: string }[];
      total: string;
    };
    const { text, html } = t.render(data);
    for (const item of data.items) {
      expect(text).toMatch(
        new RegExp(`^${item.name}.* · ${item.qty} · ${item.unitPrice} · ${item.lineTotal}$`, 'm'),
      );
      expect(html).toContain(item.lineTotal);
    }
    expect(text).toMatch(new RegExp(`^Total · ${data.total}$`, 'm'));
    const zh = (await renderer.get('receipt', 'zh-CN')).render(data);
    expect(zh.text).toMatch(new RegExp(`^合计 · ${data.total}$`, 'm'));
  });

  it('every shipped template speaks English and Chinese through the catalogs', async () => {
    const en = JSON.parse(await readFile(join(SHIPPED, '_locales/en.json'), 'utf8'));
    const zh = JSON.parse(await readFile(join(SHIPPED, '_locales/zh-CN.json'), 'utf8'));
    const keys = (catalog: Record<string, Record<string, string>>) =>
      Object.entries(catalog).flatMap(([group, messages]) =>
        Object.keys(messages).map((k) => `${group}.${k}`),
      );
    expect(keys(zh)).toEqual(keys(en));
    const cjk = /[\u4e00-\u9fff]/;
    for (const name of await renderer.list()) {
      // A Latin name, so any Chinese in the English subject can only come from the template.
      const data = {
        ...(previewScenarios((await renderer.get(name)).preview).default as object),
        name: 'Ada',
      };
      const [english, chinese] = await Promise.all(
        ['en', 'zh-CN'].map((l) => renderer.render(name, data, l)),
      );
      expect(english!.html).toContain('<html lang="en"');
      expect(chinese!.html).toContain('<html lang="zh-CN"');
      expect(cjk.test(english!.subject), `${name} subject in en`).toBe(false);
      expect(cjk.test(chinese!.subject), `${name} subject in zh-CN`).toBe(true);
      expect(english!.text).toContain('The Acme team');
      expect(chinese!.text).toContain('Acme 团队');
    }
  });

  it('escapes user data in the HTML part and keeps it verbatim in the text part', async () => {
    const out = await renderer.render('verify-email', {
      name: 'Tom & <script>alert(1)</script>',
      email: 'tom@qq.com',
      verifyUrl: 'https://acme.example.com/v?a=1&b=2',
      expiresInMinutes: 30,
    });
    expect(out.html).not.toContain('<script>alert(1)</script>');
    expect(out.text).toContain('Hi Tom & <script>alert(1)</script>,');
    expect(out.text).toContain('Verify email [https://acme.example.com/v?a=1&b=2]');
  });
});

describe.skipIf(!(await chromiumAvailable()))('shipped templates in Chromium', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it.each(names)('%s fits 375 px and 600 px without horizontal scrolling', async (name) => {
    const t = await renderer.get(name);
    for (const data of Object.values(previewScenarios(t.preview))) {
      const { html } = t.render(data);
      for (const width of [375, 600]) {
        const page = await browser.context.newPage();
        await page.setViewportSize({ width, height: 900 });
        await page.setContent(html);
        const scroll = await page.evaluate('document.documentElement.scrollWidth');
        expect(scroll, `${name} at ${width}px`).toBeLessThanOrEqual(width);
        await page.close();
      }
    }
  });
});
