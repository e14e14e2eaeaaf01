import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createMailer, type Mailer, type TemplateDataError } from '../../src/index.js';
import { inferRequirements } from '../../src/infer/index.js';
import { requiredPaths } from '../../src/infer/model.js';
import { createRenderer } from '../../src/render/renderer.js';

const LOCALES = fileURLToPath(new URL('../fixtures/templates/locales', import.meta.url));

describe('inference with locales', () => {
  it('reads the arguments of t, money and date, never the helpers or the provided locale', async () => {
    const compiled = await createRenderer({ dir: LOCALES }).get('order', 'zh-CN');
    const paths = requiredPaths(inferRequirements(compiled).root).map((p) => p.join('.'));
    expect(paths.sort()).toEqual(['at', 'customer', 'customer.name', 'items', 'state', 'total']);
  });

  it('validates sends against those arguments only (items.length is an array count)', async () => {
    const mailer = createMailer({ templates: LOCALES, transport: 'memory://' }) as unknown as Mailer<
      Record<never, never>
    >;
    const error: TemplateDataError = await mailer.render('order', { items: {} }).catch((e) => e);
    expect(error.code).toBe('TEMPLATE_DATA_INVALID');
    const issues = error.issues.map((i) => i.path).sort();
    expect(issues).toEqual(['at', 'customer', 'items', 'state', 'total']);
    const ok = await mailer.render('order', {
      customer: { name: 'Ada' },
      items: [1],
      state: 'paid',
      total: 5,
      at: '2026-11-30',
    });
    expect(ok.subject).toBe('Hi Ada, your 1 item has shipped');
  });

  it('keeps a bare {{date}} a data field where there are no catalogs', async () => {
    const requirements = inferRequirements({
      name: 'x',
      sources: { html: '{{date}} {{locale}}', text: '', subject: '', partials: {} },
    });
    expect(requiredPaths(requirements.root).map((p) => p.join('.'))).toEqual(['date']);
  });
});
