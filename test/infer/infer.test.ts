import { describe, expect, it } from 'vitest';
import { dataType, generateDeclaration, inferRequirements } from '../../src/infer/index.js';
import { loadFixture } from './load-fixture.js';

/** The inferred data type of a one-file template, on one line. */
function typeOf(
  html: string,
  options: { partials?: Record<string, string>; helpers?: string[]; preview?: unknown } = {},
) {
  const requirements = inferRequirements(
    {
      name: 't',
      sources: { html, text: '', subject: '', partials: options.partials ?? {} },
      preview: options.preview,
    },
    { helpers: options.helpers },
  );
  return dataType(requirements).replace(/\s*\n\s*/g, ' ');
}

describe('inferRequirements', () => {
  it('makes every printed path a required property, nested paths objects', () => {
    expect(typeOf('Hi {{user.name}}, {{greeting}}')).toBe(
      '{ greeting: string | number; user: { name: string | number; }; }',
    );
  });

  it('types #each as an array of objects, or of scalars when `this` or `.` is printed', () => {
    expect(typeOf('{{#each items}}{{title}} x{{qty}}{{/each}}')).toBe(
      '{ items: { qty: string | number; title: string | number; }[]; }',
    );
    expect(typeOf('{{#each tags}}{{this}}{{/each}}{{#each codes}}{{.}}{{/each}}')).toBe(
      '{ codes: (string | number)[]; tags: (string | number)[]; }',
    );
  });

  it('resolves ../ parent references and @root from nested #each, ignoring @index and @first', () => {
    const html =
      '{{#each orders}}{{#each lines}}{{@index}}{{#if @first}}*{{/if}}{{sku}} {{../id}} {{../../shop}} {{@root.currency}}{{/each}}{{/each}}';
    expect(typeOf(html)).toBe(
      '{ currency: string | number; orders: { id: string | number; lines: { sku: string | number; }[]; }[]; shop: string | number; }',
    );
  });

  it('binds block params of #each and #with', () => {
    expect(
      typeOf('{{#each users as |u i|}}{{i}}{{u.email}}{{/each}}{{#with company as |c|}}{{c.name}}{{/with}}'),
    ).toBe('{ company?: { name: string | number; }; users: { email: string | number; }[]; }');
  });

  it('makes paths used only under #if / #unless, or only as a guard, optional', () => {
    expect(
      typeOf('{{#if coupon}}Code {{coupon}} {{discount}}{{/if}}{{#unless paid}}{{payUrl}}{{/unless}}'),
    ).toBe(
      '{ coupon?: string | number; discount?: string | number; paid?: unknown; payUrl?: string | number; }',
    );
  });

  it('keeps a field required inside a guard on its own parent: if user, then user.name', () => {
    expect(typeOf('{{#if user}}{{user.name}}{{/if}}{{#if user.address}}{{user.address.city}}{{/if}}')).toBe(
      '{ user?: { address?: { city: string | number; }; name: string | number; }; }',
    );
  });

  it('keeps #each element fields required under a guard on the array length', () => {
    expect(typeOf('{{#if items.length}}<ul>{{#each items}}<li>{{name}}</li>{{/each}}</ul>{{/if}}')).toBe(
      '{ items?: { name: string | number; }[]; }',
    );
    // The length guard says nothing about a sibling of the array.
    expect(typeOf('{{#if items.length}}{{#each items}}{{name}}{{/each}}{{total}}{{/if}}')).toBe(
      '{ items?: { name: string | number; }[]; total?: string | number; }',
    );
  });

  it('types #each with @key as an array or an object of elements; a nested #each has its own @key', () => {
    expect(typeOf('{{#each totals}}{{@key}}: {{this}}{{/each}}')).toBe(
      '{ totals: (string | number)[] | Record<string, string | number>; }',
    );
    expect(typeOf('{{#each groups}}{{name}}{{#each tags}}{{@key}}{{/each}}{{/each}}')).toBe(
      '{ groups: { name: string | number; tags: unknown[] | Record<string, unknown>; }[]; }',
    );
  });

  it('makes a path used both guarded and unguarded required', () => {
    expect(typeOf('{{#if note}}<b>{{note}}</b>{{/if}} {{note}}')).toBe('{ note: string | number; }');
    expect(typeOf('{{note}}{{#if note}}!{{/if}}')).toBe('{ note: string | number; }');
  });

  it('requires a path read in both branches of an if/else, at any depth', () => {
    expect(
      typeOf('{{#each items}}{{#if url}}<a href="{{url}}">{{title}}</a>{{else}}{{title}}{{/if}}{{/each}}'),
    ).toBe('{ items: { title: string | number; url?: string | number; }[]; }');
    expect(typeOf('{{#if a}}{{x}}{{else if b}}{{x}}{{else}}{{x}} {{y}}{{/if}}')).toBe(
      '{ a?: unknown; b?: unknown; x: string | number; y?: string | number; }',
    );
    expect(
      typeOf('{{#unless vip}}{{name}}{{else}}{{#if nick}}{{nick}}{{else}}{{name}}{{/if}}{{/unless}}'),
    ).toBe('{ name?: string | number; nick?: string | number; vip?: unknown; }');
  });

  it('treats #with as a guard whose body reads from the new context, and else branches as optional', () => {
    expect(typeOf('{{#with shipping}}{{street}} {{../name}}{{else}}{{pickup}}{{/with}}')).toBe(
      '{ name?: string | number; pickup?: string | number; shipping?: { street: string | number; }; }',
    );
    expect(typeOf('{{#each items}}{{title}}{{else}}{{emptyText}}{{/each}}')).toBe(
      '{ emptyText?: string | number; items: { title: string | number; }[]; }',
    );
    expect(typeOf('{{#if a}}{{b}}{{else if c}}{{d}}{{else}}{{e}}{{/if}}')).toBe(
      '{ a?: unknown; b?: string | number; c?: unknown; d?: string | number; e?: string | number; }',
    );
  });

  it('includes positional and hash helper arguments, sub-expressions too; the helper name is no field', () => {
    expect(
      typeOf('{{money total currency=cur}} {{#if (gt count 1)}}s{{/if}} {{t "k" (lower user.name)}}'),
    ).toBe('{ count?: unknown; cur: unknown; total: unknown; user: { name: unknown; }; }');
  });

  it('knows registered helpers called without arguments', () => {
    expect(typeOf('© {{year}} {{company}}', { helpers: ['year'] })).toBe('{ company: string | number; }');
    expect(typeOf('© {{year}}')).toBe('{ year: string | number; }');
  });

  it('walks partials with a context parameter and hash arguments, and partial blocks', () => {
    const partials = {
      card: '<b>{{title}}</b> {{label}} {{#if owner}}{{owner.name}}{{/if}}',
      frame: '<div>{{heading}}{{> @partial-block}}</div>',
    };
    expect(typeOf('{{> card product label=tagline}}', { partials })).toBe(
      '{ product: { owner?: { name: string | number; }; title: string | number; }; tagline: string | number; }',
    );
    expect(typeOf('{{#> frame}}{{body}}{{/frame}}', { partials })).toBe(
      '{ body: string | number; heading: string | number; }',
    );
  });

  it('walks inline partials ({{#*inline}}) where they are called, with hash arguments', () => {
    const html =
      '{{#*inline "row"}}<td>{{label}}</td><td>{{value}}</td>{{/inline}}' +
      '{{#each rows}}{{> row}}{{/each}}{{> row label=title value=total}}';
    expect(typeOf(html)).toBe(
      '{ rows: { label: string | number; value: string | number; }[]; title: string | number; total: string | number; }',
    );
  });

  it('stops on recursive partials', () => {
    expect(
      typeOf('{{> tree root}}', { partials: { tree: '{{label}}{{#each children}}{{> tree}}{{/each}}' } }),
    ).toContain('label: string | number');
  });

  it('refines scalar types from preview.json, including every named scenario', () => {
    const preview = { default: { n: 1, tags: ['x'], ok: true }, b: { n: '2', tags: [], ok: false } };
    expect(typeOf('{{n}}{{#each tags}}{{this}}{{/each}}{{#if ok}}{{/if}}{{other}}', { preview })).toBe(
      '{ n: number | string; ok?: boolean; other: string | number; tags: string[]; }',
    );
  });

  it('covers html, text, subject and .hbs partials of the tricky fixture', () => {
    const requirements = inferRequirements(loadFixture('orders'), { helpers: ['year'], refine: false });
    const type = dataType(requirements).replace(/\s*\n\s*/g, ' ');
    expect(type).toBe(
      [
        '{ billing: { address: { country: string | number; line1: string | number; line2?: string | number; }; };',
        'coupon?: string | number; createdAt: unknown; currency: unknown;',
        'customer: { name: string | number; tier?: string | number; vip?: unknown; };',
        'emptyNote?: string | number; footerNote: string | number;',
        'orders: { id: string | number; lines: { discount?: { amount: string | number; }; price: unknown;',
        'qty: string | number; title: string | number; }[]; }[];',
        'paid?: unknown; paymentUrl?: string | number; pickupPoint?: string | number;',
        'sender: { email: string | number; legal?: string | number; name: string | number; };',
        'shipping?: { city: string | number; street: string | number; }; tags: (string | number)[]; }',
      ].join(' '),
    );
  });

  it('generates a sorted, stable declaration with the generated header', () => {
    const a = inferRequirements(loadFixture('orders'), { helpers: ['year'] });
    const b = inferRequirements(loadFixture('scenarios'));
    const declaration = generateDeclaration([b, a]);
    expect(declaration).toBe(generateDeclaration([a, b]));
    expect(declaration.split('\n')[0]).toMatch(/generated by `mailsmith types` — do not edit/i);
    expect(declaration).toContain(
      "declare module 'mailsmith' {\n  interface TemplateRegistry {\n    orders: {",
    );
    expect(declaration.indexOf('    orders:')).toBeLessThan(declaration.indexOf('    scenarios:'));
    expect(declaration).toContain('qty: number;');
  });

  it('quotes names that are not identifiers', () => {
    const requirements = inferRequirements({
      name: 'password-reset',
      sources: { html: '{{[first name]}}', text: '', subject: '', partials: {} },
    });
    expect(generateDeclaration([requirements])).toContain(
      "    'password-reset': {\n      'first name': string | number;",
    );
  });
});
