import { fileURLToPath } from 'node:url';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { createMailer, type Mailer, toMime } from '../../src/index.js';
import { createRenderer } from '../../src/render/renderer.js';
import { OK } from './fixtures.js';

const LOCALES = fileURLToPath(new URL('../fixtures/templates/locales', import.meta.url));
type Untyped = Mailer<Record<never, never>>;
const mailerOf = (options: Parameters<typeof createMailer>[0]) => createMailer(options) as unknown as Untyped;

const order = {
  customer: { name: 'Ada' },
  items: [{ sku: 'a' }, { sku: 'b' }],
  state: 'paid',
  total: 1280,
  at: '2026-11-30T10:00:00Z',
};

describe('locales: t, money, date', () => {
  it('renders ICU plurals and selects, money and dates in English by default', async () => {
    const renderer = createRenderer({ dir: LOCALES });
    const out = await renderer.render('order', order);
    expect(out.subject).toBe('Hi Ada, your 2 items have shipped');
    expect(out.html).toContain('<p>Paid in full</p><p>CN¥1,280.00</p><p>November 30, 2026</p><p lang="en">');
    expect(out.text).toBe('Paid in full CN¥1,280.00 November 30, 2026');
    expect(out.locale).toBe('en');
    const one = await renderer.render('order', { ...order, items: [{}], state: 'other' });
    expect(one.subject).toBe('Hi Ada, your 1 item has shipped');
    expect(one.text).toContain('Awaiting payment');
  });

  it('renders the same template in zh-CN', async () => {
    const renderer = createRenderer({ dir: LOCALES });
    const out = await renderer.render('order', { ...order, state: 'refunded' }, 'zh-CN');
    expect(out.subject).toBe('Ada，你的 2 件商品已发货');
    expect(out.html).toContain('<p>已退款</p><p>¥1,280.00</p><p>2026年11月30日</p><p lang="zh-CN">');
    const none = await renderer.render('order', { ...order, items: [] }, 'zh-CN');
    expect(none.subject).toBe('Ada，没有商品发货');
    expect(none.text).toContain('已全额付款');
  });

  it('falls back zh-CN → zh → fallbackLocale per key', async () => {
    const renderer = createRenderer({ dir: LOCALES });
    expect((await renderer.render('chain', {}, 'zh-CN')).html).toContain('<p>你好 | Sent by Acme</p>');
    // en has no common.hello and does not fall back to zh.
    await expect(renderer.render('chain', {}, 'en')).rejects.toMatchObject({
      code: 'TEMPLATE_RENDER',
      message: expect.stringContaining('no message "common.hello" for locale en'),
    });
  });

  it('makes the mailer locale the default and honours fallbackLocale', async () => {
    const mailer = mailerOf({ templates: LOCALES, transport: 'memory://', locale: 'zh-CN' });
    expect((await mailer.render('order', order)).subject).toBe('Ada，你的 2 件商品已发货');
    expect((await mailer.render('order', order, { locale: 'en' })).subject).toBe(
      'Hi Ada, your 2 items have shipped',
    );
  });

  it('names the key and the locale of a message missing everywhere', async () => {
    const renderer = createRenderer({ dir: LOCALES });
    const error = await renderer.render('missing', {}, 'zh-CN').catch((e) => e);
    expect(error).toMatchObject({ code: 'TEMPLATE_RENDER' });
    expect(error.message).toContain('no message "nope.key" for locale zh-CN (looked in zh-CN → zh → en)');
    expect(error.message).toContain('missing/html.hbs');
  });

  it('reports invalid ICU syntax with the catalog file', async () => {
    const renderer = createRenderer({ dir: LOCALES });
    const error = await renderer.render('broken-icu', {}).catch((e) => e);
    expect(error).toMatchObject({ code: 'TEMPLATE_RENDER' });
    expect(error.message).toMatch(
      /message "bad\.icu" in .*_locales\/en\.json is not valid ICU MessageFormat/,
    );
  });

  it('refuses an unknown locale with CONFIG listing the available ones', async () => {
    const mailer = mailerOf({ templates: LOCALES, transport: 'memory://', from: 'a@163.com' });
    // @ts-expect-error no fr catalog: mailsmith types made it a compile error; the runtime refuses it too
    const error = await mailer.send('order', order, { to: 'b@163.com', locale: 'fr' }).catch((e) => e);
    expect(error).toMatchObject({ code: 'CONFIG' });
    expect(error.message).toContain('Unknown locale "fr": available locales are en, zh, zh-CN');
    expect(mailer.transport).toMatchObject({ messages: [] });
  });

  it('refuses a locale when the templates have no catalogs, and renders them as before without one', async () => {
    const renderer = createRenderer({ dir: OK });
    const plain = await renderer.render('plain-html', { name: 'Ada', url: 'https://a.cn' });
    expect(plain).not.toHaveProperty('locale');
    expect(plain.subject).toBe('Plain Ada');
    expect(plain.text).toBe('Hi Ada\n\nOpen [https://a.cn]');
    await expect(renderer.render('plain-html', {}, 'en')).rejects.toMatchObject({
      code: 'CONFIG',
      message: expect.stringContaining('there are no catalogs'),
    });
  });

  it('compiles once per (template, locale)', async () => {
    const compiles: string[] = [];
    const renderer = createRenderer({ dir: LOCALES, onCompile: (e) => compiles.push(e.name) });
    for (let i = 0; i < 3; i++) {
      await renderer.render('order', order, 'zh-CN');
      await renderer.render('order', order, 'en');
      await renderer.render('order', order);
    }
    expect(compiles).toEqual(['order', 'order', 'order']);
    renderer.invalidate('order');
    await renderer.render('order', order, 'zh-CN');
    expect(compiles).toHaveLength(4);
  });

  it('puts the locale on the composed message and Content-Language on the wire', async () => {
    const mailer = mailerOf({ templates: LOCALES, transport: 'memory://', from: 'a@163.com' });
    const composed = await mailer.compose('order', order, { to: 'b@163.com', locale: 'zh-CN' });
    expect(composed.locale).toBe('zh-CN');
    const parsed = await simpleParser(await toMime(composed));
    expect(parsed.headers.get('content-language')).toBe('zh-CN');
    expect(parsed.subject).toBe('Ada，你的 2 件商品已发货');
    const plain = await mailerOf({ templates: OK, transport: 'memory://', from: 'a@163.com' }).compose(
      'plain-html',
      { name: 'Ada', url: 'https://a.cn' },
      { to: 'b@163.com' },
    );
    expect(plain.locale).toBeUndefined();
    expect(plain.headers).not.toHaveProperty('Content-Language');
  });
});
