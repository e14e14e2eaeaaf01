import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailer, type Mailer, type MemoryTransport } from '../../src/index.js';
import { generateTypes } from '../../src/infer/project.js';
import { type CompiledTemplates, createPrebuiltRenderer } from '../../src/render/prebuilt.js';
import { createRenderer } from '../../src/render/renderer.js';
import { buildAndImport } from './helpers.js';

const LOCALES = fileURLToPath(new URL('../fixtures/templates/locales', import.meta.url));
type Untyped = Mailer<Record<never, never>>;

const data = {
  name: 'Ada',
  customer: { name: 'Ada' },
  items: [{ sku: 'a' }, { sku: 'b' }],
  state: 'refunded',
  total: 1280,
  at: '2026-11-30T10:00:00Z',
};

async function outcome(render: () => Promise<unknown>): Promise<Record<string, unknown>> {
  try {
    return { ...((await render()) as object) };
  } catch (error) {
    // The authored files are not shipped, so a prebuilt error names fewer places: compare the kind.
    return { error: (error as { code?: string }).code ?? String(error) };
  }
}

let compiled: CompiledTemplates;
let code: string;
let declaration: string;
let remove: () => Promise<void>;
beforeAll(async () => {
  ({ compiled, code, declaration, remove } = await buildAndImport(LOCALES));
});
afterAll(() => remove?.());

describe('mailsmith build with catalogs and per-locale files', () => {
  it('carries the catalogs, and parts only for locales whose parts differ', () => {
    expect(Object.keys(compiled.catalogs ?? {}).sort()).toEqual(['en', 'zh', 'zh-CN']);
    expect(compiled.catalogs?.en?.['order.status']).toBe(
      '{state, select, paid {Paid in full} refunded {Refunded} other {Awaiting payment}}',
    );
    expect(Object.keys(compiled.templates.overrides?.locales ?? {}).sort()).toEqual(['zh', 'zh-CN']);
    expect(compiled.templates.overrides?.locales?.['zh-CN']?.files).toEqual([
      'overrides/html.zh-CN.hbs',
      'overrides/subject.zh.hbs',
    ]);
    // Plain-text messages are inlined per locale; a template without any has one set of parts.
    expect(compiled.templates.chain?.locales?.['zh-CN']?.sources.html).toBe('<p>你好 | Sent by Acme</p>\n');
    expect(compiled.templates.missing?.locales).toBeUndefined();
    expect(code).not.toContain('html.zh-CN.hbs",\n      sources'); // variants sit under `locales`
  });

  it('declares the same TemplateRegistry and LocaleRegistry as mailsmith types', async () => {
    const types = (await generateTypes(LOCALES)).declaration;
    const augmentation = (text: string) => text.slice(text.indexOf("declare module 'mailsmith'"));
    expect(augmentation(declaration)).toBe(augmentation(types));
    expect(declaration).toContain("    'zh-CN': true;");
  });

  it('renders every template in every locale byte-identical to compiling from source', async () => {
    const source = createRenderer({ dir: LOCALES, checkInterval: false });
    const prebuilt = createPrebuiltRenderer(compiled);
    let compared = 0;
    for (const name of await source.list()) {
      for (const locale of [undefined, 'en', 'zh', 'zh-CN']) {
        const expected = await outcome(() => source.render(name, data, locale));
        const actual = await outcome(() => prebuilt.render(name, data, locale));
        expect({ name, locale, ...actual }).toEqual({ name, locale, ...expected });
        if (!('error' in expected)) compared++;
      }
    }
    expect(compared).toBeGreaterThanOrEqual(10);
  });

  it('sends in the mailer’s locale or the send’s, with Content-Language, from the module alone', async () => {
    const mailer = createMailer({
      templates: compiled,
      transport: 'memory://',
      from: 'a@example.com',
      locale: 'zh-CN',
    }) as unknown as Untyped;
    await mailer.send('order', data, { to: 'b@example.com' });
    await mailer.send('order', data, { to: 'b@example.com', locale: 'en' });
    const [zh, en] = (mailer.transport as MemoryTransport).messages;
    expect(zh?.subject).toBe('Ada，你的 2 件商品已发货');
    expect(zh?.headers['Content-Language']).toBe('zh-CN');
    expect(en?.subject).toBe('Hi Ada, your 2 items have shipped');
    expect(en?.headers['Content-Language']).toBe('en');
  });

  it('refuses an unknown locale with CONFIG listing the available ones, sending nothing', async () => {
    const mailer = createMailer({
      templates: compiled,
      transport: 'memory://',
      from: 'a@example.com',
    }) as unknown as Untyped;
    // @ts-expect-error no fr catalog: mailsmith types made it a compile error; the runtime refuses it too
    const error = await mailer.send('order', data, { to: 'b@example.com', locale: 'fr' }).catch((e) => e);
    expect(error).toMatchObject({ code: 'CONFIG' });
    expect(error.message).toBe('Unknown locale "fr": available locales are en, zh, zh-CN');
    expect((mailer.transport as MemoryTransport).messages).toEqual([]);
    // @ts-expect-error no de catalog (see above)
    const bad = createMailer({ templates: compiled, transport: 'memory://', locale: 'de' });
    await expect(bad.render('order' as never, data as never)).rejects.toMatchObject({ code: 'CONFIG' });
  });
});
