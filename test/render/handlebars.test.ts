import { describe, expect, it } from 'vitest';
import { TemplateSyntaxError } from '../../src/errors/TemplateSyntaxError.js';
import { check, compileNow, createEnv, knownOf } from '../../src/render/handlebars.js';

const env = createEnv({ shout: (s: string) => String(s).toUpperCase() });
const known = knownOf(env, ['footer'], ['header']);

function failure(fn: () => unknown): TemplateSyntaxError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(TemplateSyntaxError);
    return e as TemplateSyntaxError;
  }
  throw new Error('expected a TemplateSyntaxError');
}

describe('createEnv', () => {
  it('is isolated: helpers and partials do not leak between environments', () => {
    const other = createEnv();
    env.registerPartial('only-here', 'x');
    expect(other.helpers.shout).toBeUndefined();
    expect(other.partials['only-here']).toBeUndefined();
  });
});

describe('check', () => {
  it('accepts built-in and custom helpers, known partials, inline partials and plain lookups', () => {
    const src =
      '{{#*inline "row"}}{{x}}{{/inline}}{{> row}}{{> footer}}{{shout (lookup a "b")}}{{#each a}}{{this}}{{/each}}{{missing}}{{#list}}{{/list}}';
    expect(() => check(src, 'f.hbs', known)).not.toThrow();
  });

  it('reports a parse error with file and line', () => {
    const e = failure(() => check('a\nb\n{{#if x}}\n{{/each}}', 'f.hbs', known));
    expect([e.file, e.line]).toEqual(['f.hbs', 3]);
    expect(e.message).toContain("if doesn't match each");
  });

  it('reports an unknown helper at compile time, with its line', () => {
    const e = failure(() => check('ok\n\n{{formatPrice total "CNY"}}', 'f.hbs', known));
    expect(e.line).toBe(3);
    expect(e.message).toContain('unknown helper "formatPrice"');
    expect(e.message).toContain('shout');
  });

  it('reports unknown helpers in sub-expressions and block calls', () => {
    expect(failure(() => check('{{shout (nope a)}}', 'f', known)).message).toContain('"nope"');
    expect(failure(() => check('{{#nope a}}{{/nope}}', 'f', known)).message).toContain('"nope"');
  });

  it('reports a missing partial, listing the available ones', () => {
    const e = failure(() => check('x\n{{> sidebar}}', 'f.hbs', known));
    expect(e.line).toBe(2);
    expect(e.message).toContain('partial "sidebar" not found');
    expect(e.message).toContain('footer');
  });

  it('allows MJML partials only in MJML sources', () => {
    expect(() => check('{{> header}}', 'html.mjml', known, { mjml: true })).not.toThrow();
    expect(failure(() => check('{{> header}}', 'text.hbs', known)).message).toContain('_partials/header.hbs');
  });
});

describe('compileNow', () => {
  it('compiles eagerly and escapes unless told not to', () => {
    const html = compileNow(env, '<b>{{v}}</b>', 'f', false);
    const text = compileNow(env, '{{v}}', 'f', true);
    expect(html({ v: '<i>&' })).toBe('<b>&lt;i&gt;&amp;</b>');
    expect(text({ v: '<i>&' })).toBe('<i>&');
  });

  it('turns compile errors into TemplateSyntaxError', () => {
    expect(failure(() => compileNow(env, '{{#if}}', 'x.hbs', false)).file).toBe('x.hbs');
  });
});
