import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageParams } from '../../src/infer/message-params.js';
import { generateTypes } from '../../src/infer/project.js';
import { runCli } from '../cli/run.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

const FILES: Record<string, string> = {
  'templates/_locales/en.json': JSON.stringify({
    order: {
      shipped: '{count, plural, one {# item for {name}} other {# items for {name}}}',
      status: '{state, select, paid {Paid} other {Open}}',
      qty: 'Quantity: {qty, number}',
      gift: '{gift, select, true {A gift} other {For you}}',
      when: 'Paid {at, date, long}',
    },
  }),
  'templates/_locales/zh-CN.json': JSON.stringify({
    order: {
      shipped: '{name}，{count} 件',
      qty: '数量：{qty}',
      gift: '{gift, select, true {礼物} other {}}',
    },
  }),
  'templates/order/html.hbs': [
    '<p>{{t "order.shipped" name=customer.name count=items.length}}</p>',
    '<p>{{t "order.status" state=state}}</p>',
    '<p>{{#each lines}}{{t "order.qty" qty=quantity}}{{/each}}</p>',
    '<p>{{t "order.gift" gift=gift}} {{t "order.when" at=paidAt}} {{t "order.unknown" x=other}}</p>',
  ].join('\n'),
  'templates/order/subject.hbs': 'Order {{locale}}',
};

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mailsmith-locale-types-'));
  for (const [path, source] of Object.entries(FILES)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), source);
  }
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('messageParams', () => {
  it('types each parameter by what every locale does with it', () => {
    const params = messageParams(
      new Map([
        [
          'en',
          new Map([
            [
              'k',
              '{n, plural, other {#}} {s, select, a {x} other {y}} {p} {d, date} {b, select, true {x} other {y}}',
            ],
          ]),
        ],
        ['zh-CN', new Map([['k', '{n} {s} {p} {b, plural, other {#}}']])],
      ]),
    );
    expect(Object.fromEntries(params.get('k')!)).toEqual({
      n: { use: 'arg', types: ['number'] },
      s: { use: 'arg', types: ['string'] },
      p: { use: 'print', types: [] },
      // A boolean select in one locale and a plural in the other: nothing satisfies both, no type.
    });
  });
});

describe('mailsmith types with catalogs', () => {
  it('declares the locales and types t arguments by the messages, never the ICU parameters as fields', async () => {
    const { declaration } = await generateTypes(join(dir, 'templates'));
    expect(declaration).toContain(
      [
        '    order: {',
        '      customer: {',
        '        name: string | number;',
        '      };',
        '      gift: boolean | string;',
        '      items: unknown[];',
        '      lines: {',
        '        quantity: number;',
        '      }[];',
        '      other: unknown;',
        '      paidAt: unknown;',
        '      state: string;',
        '    };',
        '  }',
        '  interface LocaleRegistry {',
        '    en: true;',
        "    'zh-CN': true;",
        '  }',
        '}',
      ].join('\n'),
    );
    // ICU parameter names (`count`, `qty`) and the provided `locale` are not data fields.
    expect(declaration).not.toMatch(/\b(count|qty|locale):/);
  });

  it('--check follows the catalogs: a new locale makes the file stale', async () => {
    expect((await runCli(['types'], { cwd: dir })).code).toBe(0);
    expect((await runCli(['types', '--check'], { cwd: dir })).code).toBe(0);
    await writeFile(join(dir, 'templates/_locales/ja.json'), '{ "order": { "status": "{state}" } }');
    const stale = await runCli(['types', '--check'], { cwd: dir });
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain('out of date');
    await rm(join(dir, 'templates/_locales/ja.json'));
  });

  it('makes a locale without a catalog, or a wrong argument type, a compile error', async () => {
    const { declaration } = await generateTypes(join(dir, 'templates'));
    await writeFile(join(dir, 'mailsmith-env.d.ts'), declaration);
    const use = [
      "import { createMailer } from 'mailsmith';",
      "const mailer = createMailer({ transport: 'memory://', locale: 'zh-CN', fallbackLocale: 'en' });",
      "const data = { customer: { name: 'Ada' }, items: [1], state: 'paid', lines: [{ quantity: 2 }], gift: true, other: 1, paidAt: 0 };",
      "void mailer.send('order', data, { to: 'ada@163.com', locale: 'en' });",
      "void mailer.send('order', data, { to: 'ada@163.com', locale: 'fr' });",
      "void mailer.render('order', data, { locale: 'de' });",
      "void mailer.send('order', { ...data, lines: [{ quantity: '2' }] }, { to: 'ada@163.com' });",
      "createMailer({ fallbackLocale: 'ja' });",
    ].join('\n');
    await writeFile(join(dir, 'use.mts'), use);
    const config = ts.readConfigFile(`${root}tsconfig.json`, ts.sys.readFile);
    const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, root);
    const program = ts.createProgram([join(dir, 'mailsmith-env.d.ts'), join(dir, 'use.mts')], {
      ...options,
      rootDir: undefined,
      noEmit: true,
    });
    const file = program.getSourceFile(join(dir, 'use.mts'))!;
    const errors = ts.getPreEmitDiagnostics(program, file).map((d) => ({
      line: file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1,
      text: ts.flattenDiagnosticMessageText(d.messageText, '\n'),
    }));
    expect(errors.map((e) => e.line)).toEqual([5, 6, 7, 8]);
    expect(errors[0]?.text).toContain(
      `Type '"fr"' is not assignable to type 'keyof LocaleRegistry | undefined'`,
    );
    expect(errors[1]?.text).toContain(
      `Type '"de"' is not assignable to type 'keyof LocaleRegistry | undefined'`,
    );
    expect(errors[2]?.text).toMatch(/Type 'string' is not assignable to type 'number'/);
    expect(errors[3]?.text).toContain(
      `Type '"ja"' is not assignable to type 'keyof LocaleRegistry | undefined'`,
    );
  }, 60_000);
});
