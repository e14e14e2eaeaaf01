import { describe, expect, it } from 'vitest';
import { MailerError } from '../../src/errors/MailerError.js';
import { TemplateRenderError } from '../../src/errors/TemplateRenderError.js';
import { check, compileNow, createEnv, knownOf } from '../../src/render/handlebars.js';

type Located = MailerError & { file?: string; line?: number; helper?: string };

const env = createEnv({ shout: (s: string) => String(s).toUpperCase() });
const known = knownOf(env, ['footer'], ['header']);

/** The error `fn` throws: a TemplateSyntaxError, or a TemplateRenderError for a helper not registered. */
function failure(fn: () => unknown): Located {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(MailerError);
    expect(['TEMPLATE_SYNTAX', 'TEMPLATE_RENDER']).toContain((e as MailerError).code);
    return e as Located;
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

  it('reports an unregistered helper at compile time as TEMPLATE_RENDER, saying where to register it', () => {
    const e = failure(() => check('ok\n\n{{formatPrice total "CNY"}}', 'f.hbs', known));
    expect(e).toBeInstanceOf(TemplateRenderError);
    expect(e).toMatchObject({ code: 'TEMPLATE_RENDER', helper: 'formatPrice', file: 'f.hbs', line: 3 });
    expect(e.message.split('\n')[0]).toBe(
      'Template failed to render (f.hbs:3): helper "formatPrice" is not registered',
    );
    expect(e.hint).toBe(
      'register it: createMailer({ helpers: { formatPrice } }), and the same helpers in mailsmith.config.ts (defineConfig({ helpers })) for check, preview and types; registered helpers: shout',
    );
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
