import fc from 'fast-check';
import { IntlMessageFormat } from 'intl-messageformat';
import { describe, expect, it } from 'vitest';
import { compileNow, createEnv } from '../../src/render/handlebars.js';
import { formatterOf, i18nHelpers, inlinableMessages } from '../../src/render/i18n.js';
import {
  inlineLocale,
  inlineMessages,
  type MessagePart,
  readsLocale,
} from '../../src/render/inline-messages.js';

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

describe('inlineMessages: t calls compiled into the template', () => {
  const messages: Record<string, MessagePart[]> = {
    plain: ['A & <b>'],
    shop: ['商店'],
    hi: ['Hi ', { arg: 'name' }, ', order ', { arg: 'id' }, '.'],
    brace: ["It's {", { arg: 'name' }],
  };
  const partsOf = (key: string) => messages[key];

  it('writes plain text in, escaped in HTML and as written in text', () => {
    expect(inlineMessages('<p>{{t "plain"}}</p>{{ t \'shop\' }}', partsOf, true)).toBe(
      '<p>A &amp; &lt;b&gt;</p>商店',
    );
    expect(inlineMessages('{{t "plain"}}', partsOf, false)).toBe('A & <b>');
  });

  it('turns {name} slots into mustaches of the paths passed', () => {
    expect(inlineMessages('{{t "hi" name=user.name id=../order.id}}', partsOf, true)).toBe(
      'Hi {{user.name}}, order {{../order.id}}.',
    );
  });

  it('leaves literals, subexpressions, missing arguments, braces, triple-stashes, escapes and ~', () => {
    const kept = [
      '{{t "hi" name="Ada" id=id}}',
      '{{t "hi" name=(upper name) id=id}}',
      '{{t "hi" name=name}}',
      '{{t "brace" name=name}}',
      '{{t "missing"}}',
      '{{{t "plain"}}}',
      '\\{{t "plain"}}',
      '{{~t "plain"~}}',
      '{{t key}}',
    ];
    for (const source of kept) expect(inlineMessages(source, partsOf, true)).toBe(source);
  });

  it('renders what the t helper renders, for strings, numbers, null and missing values', async () => {
    const catalogs = {
      dir: '_locales',
      files: new Map([['en', 'en.json']]),
      messages: new Map([['en', new Map([['hi', 'Hi {name} <{n}>, order {id}.']])]]),
    };
    const parts = inlinableMessages(catalogs, 'en', {});
    const helpers = i18nHelpers(catalogs, 'en', {});
    const source = '<p>{{t "hi" name=user.name n=n id=id}}</p>';
    const inlined = inlineMessages(source, parts, true);
    expect(inlined).toBe('<p>Hi {{user.name}} &lt;{{n}}&gt;, order {{id}}.</p>');
    for (const html of [true, false]) {
      const viaHelper = compileNow(createEnv(helpers), source, 'a.hbs', !html);
      const compiled = compileNow(createEnv(helpers), inlineMessages(source, parts, html), 'a.hbs', !html);
      for (const data of [
        { user: { name: 'Tom & <Jerry>' }, n: 1280, id: 'A-1' },
        { user: { name: '李雷' }, n: 0, id: null },
        { user: {}, n: -1.5 },
        {},
      ]) {
        expect(compiled(data)).toBe(viaHelper(data));
      }
    }
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
