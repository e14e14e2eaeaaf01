import { afterEach, describe, expect, it } from 'vitest';
import { keyLines, parseCatalog } from '../../src/check/catalogs.js';
import { checkTemplates } from '../../src/check/index.js';
import { EN_JSON, helpers, lineOf, localeFixture } from './locale-fixture.js';

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

async function fixture(extra?: Record<string, string>) {
  const made = await localeFixture(extra);
  cleanup = made.cleanup;
  return made.templates;
}

describe('keyLines', () => {
  it('finds the line of each nested key, escapes and repeated keys included', () => {
    const source = '{\n  "a": {\n    "b": "x",\n    "c\\"q": "{y}"\n  },\n  "d": "z",\n  "d": "w"\n}';
    expect(Object.fromEntries(keyLines(source))).toEqual({ a: 2, 'a.b': 3, 'a.c"q': 4, d: 7 });
  });

  it('reports invalid JSON and non-message values with their line', () => {
    expect(parseCatalog('en', 'en.json', '{\n  "a": "x",\n  "b": 3\n}').problems).toEqual([
      { line: 3, detail: '"b" must be a message string or an object of messages, not 3' },
    ]);
    const [broken] = parseCatalog('en', 'en.json', '{\n  "a": "x"\n  "b": "y"\n}').problems;
    expect(broken?.line).toBe(3);
    expect(broken?.detail).toMatch(/^invalid JSON: /);
  });
});

describe('check: catalogs against the t calls', () => {
  it('reports missing keys per locale with the template line, unused keys and ICU errors with the catalog line', async () => {
    const dir = await fixture();
    const report = await checkTemplates(dir, { helpers });
    const locales = report.locales!;
    expect(locales.locales).toEqual(['en', 'zh-CN']);
    expect(locales.fallbackLocale).toBe('en');
    expect(locales.errors).toEqual([
      {
        rule: 'message-syntax',
        message:
          '"broken" is not valid ICU MessageFormat: missing other clause at character 29 of the message',
        file: '_locales/en.json',
        line: lineOf(EN_JSON, '"broken"'),
      },
      {
        rule: 'missing-message',
        message: '"order.gone" is in no catalog (en, zh-CN)',
        file: 'order/html.hbs',
        line: 3,
      },
      {
        rule: 'missing-message',
        message: '"promo.cn" is missing in en (looked in en)',
        file: 'order/html.hbs',
        line: 5,
      },
      {
        rule: 'missing-message',
        message: '"order.zh-only" is in no catalog (en, zh-CN)',
        file: 'order/subject.zh-CN.hbs',
        line: 1,
      },
    ]);
    expect(locales.warnings).toEqual([
      {
        rule: 'untranslated',
        message: '"order.total" has no zh-CN message: it renders the en one',
        file: 'order/html.hbs',
        line: 2,
      },
      {
        rule: 'unused-message',
        message: '"legacy.banner" is used by no template',
        file: '_locales/en.json',
        line: lineOf(EN_JSON, '"legacy"'),
      },
      {
        rule: 'unused-message',
        message: '"broken" is used by no template',
        file: '_locales/en.json',
        line: lineOf(EN_JSON, '"broken"'),
      },
    ]);
    expect(locales.ok).toBe(false);
    expect(report.ok).toBe(false);
    // Catalog findings count in the totals, beside the template's own.
    const own = report.templates.reduce((n, t) => n + t.errors.length, 0);
    expect(report.errorCount).toBe(own + 4);
  });

  it('checks layouts and partials for every locale, and a plain file only for locales without their own', async () => {
    const dir = await fixture({
      '_partials/footer.hbs': '{{t "footer.legal"}}',
      '_locales/zh-CN.json':
        '{ "order": { "shipped": "x", "total": "y", "zh-only": "z" }, "promo": { "cn": "p" } }',
    });
    const { locales } = await checkTemplates(dir, { helpers });
    const footer = locales!.errors.filter((e) => e.file === '_partials/footer.hbs');
    expect(footer.map((e) => e.message)).toEqual(['"footer.legal" is in no catalog (en, zh-CN)']);
    // subject.hbs serves en only (zh-CN has subject.zh-CN.hbs): its keys are not looked up in zh-CN.
    expect(locales!.errors.some((e) => e.file === 'order/subject.zh-CN.hbs')).toBe(false);
    expect(locales!.warnings.some((w) => w.rule === 'untranslated')).toBe(false);
  });

  it('follows the configured severities, and a computed key without a prefix turns the unused check off', async () => {
    const dir = await fixture({ 'other/html.hbs': '{{t key}}', 'other/subject.hbs': 'Other' });
    const report = await checkTemplates(dir, {
      helpers,
      rules: { 'missing-message': 'warn', untranslated: 'error', 'unused-message': 'off' },
    });
    const { errors, warnings } = report.locales!;
    expect(errors.map((e) => e.rule)).toEqual(['message-syntax', 'untranslated']);
    expect(warnings.map((w) => w.rule)).toEqual(['missing-message', 'missing-message', 'missing-message']);
    const on = await checkTemplates(dir, { helpers });
    expect(on.locales!.warnings.filter((w) => w.rule === 'unused-message')).toEqual([
      {
        rule: 'unused-message',
        message: 'unused messages not checked: a {{t}} key is computed without a literal prefix',
        file: 'other/html.hbs',
        line: 1,
      },
    ]);
  });

  it('reports a catalog that is not JSON once, as message-syntax, and a folder without catalogs has no locales', async () => {
    const dir = await fixture({ '_locales/zh-CN.json': '{\n  "order": {\n    "shipped": "x",\n  }\n}' });
    const report = await checkTemplates(dir, { helpers });
    // Only syntax: with a catalog unreadable, every key would look missing.
    expect(report.locales!.errors.map((e) => [e.rule, e.file, e.line])).toEqual([
      ['message-syntax', '_locales/en.json', lineOf(EN_JSON, '"broken"')],
      ['message-syntax', '_locales/zh-CN.json', 4],
    ]);
    expect(report.locales!.warnings).toEqual([]);
    // The renderer cannot load the catalogs either: each template says so under the same rule.
    expect(report.templates[0]!.errors[0]).toMatchObject({
      rule: 'message-syntax',
      file: '_locales/zh-CN.json',
    });
    const plain = await checkTemplates('test/fixtures/testing/templates');
    expect(plain.locales).toBeUndefined();
    expect('locales' in plain).toBe(false);
  });
});

describe('check: per-locale files', () => {
  it('compiles and inspects each locale that has files of its own, naming the locale', async () => {
    const dir = await fixture({
      'order/html.zh-CN.hbs':
        '<img src="https://acme.example/banner.png"><p>{{t "order.shipped" count=items.length}}</p>',
      'order/preview.json': JSON.stringify({ items: [1], total: 5, state: 'paid' }),
      'order/html.hbs': '<p>{{t "order.shipped" count=items.length}}</p>',
      'order/subject.zh-CN.hbs': '{{t "order.shipped" count=items.length}}',
      'broken/html.hbs': '<p>ok</p>',
      'broken/subject.hbs': 'ok',
      'broken/subject.zh-CN.hbs': '{{#if x}}oops',
    });
    const report = await checkTemplates(dir, { helpers, rules: { 'missing-message': 'off' } });
    const order = report.templates.find((t) => t.name === 'order')!;
    const alt = order.errors.filter((e) => e.rule === 'img-alt');
    expect(alt).toHaveLength(1);
    expect(alt[0]).toMatchObject({ locale: 'zh-CN', scenario: 'default' });
    const broken = report.templates.find((t) => t.name === 'broken')!;
    expect(broken.errors).toEqual([
      expect.objectContaining({ rule: 'handlebars', file: 'broken/subject.zh-CN.hbs', locale: 'zh-CN' }),
    ]);
    // The default locale's files are fine: no locale on anything else of that template.
    expect(broken.warnings.every((w) => w.locale === undefined)).toBe(true);
  });
});

describe('check: values a message reads', () => {
  it('reports a t call that does not pass a value its message reads, per locale, as an error', async () => {
    const dir = await fixture({
      '_locales/zh-CN.json': '{ "order": { "shipped": "{name}：{count} 件", "total": "合计 {amount}" } }',
      'order/html.hbs': '<p>{{t "order.shipped" count=items.length}}</p>\n<p>{{t "order.total"}}</p>',
      'order/subject.zh-CN.hbs': 'Order',
    });
    const { locales } = await checkTemplates(dir, { helpers });
    expect(locales!.errors.filter((e) => e.rule === 'message-args')).toEqual([
      {
        rule: 'message-args',
        message: '{{t "order.shipped"}} passes no name=…, which the zh-CN message reads: the render fails',
        file: 'order/html.hbs',
        line: 1,
      },
      {
        rule: 'message-args',
        message:
          '{{t "order.total"}} passes no amount=…, which the en, zh-CN messages read: the render fails',
        file: 'order/html.hbs',
        line: 2,
      },
    ]);
    const shipped = await checkTemplates('templates');
    expect(shipped.locales?.errors).toEqual([]);
  });
});
