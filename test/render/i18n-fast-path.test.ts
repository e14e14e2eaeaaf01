import fc from 'fast-check';
import { IntlMessageFormat } from 'intl-messageformat';
import { describe, expect, it } from 'vitest';
import { formatterOf } from '../../src/render/i18n.js';
import { inlineLocale, inlineStaticMessages, readsLocale } from '../../src/render/inline-messages.js';

const outcome = (fn: () => string) => {
  try {
    return { text: fn() };
  } catch (error) {
    return { error: (error as Error).message };
  }
};

describe('formatterOf: the fast path gives the library’s output', () => {
  it('for plain text, slots, plurals, selects and numbers, given any values (5,000 seeded cases)', () => {
    const literal = fc.stringMatching(/^[a-zA-Z0-9 ,.!，。你好'’-]{0,12}$/);
    const slot = fc.constantFrom(
      '{name}',
      '{count}',
      '{count, number}',
      '{count, plural, one {# item} other {# items}}',
      '{state, select, paid {Paid} other {Open}}',
    );
    const message = fc.array(fc.oneof(literal, slot), { maxLength: 6 }).map((parts) => parts.join(''));
    const value = fc.oneof(
      fc.string({ maxLength: 8 }),
      fc.integer({ min: -5000, max: 5000 }),
      fc.constant(undefined),
      fc.constant('paid'),
    );
    fc.assert(
      fc.property(
        message,
        fc.constantFrom('en', 'zh-CN'),
        value,
        value,
        value,
        (source, locale, name, count, state) => {
          let format: IntlMessageFormat;
          try {
            format = new IntlMessageFormat(source, locale);
          } catch {
            return; // not a message the catalog loader would accept either
          }
          const values = Object.fromEntries(
            Object.entries({ name, count, state }).filter(([, v]) => v !== undefined),
          );
          expect(outcome(() => formatterOf(format)(values))).toEqual(
            outcome(() => format.format(values) as string),
          );
        },
      ),
      { numRuns: 5000, seed: 20261130 },
    );
  });

  it('numbers format as the library formats them, and a missing value still fails as the library fails', () => {
    const format = new IntlMessageFormat('Total {n}', 'en');
    expect(formatterOf(format)({ n: 1280 })).toBe('Total 1280'); // as intl-messageformat prints it
    expect(formatterOf(new IntlMessageFormat('Total {n, number}', 'en'))({ n: 1280 })).toBe('Total 1,280');
    expect(() => formatterOf(format)({})).toThrow(/"n"/);
    expect(formatterOf(new IntlMessageFormat("It''s {who}", 'en'))({ who: 'Ada' })).toBe("It's Ada");
  });
});

describe('inlineStaticMessages', () => {
  const text = (key: string) => ({ plain: 'A & <b>', shop: '商店' })[key];

  it('replaces plain-text messages, escaped in HTML and as written in text', () => {
    expect(inlineStaticMessages('<p>{{t "plain"}}</p>{{ t \'shop\' }}', text, true)).toBe(
      '<p>A &amp; &lt;b&gt;</p>商店',
    );
    expect(inlineStaticMessages('{{t "plain"}}', text, false)).toBe('A & <b>');
  });

  it('leaves calls with arguments, unknown keys, triple-stashes, escapes and whitespace control', () => {
    const kept = [
      '{{t "plain" name=name}}',
      '{{t "missing"}}',
      '{{{t "plain"}}}',
      '\\{{t "plain"}}',
      '{{~t "plain"~}}',
      '{{t key}}',
      '{{t (concat "a" b)}}',
    ];
    for (const source of kept) expect(inlineStaticMessages(source, text, true)).toBe(source);
  });

  it('leaves text that would read as Handlebars syntax to the helper', () => {
    expect(inlineStaticMessages('{{t "x"}}', () => 'use {{name}}', false)).toBe('{{t "x"}}');
  });
});

describe('the locale variable', () => {
  it('inlines plain {{locale}} and knows when a template still reads it', () => {
    expect(inlineLocale('<mjml lang="{{locale}}">{{ locale }}', 'zh-CN', true)).toBe(
      '<mjml lang="zh-CN">zh-CN',
    );
    const sources = (html: string) => ({ html, text: '', subject: '', partials: {} });
    expect(readsLocale(sources('<p lang="zh-CN">locale</p>'))).toBe(false);
    expect(readsLocale(sources('{{#if (eq locale "en")}}x{{/if}}'))).toBe(true);
    expect(readsLocale({ ...sources(''), partials: { footer: '{{../locale}}' } })).toBe(true);
  });
});
