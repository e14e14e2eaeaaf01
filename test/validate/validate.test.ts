import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as v from 'valibot';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { TemplateDataError } from '../../src/errors/index.js';
import { createRenderer } from '../../src/render/renderer.js';
import { createValidator } from '../../src/validate/index.js';
import { fixturesDir } from '../infer/load-fixture.js';

const helpers = {
  year: () => '2026',
  currency: (n: unknown) => `€${n}`,
  formatDate: (d: unknown) => String(d),
};
const renderer = createRenderer({ dir: fixturesDir, helpers });

/** The error a call throws (or rejects with), for assertions on it. */
async function failure(run: () => unknown): Promise<TemplateDataError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof TemplateDataError) return error;
    throw error;
  }
  throw new Error('expected a TemplateDataError');
}

const cart = { user: { name: 'Ada' }, cart: { items: [{ title: 'Tea', qty: 2 }] } };

describe('validator without a schema (inferred requirements)', () => {
  const validator = createValidator({ helpers });

  it('returns the data itself, synchronously, when it is complete', async () => {
    const template = await renderer.get('scenarios');
    expect(validator.validate(template, cart)).toBe(cart);
  });

  it('throws one TemplateDataError listing every problem with its path, and nothing renders', async () => {
    const template = await renderer.get('scenarios');
    const error = await failure(() =>
      validator.validate(template, { user: {}, cart: { items: [{ title: 'Tea' }, { qty: 1 }, 'x'] } }),
    );
    expect(error.code).toBe('TEMPLATE_DATA_INVALID');
    expect(error.template).toBe('scenarios');
    expect(error.issues).toEqual([
      { path: 'cart.items[0].qty', message: 'required' },
      { path: 'cart.items[1].title', message: 'required' },
      { path: 'cart.items[2]', message: 'expected object, got string' },
      { path: 'user.name', message: 'required' },
    ]);
    expect(error.message).toContain('cart.items[0].qty: required');
  });

  it('reads html, text, subject and partials of the compiled template', async () => {
    const template = await renderer.get('orders');
    const preview = template.preview as Record<string, unknown>;
    expect(validator.validate(template, preview)).toBe(preview);
    const { sender: _s, customer: _c, ...rest } = preview;
    const error = await failure(() => validator.validate(template, rest));
    expect(error.issues.map((i) => i.path)).toEqual(['customer', 'sender']);
  });

  it('takes a bare {{year}} for a field unless the helper is named', async () => {
    const template = await renderer.get('orders');
    const error = await failure(() => createValidator().validate(template, template.preview));
    expect(error.issues).toEqual([{ path: 'year', message: 'required' }]);
  });

  it('passes anything through when disabled', async () => {
    const template = await renderer.get('scenarios');
    expect(createValidator({ enabled: false }).validate(template, 42)).toBe(42);
  });

  describe('with a template edited on disk', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mailsmith-validate-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('builds a new checker for the recompiled template', async () => {
      cpSync(join(fixturesDir, 'scenarios'), join(dir, 'scenarios'), { recursive: true });
      const live = createRenderer({ dir, checkInterval: 0 });
      const before = await live.get('scenarios');
      expect(validator.validate(before, cart)).toBe(cart);
      writeFileSync(join(dir, 'scenarios', 'subject.hbs'), 'Cart of {{user.name}} ({{cart.total}})\n');
      live.invalidate('scenarios');
      const after = await live.get('scenarios');
      expect(after).not.toBe(before);
      const error = await failure(() => validator.validate(after, cart));
      expect(error.issues).toEqual([{ path: 'cart.total', message: 'required' }]);
      expect(validator.validate(before, cart)).toBe(cart);
    });
  });
});

describe('validator with a zod schema', () => {
  const schema = z.object({
    user: z.object({ name: z.string().trim().default('friend') }),
    cart: z.object({ items: z.array(z.object({ title: z.string(), qty: z.number().int().positive() })) }),
  });
  const validator = createValidator({ schemas: { scenarios: schema } });

  it('returns the schema output (transforms and defaults applied)', async () => {
    const template = await renderer.get('scenarios');
    expect(validator.validate(template, { user: { name: '  Ada ' }, cart: { items: [] } })).toEqual({
      user: { name: 'Ada' },
      cart: { items: [] },
    });
  });

  it('wins over inference: a field the template requires may be defaulted by the schema', async () => {
    const template = await renderer.get('scenarios');
    expect(validator.validate(template, { user: {}, cart: { items: [] } })).toEqual({
      user: { name: 'friend' },
      cart: { items: [] },
    });
  });

  it('reports its issues path by path, all of them', async () => {
    const template = await renderer.get('scenarios');
    const error = await failure(() =>
      validator.validate(template, {
        user: { name: 1 },
        cart: { items: [{ title: 'Tea', qty: 0 }, { qty: 1.5 }] },
      }),
    );
    expect(error.template).toBe('scenarios');
    expect(error.issues.map((i) => i.path)).toEqual([
      'user.name',
      'cart.items[0].qty',
      'cart.items[1].title',
      'cart.items[1].qty',
    ]);
    expect(error.issues[0]!.message).toMatch(/expected string, received number/i);
  });
});

describe('validator with a valibot schema', () => {
  const schema = v.object({
    user: v.object({ name: v.pipe(v.string(), v.minLength(1)) }),
    cart: v.object({ items: v.array(v.object({ title: v.string(), qty: v.number() })) }),
  });

  it('validates synchronously and reports every issue with its path', async () => {
    const template = await renderer.get('scenarios');
    const validator = createValidator({ schemas: { scenarios: schema } });
    expect(validator.validate(template, cart)).toEqual(cart);
    const error = await failure(() =>
      validator.validate(template, { user: { name: '' }, cart: { items: [{}] } }),
    );
    expect(error.issues.map((i) => i.path)).toEqual([
      'user.name',
      'cart.items[0].title',
      'cart.items[0].qty',
    ]);
  });

  it('returns a promise only for an async schema, rejecting with TemplateDataError', async () => {
    const template = await renderer.get('scenarios');
    const taken = v.pipeAsync(
      schema,
      v.checkAsync(async (data) => data.user.name !== 'root', 'that name is reserved'),
    );
    const validator = createValidator({ schemas: { scenarios: taken } });
    const ok = validator.validate(template, cart);
    expect(ok).toBeInstanceOf(Promise);
    await expect(ok).resolves.toEqual(cart);
    const error = await failure(() => validator.validate(template, { ...cart, user: { name: 'root' } }));
    expect(error.issues).toEqual([{ path: '', message: 'that name is reserved' }]);
  });
});
