import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { localeFixture } from '../check/locale-fixture.js';
import { runCli } from './run.js';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir, cleanup } = await localeFixture({
    'order/html.hbs': '<p>{{t "order.shipped" count=items.length}}</p>',
    'order/subject.zh-CN.hbs': '{{t "order.shipped" count=items.length}} ({{locale}})',
    'order/subject.hbs': 'Order ({{locale}})',
    'order/preview.json': JSON.stringify({ items: [1, 2, 3] }),
  }));
});
afterEach(() => cleanup());

describe('--locale', () => {
  it('mailsmith render renders in the locale given, the default without one', async () => {
    const zh = await runCli(['render', 'order', '--format', 'json', '--locale', 'zh-CN'], { cwd: dir });
    expect(zh.stderr).toBe('');
    expect(zh.code).toBe(0);
    expect(JSON.parse(zh.stdout)).toMatchObject({ subject: '已发货 3 件 (zh-CN)', locale: 'zh-CN' });
    const en = await runCli(['render', 'order', '--format', 'json'], { cwd: dir });
    expect(JSON.parse(en.stdout)).toMatchObject({ subject: 'Order (en)', locale: 'en' });
  });

  it('an .eml rendered in a locale carries its Content-Language', async () => {
    const result = await runCli(['render', 'order', '--format', 'eml', '--locale', 'zh-CN', '--out', 'out'], {
      cwd: dir,
    });
    expect(result.code).toBe(0);
    const parsed = await simpleParser(await readFile(join(dir, 'out/order.eml')));
    expect(parsed.headers.get('content-language')).toBe('zh-CN');
    expect(parsed.subject).toBe('已发货 3 件 (zh-CN)');
  });

  it('an unknown locale is CONFIG listing the available ones (exit 1)', async () => {
    const result = await runCli(['render', 'order', '--locale', 'fr'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Unknown locale "fr": available locales are en, zh-CN');
    expect(result.stdout).toBe('');
  });

  it('mailsmith send sends in the locale given', async () => {
    await writeFile(join(dir, 'data.json'), JSON.stringify({ items: [1] }));
    const result = await runCli(
      [
        'send',
        'order',
        '--to',
        'ada@163.com',
        '--locale',
        'zh-CN',
        '--data',
        'data.json',
        '--transport',
        'outbox://./outbox',
      ],
      { cwd: dir },
    );
    expect(result.code).toBe(0);
    const [eml] = (await readdir(join(dir, 'outbox'))).filter((f) => f.endsWith('.eml'));
    const parsed = await simpleParser(await readFile(join(dir, 'outbox', eml!)));
    expect(parsed.headers.get('content-language')).toBe('zh-CN');
    expect(parsed.subject).toBe('已发货 1 件 (zh-CN)');
  });
});
