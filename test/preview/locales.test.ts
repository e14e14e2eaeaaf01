import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailer } from '../../src/mailer.js';
import { startPreviewServer } from '../../src/preview/server.js';
import type { PreviewServer } from '../../src/preview/types.js';
import { type MemoryTransport, memory } from '../../src/transports/memory.js';
import { type Browser, chromiumAvailable, launchChromium } from '../helpers/chromium.js';
import { fixtureCopy, getJson, postJson, root } from './helpers.js';

const FILES: Record<string, string> = {
  '_locales/en.json': JSON.stringify({
    order: { title: 'Your order shipped', items: '{count, plural, one {# item} other {# items}}' },
    promo: { sale: 'Sale today' },
  }),
  '_locales/zh-CN.json': JSON.stringify({ order: { title: '你的订单已发货', items: '{count} 件商品' } }),
  'order/html.hbs': '<h1>{{t "order.title"}}</h1><p id="count">{{t "order.items" count=items.length}}</p>',
  'order/subject.hbs': '{{t "order.title"}} ({{locale}})',
  'order/preview.json': JSON.stringify({ items: [1, 2] }),
  'promo/html.hbs': '<p>{{t "order.title"}}</p>\n<p>{{t "promo.sale"}}</p>',
  'promo/subject.hbs': 'Sale',
  'promo/preview.json': '{}',
};

let dir: string;
let preview: PreviewServer;
let transport: MemoryTransport;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mailsmith-preview-locales-'));
  for (const [path, source] of Object.entries(FILES)) {
    await mkdir(dirname(join(dir, 'templates', path)), { recursive: true });
    await writeFile(join(dir, 'templates', path), source);
  }
  transport = memory();
  const templates = join(dir, 'templates');
  preview = await startPreviewServer({
    templates,
    port: 0,
    watch: false,
    mailer: createMailer({ templates, transport, from: 'noreply@acme.example' }),
  });
});

afterAll(async () => {
  await preview?.close();
  await rm(dir, { recursive: true, force: true });
});

interface Rendered {
  ok: boolean;
  subject?: string;
  text?: string;
  locale?: string;
  error?: { code?: string; message: string };
}

describe('preview API with catalogs', () => {
  it('lists the locales and the default one in the template detail', async () => {
    const detail = await getJson(preview.url, '/api/templates/order');
    expect(detail).toMatchObject({ locales: ['en', 'zh-CN'], locale: 'en' });
  });

  it('renders in the locale of ?locale=, the default without it', async () => {
    const zh = await postJson<Rendered>(preview.url, '/api/templates/order/render?locale=zh-CN', {});
    expect(zh).toMatchObject({ ok: true, subject: '你的订单已发货 (zh-CN)', locale: 'zh-CN' });
    expect(zh.text).toContain('2 件商品');
    const en = await postJson<Rendered>(preview.url, '/api/templates/order/render', {});
    expect(en).toMatchObject({ ok: true, subject: 'Your order shipped (en)', locale: 'en' });
    expect(en.text).toContain('2 items');
  });

  it('shows an unknown locale as the CONFIG error listing the available ones', async () => {
    const fr = await postJson<Rendered>(preview.url, '/api/templates/order/render?locale=fr', {});
    expect(fr.ok).toBe(false);
    expect(fr.error?.code).toBe('CONFIG');
    expect(fr.error?.message).toContain('available locales are en, zh-CN');
  });

  it('sends the test mail in the chosen locale', async () => {
    const sent = await postJson(preview.url, '/api/templates/order/send', {
      to: 'ada@163.com',
      locale: 'zh-CN',
    });
    expect(sent.ok).toBe(true);
    const message = transport.messages.at(-1)!;
    expect(message.locale).toBe('zh-CN');
    expect(message.headers['Content-Language']).toBe('zh-CN');
    expect(message.subject).toBe('你的订单已发货 (zh-CN)');
  });

  it('shows the template’s catalog findings in its check panel (a key only the fallback has)', async () => {
    const check = await getJson<{ ok: boolean; warnings: { rule: string; file?: string; line?: number }[] }>(
      preview.url,
      '/api/templates/promo/check',
    );
    expect(check.ok).toBe(true);
    expect(check.warnings).toContainEqual({
      rule: 'untranslated',
      message: '"promo.sale" has no zh-CN message: it renders the en one',
      file: 'promo/html.hbs',
      line: 2,
    });
    const order = await getJson<{ warnings: { rule: string }[] }>(preview.url, '/api/templates/order/check');
    expect(order.warnings.filter((w) => w.rule === 'untranslated')).toEqual([]);
  });

  it('has no locales where the templates have no catalogs', async () => {
    const fixture = await fixtureCopy();
    const plain = await startPreviewServer({ templates: fixture.templates, port: 0, watch: false });
    try {
      const detail = await getJson(plain.url, '/api/templates/hello');
      expect(detail.locales).toBeUndefined();
      expect(detail.locale).toBeUndefined();
      const rendered = await postJson<Rendered>(plain.url, '/api/templates/hello/render', {});
      expect(rendered.ok).toBe(true);
      expect('locale' in rendered).toBe(false);
    } finally {
      await plain.close();
      await fixture.cleanup();
    }
  });
});

const available = await chromiumAvailable();

describe.skipIf(!available)('preview locale switcher in Chromium', () => {
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    browser = await launchChromium({ width: 1280, height: 800 });
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
  });
  afterAll(async () => {
    await browser?.close();
  });

  const frameText = (selector: string) => () =>
    page.frameLocator('#preview-frame').locator(selector).first().textContent();

  async function open(url: string) {
    await page.goto(url);
    await page.waitForSelector('html[data-ready="true"]');
    await page.waitForSelector('html[data-render-state="ok"]');
  }

  it('offers the catalogs’ locales, and switching re-renders the template in that locale', async () => {
    await open(`${preview.url}/t/order`);
    const switcher = page.locator('#locale-switcher');
    await expect.poll(() => switcher.isVisible()).toBe(true);
    const options = await page.locator('#locale option').allTextContents();
    expect(options).toEqual(['en', 'zh-CN']);
    expect(await page.locator('#locale').inputValue()).toBe('en');
    await expect.poll(frameText('h1')).toBe('Your order shipped');
    await expect.poll(() => page.locator('#subject').textContent()).toBe('Your order shipped (en)');

    await page.selectOption('#locale', 'zh-CN');
    await expect.poll(frameText('h1')).toBe('你的订单已发货');
    await expect.poll(frameText('#count')).toBe('2 件商品');
    await expect.poll(() => page.locator('#subject').textContent()).toBe('你的订单已发货 (zh-CN)');
    expect(new URL(page.url()).searchParams.get('locale')).toBe('zh-CN');
    await page.click('[role="tab"]:has-text("Headers")');
    await expect.poll(() => page.locator('#h-locale').textContent()).toBe('zh-CN');
    await page.click('[role="tab"]:has-text("Preview")');
    await mkdir(join(root, 'test-artifacts/preview'), { recursive: true });
    await page.screenshot({ path: join(root, 'test-artifacts/preview/locale-switcher.png') });
  });

  it('keeps the chosen locale across a reload (it is in the URL)', async () => {
    await open(`${preview.url}/t/order?locale=zh-CN`);
    expect(await page.locator('#locale').inputValue()).toBe('zh-CN');
    await expect.poll(frameText('h1')).toBe('你的订单已发货');
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.locale)).toBe('zh-CN');
  });

  it('shows no switcher for templates without catalogs', async () => {
    const fixture = await fixtureCopy();
    const plain = await startPreviewServer({ templates: fixture.templates, port: 0, watch: false });
    try {
      await open(`${plain.url}/t/hello`);
      await expect.poll(frameText('h1')).toBe('Hello Ada');
      expect(await page.locator('#locale-switcher').isVisible()).toBe(false);
    } finally {
      await plain.close();
      await fixture.cleanup();
    }
  });
});
