import { describe, expect, it } from 'vitest';
import {
  checkPreviewData,
  createDataValidator,
  inferRequirements,
  previewScenarios,
} from '../../src/infer/index.js';
import { loadFixture } from './load-fixture.js';

const checkerOf = (html: string, partials: Record<string, string> = {}) =>
  createDataValidator(inferRequirements({ name: 't', sources: { html, text: '', subject: '', partials } }));

describe('createDataValidator', () => {
  const check = checkerOf(
    'Hi {{name}} {{#each items}}{{title}} x{{qty}}{{#if note}}{{note}}{{/if}}{{/each}} {{#if user}}{{user.email}}{{/if}} {{fmt when}}',
  );

  it('accepts complete data, numbers where text is printed, Dates, and absent optional fields', () => {
    expect(check({ name: 'Ada', items: [{ title: 'Tea', qty: 2 }], when: 0 })).toEqual([]);
    expect(check({ name: 42, items: [], when: new Date(), user: null })).toEqual([]);
    expect(check({ name: new Date(), items: [{ title: 7, qty: 0, note: false }], when: 'x' })).toEqual([]);
  });

  it('lists every problem with its path, not just the first', () => {
    expect(
      check({ items: [{ title: 'Tea', qty: 1 }, { title: 'Cake' }, null, { qty: 3, note: { a: 1 } }] }),
    ).toEqual([
      { path: 'items[1].qty', message: 'required' },
      { path: 'items[2]', message: 'required' },
      { path: 'items[3].note', message: 'expected string or number, got object' },
      { path: 'items[3].title', message: 'required' },
      { path: 'name', message: 'required' },
      { path: 'when', message: 'required' },
    ]);
  });

  it("never takes Object.prototype's members for data (constructor, toString, __proto__)", () => {
    const proto = checkerOf('{{constructor}} {{toString}} {{valueOf.x}} {{> hasOwnProperty}}');
    expect(proto({})).toEqual([
      { path: 'constructor', message: 'required' },
      { path: 'toString', message: 'required' },
      { path: 'valueOf', message: 'required' },
    ]);
    expect(proto({ constructor: 'a', toString: 'b', valueOf: { x: 1 } })).toEqual([]);
  });

  it('treats null like undefined for required fields, and missing data like {}', () => {
    expect(check({ name: null, items: [], when: 1 })).toEqual([{ path: 'name', message: 'required' }]);
    expect(check(undefined).map((i) => i.path)).toEqual(['items', 'name', 'when']);
  });

  it('wants arrays where #each iterates, objects where paths go through, printable values where printed', () => {
    expect(check({ name: ['A', 'B'], items: 'Tea', when: 1, user: 'ada' })).toEqual([
      { path: 'items', message: 'expected array, got string' },
      { path: 'name', message: 'expected string or number, got array' },
      { path: 'user', message: 'expected object, got string' },
    ]);
    expect(check('hello')).toEqual([{ path: '', message: 'expected object, got string' }]);
  });

  it('accepts an object where #each reads @key (Handlebars iterates its keys), checking each value', () => {
    const totals = checkerOf('{{#each totals}}{{@key}}: {{amount}}{{/each}}{{#each rows}}{{x}}{{/each}}');
    expect(totals({ totals: { subtotal: { amount: 9 }, tax: { amount: 1 } }, rows: [] })).toEqual([]);
    expect(totals({ totals: [{ amount: 9 }], rows: [] })).toEqual([]);
    expect(totals({ totals: { subtotal: {}, tax: { amount: 1 } }, rows: {} })).toEqual([
      { path: 'rows', message: 'expected array, got object' },
      { path: 'totals.subtotal.amount', message: 'required' },
    ]);
    expect(totals({ totals: 'x', rows: [] })).toEqual([
      { path: 'totals', message: 'expected array or object, got string' },
    ]);
  });

  it('checks an optional guarded object only when present', () => {
    expect(check({ name: 'A', items: [], when: 1, user: {} })).toEqual([
      { path: 'user.email', message: 'required' },
    ]);
  });

  it('accepts anything for a template that reads no data', () => {
    expect(checkerOf('<p>static</p>')(undefined)).toEqual([]);
  });

  it('quotes keys that are not identifiers', () => {
    expect(checkerOf('{{[first name]}}')({})).toEqual([{ path: '["first name"]', message: 'required' }]);
  });
});

describe('previewScenarios (one rule shared with render, preview and check)', () => {
  it('reads one data object when there is no `default` scenario, even if every value is an object', () => {
    const preview = { user: { name: 'Ada' }, order: { id: 1 } };
    expect(previewScenarios(preview)).toEqual({ default: preview });
  });

  it('reads named scenarios beside a `default` object', () => {
    const preview = { default: { user: { name: 'A' } }, long: { user: { name: 'Ada Lovelace' } } };
    expect(previewScenarios(preview)).toEqual(preview);
    expect(previewScenarios({ default: { title: 'x' }, other: 'y' })).toEqual({
      default: { default: { title: 'x' }, other: 'y' },
    });
  });

  it('honours an explicit "$scenarios": true marker', () => {
    expect(previewScenarios({ $scenarios: true, user: { user: { name: 'A' } } })).toEqual({
      user: { user: { name: 'A' } },
    });
  });

  it('has no scenarios without preview.json', () => {
    expect(previewScenarios(undefined)).toEqual({});
  });
});

describe('checkPreviewData', () => {
  it('accepts a complete single-object preview.json', () => {
    expect(checkPreviewData(loadFixture('orders'), { helpers: ['year'] })).toEqual([]);
  });

  it('reports problems of each named scenario, prefixed with the scenario name', () => {
    expect(checkPreviewData(loadFixture('scenarios'))).toEqual([
      { path: '[broken] cart.items[0].qty', message: 'required' },
      { path: '[broken] cart.items[1]', message: 'required' },
      { path: '[broken] user.name', message: 'required' },
    ]);
  });

  it('reports a field preview.json lacks, and nothing when there is no preview.json', () => {
    const fixture = loadFixture('orders');
    const { sender: _sender, ...preview } = fixture.preview as Record<string, unknown>;
    expect(checkPreviewData({ ...fixture, preview }, { helpers: ['year'] })).toEqual([
      { path: 'sender', message: 'required' },
    ]);
    expect(checkPreviewData(loadFixture('plain'))).toEqual([]);
  });
});
