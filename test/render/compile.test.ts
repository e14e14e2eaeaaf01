import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TemplateRenderError } from '../../src/errors/TemplateRenderError.js';
import { TemplateSyntaxError } from '../../src/errors/TemplateSyntaxError.js';
import { compileTemplate, foldSubject } from '../../src/render/compile.js';
import { BROKEN, helpers, OK } from './fixtures.js';

const compile = (root: string, name: string, h: Record<string, never> | typeof helpers = helpers) =>
  compileTemplate(root, name, h, new Set());

describe('compileTemplate', () => {
  it('produces inlined HTML and a derived text template with Handlebars intact', async () => {
    const t = await compile(OK, 'basic');
    expect(t.textSource).toBe('derived');
    expect(t.sources.html).toMatch(/class="note" style="[^"]*color: #ff0000/);
    expect(t.sources.html).toContain('Hi {{name}}');
    expect(t.sources.html).not.toMatch(/mshb\d+x/i);
    expect(t.sources.text).toContain('Verify [{{verifyUrl}}]');
    expect(t.sources.partials).toHaveProperty('signature');
    expect(t.files).toEqual(
      expect.arrayContaining([
        join(OK, 'basic', 'html.mjml'),
        join(OK, 'basic', 'subject.hbs'),
        join(OK, 'basic', 'preview.json'),
        join(OK, '_layouts', 'default.mjml'),
        join(OK, '_partials', 'sign-off.mjml'),
        join(OK, '_partials', 'signature.hbs'),
      ]),
    );
  });

  it('records every dependency, folders included, so added or removed files are noticed', async () => {
    const deps = new Set<string>();
    await compileTemplate(OK, 'basic', helpers, deps);
    expect(deps).toContain(join(OK, 'basic'));
    expect(deps).toContain(join(OK, '_partials'));
    expect(deps).toContain(join(OK, '_layouts'));
  });

  it('escapes data in the HTML part only', async () => {
    const t = await compile(OK, 'basic');
    const out = t.render({ name: 'Tom & <script>alert(1)</script>', url: 'https://x.cn/?a=1&b=2' });
    expect(out.html).not.toContain('<script>alert(1)</script>');
    expect(out.html).toContain('Tom &amp; &lt;script&gt;');
    expect(out.text).toContain('Hi Tom & <script>alert(1)</script>, Tom & Jerry say hi.');
    expect(out.subject).toBe('Hello Tom & <script>alert(1)</script>');
    expect(out.text).toContain('https://x.cn/?a=1&b=2');
    expect(out.text).not.toMatch(/&amp;|&#\d+;|&#x/);
  });

  it('renders a .hbs partial as HTML in the HTML part and as text in the text part', async () => {
    const out = (await compile(OK, 'basic')).render({ team: 'Acme', site: 'https://acme.cn' });
    expect(out.html).toContain('<strong>Acme</strong> &amp; friends');
    expect(out.text).toContain('Acme & friends — our site [https://acme.cn]');
    expect(out.text).not.toContain('<strong>');
  });

  it('handles block statements between sections, in tables and around components', async () => {
    const t = await compile(OK, 'blocks');
    const items = [
      { name: 'Tea', qty: 2, price: '¥3' },
      { name: 'Rice', qty: 1, price: '¥5' },
    ];
    const yes = t.render({ coupon: 'C10', items, notes: ['n1', 'n2'] });
    expect(yes.html).toContain('Coupon C10');
    expect(yes.html).not.toContain('No coupon today');
    expect(yes.html.match(/<td[^>]*>Tea<\/td>\s*<td[^>]*>2<\/td>\s*<td[^>]*>¥3<\/td>/g)).toHaveLength(1);
    expect(yes.text).toContain('Item · Qty · Price\nTea · 2 · ¥3\nRice · 1 · ¥5');
    expect(yes.text).toContain('Note: n1\n\nNote: n2');
    const no = t.render({ hideTable: true, items });
    expect(no.html).toContain('No coupon today');
    expect(no.html).not.toContain('Coupon ');
    expect(no.html).not.toContain('<th>Item</th>');
    expect(no.text).toBe('Top\n\nNo coupon today\n\nSign-off from the MJML partial');
  });

  it('keeps expressions with quoted string arguments working through MJML', async () => {
    const out = (await compile(OK, 'quoted')).render({ total: 12.5, id: 'A1' });
    expect(out.subject).toBe('Order A1: ¥12.50');
    expect(out.html).toContain('Total: ¥12.50 / $12.50');
    // `=` stays as written in an href (Handlebars alone would write &#x3D;); `&` is still escaped.
    expect(out.html.match(/href="https:\/\/example.com\/orders\/A1\?a=1&amp;b=2"/g)).toHaveLength(2);
    expect(out.html).not.toContain('&#x3D;');
    // href equal to the link text is shown once in the text part
    expect(out.text).toContain(
      'Order [https://example.com/orders/A1?a=1&b=2]\n\nhttps://example.com/orders/A1?a=1&b=2\n',
    );
  });

  it('compiles html.hbs without MJML but still juiced, with a derived text part', async () => {
    const t = await compile(OK, 'plain-html');
    const out = t.render({ name: 'Ann', items: [{ name: 'x', qty: 1 }], url: 'https://e.cn' });
    expect(out.html).toContain('<p class="hi" style="color: #0000ff;">Hi Ann</p>');
    expect(out.html).toContain('@media (max-width: 480px)');
    expect(out.html).not.toContain('mj-column');
    expect(out.text).toBe('Hi Ann\n\nx · 1\n\nOpen [https://e.cn]');
  });

  it('uses text.hbs when present, with text versions of .hbs partials', async () => {
    const t = await compile(OK, 'handwritten');
    expect(t.textSource).toBe('file');
    const out = t.render({ name: 'Zed & co', team: 'T', site: 'https://s.cn' });
    expect(out.text).toBe(
      'Hello Zed & co\n\nThis text was written by hand for Zed & co.\n\nCheers,\nT & friends — our site [https://s.cn]',
    );
    expect(out.subject).toBe('Zed & co, your account');
  });

  it('registers custom helpers in every environment and rejects unknown ones at compile time', async () => {
    const error = await compile(OK, 'quoted', {}).catch((e) => e);
    expect(error).toBeInstanceOf(TemplateRenderError);
    expect([error.file, error.line]).toEqual([join(OK, 'quoted', 'html.mjml'), 3]);
    expect(error.message).toContain('helper "formatPrice" is not registered');
  });

  it.each([
    ['hbs-parse', 'hbs-parse/html.mjml', 3, '`{{#if` at line 3 is closed by `{{/each}}` at line 3'],
    ['mjml-error', 'mjml-error/html.mjml', 4, 'mj-colum'],
    ['partial-error', '_partials/bad-tag.mjml', 3, 'mj-txt'],
    ['bad-attribute', 'bad-attribute/html.mjml', 3, 'Attribute bogus is illegal'],
    ['missing-partial', 'missing-partial/html.mjml', 2, 'partial "nope" not found'],
    ['mjml-partial-params', 'mjml-partial-params/html.mjml', 2, '_partials/box.hbs'],
    ['subject-error', 'subject-error/subject.hbs', 2, 'unclosed `{{name` at line 2'],
    ['text-error', 'text-error/text.hbs', 2, '`{{#each` at line 2 is closed by `{{/if}}` at line 3'],
  ])('reports %s as TemplateSyntaxError at %s:%i', async (name, file, line, text) => {
    const error = await compile(BROKEN, name).catch((e) => e);
    expect(error).toBeInstanceOf(TemplateSyntaxError);
    expect(error.code).toBe('TEMPLATE_SYNTAX');
    expect(error.file).toBe(join(BROKEN, file));
    expect(error.line).toBe(line);
    expect(error.message).toContain(`${join(BROKEN, file)}:${line}`);
    expect(error.message).toContain(text);
  });
});

describe('foldSubject', () => {
  it('folds newlines to single spaces and trims', () => {
    expect(foldSubject('  Hello\r\n  Ada \n\nwelcome \n')).toBe('Hello Ada welcome');
    expect(foldSubject(' plain ')).toBe('plain');
  });
});
