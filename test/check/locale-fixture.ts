import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** en catalog of the fixture: one broken ICU message, one unused, a family used through a computed key. */
export const EN_JSON = `{
  "order": {
    "shipped": "{count, plural, one {# item shipped} other {# items shipped}}",
    "total": "Total: {amount}"
  },
  "legacy": { "banner": "Old banner" },
  "status": { "paid": "Paid", "open": "Open" },
  "broken": "{count, plural, one {# item}"
}
`;

export const ZH_CN_JSON = `{
  "order": { "shipped": "已发货 {count} 件" },
  "promo": { "cn": "双十一" }
}
`;

/** 1-based line of the first line containing `text`. */
export const lineOf = (source: string, text: string) =>
  source.split('\n').findIndex((l) => l.includes(text)) + 1;

/**
 * A templates folder with catalogs: `order` uses a key of every kind (present everywhere, only in the
 * fallback, in no catalog, only in zh-CN, computed with a prefix), and has a zh-CN subject of its own.
 */
export async function localeFixture(
  extra: Record<string, string> = {},
): Promise<{ dir: string; templates: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'mailsmith-locales-'));
  const templates = join(dir, 'templates');
  const files: Record<string, string> = {
    '_locales/en.json': EN_JSON,
    '_locales/zh-CN.json': ZH_CN_JSON,
    'order/html.hbs': [
      '<p>{{t "order.shipped" count=items.length}}</p>',
      '<p>{{t "order.total" amount=total}}</p>',
      '<p>{{t "order.gone"}}</p>',
      '<p>{{t (concat "status." state)}}</p>',
      '<p>{{t "promo.cn"}}</p>',
    ].join('\n'),
    'order/subject.hbs': 'Your order',
    'order/subject.zh-CN.hbs': '{{t "order.zh-only"}}',
    ...extra,
  };
  for (const [path, source] of Object.entries(files)) {
    await mkdir(dirname(join(templates, path)), { recursive: true });
    await writeFile(join(templates, path), source);
  }
  return { dir, templates, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** The `concat` helper the fixture's computed key needs. */
export const helpers = {
  concat: (...args: unknown[]) => args.slice(0, -1).join(''),
};
