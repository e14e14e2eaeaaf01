import { describe, expect, it } from 'vitest';
import { MailerError } from '../../src/errors/MailerError.js';
import { TemplateRenderError } from '../../src/errors/TemplateRenderError.js';
import { assertKnownReferences, compileNow, createEnv, knownOf } from '../../src/render/handlebars.js';

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

describe('assertKnownReferences', () => {
  it('accepts built-in and custom helpers, known partials, inline partials and plain lookups', () => {
    const src =
      '{{#*inline "row"}}{{x}}{{/inline}}{{> row}}{{> footer}}{{shout (lookup a "b")}}{{#each a}}{{this}}{{/each}}{{missing}}{{#list}}{{/list}}';
    expect(() => assertKnownReferences(src, 'f.hbs', known)).not.toThrow();
  });

  it('reports a parse error with file and line', () => {
    const e = failure(() => assertKnownReferences('a\nb\n{{#if x}}\n{{/each}}', 'f.hbs', known));
    expect([e.file, e.line]).toEqual(['f.hbs', 3]);
    expect(e.message.split('\n')[0]).toBe(
      'Template syntax error in f.hbs:3: `{{#if` at line 3 is closed by `{{/each}}` at line 4',
    );
    expect(e.hint).toBe('add {{/if}} before line 4');
  });

  it.each([
    [
      'a mustache missing a brace',
      'a\n{{#each items}\n<p>{{name}}</p>\n{{/each}}',
      2,
      'unclosed `{{#each` at line 2',
      'end it with }}: {{#each items}}',
    ],
    [
      'a triple-stash missing a brace',
      '<p>{{{body}}</p>',
      1,
      'unclosed `{{{body` at line 1',
      'end it with }}}: {{{body}}}',
    ],
    [
      'a block never closed (Handlebars reports the end of the file)',
      'x\n{{#if vip}}\n<p>VIP</p>\n\n\n',
      2,
      'unclosed block `{{#if` at line 2',
      'add {{/if}} where the block ends',
    ],
    [
      'a closing tag with no block',
      'x\n{{/each}}',
      2,
      '`{{/each}}` at line 2 closes no open block',
      'remove it, or add the {{#each …}} it should close',
    ],
    [
      'an unclosed comment',
      'x\n\n{{!-- note',
      3,
      'unclosed comment `{{!--` at line 3',
      'end the comment with --}}',
    ],
  ])('says in words what is wrong with %s, at the line to fix', (_, source, line, detail, hint) => {
    const e = failure(() => assertKnownReferences(source, 'f.hbs', known));
    expect(e.line).toBe(line);
    expect(e.message.split('\n')[0]).toBe(`Template syntax error in f.hbs:${line}: ${detail}`);
    expect(e.hint).toBe(hint);
  });

  it('reports an unregistered helper at compile time as TEMPLATE_RENDER, saying where to register it', () => {
    const e = failure(() => assertKnownReferences('ok\n\n{{formatPrice total "CNY"}}', 'f.hbs', known));
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
    expect(failure(() => assertKnownReferences('{{shout (nope a)}}', 'f', known)).message).toContain(
      '"nope"',
    );
    expect(failure(() => assertKnownReferences('{{#nope a}}{{/nope}}', 'f', known)).message).toContain(
      '"nope"',
    );
  });

  it('reports a missing partial, listing the available ones', () => {
    const e = failure(() => assertKnownReferences('x\n{{> sidebar}}', 'f.hbs', known));
    expect(e.line).toBe(2);
    expect(e.message).toContain('partial "sidebar" not found');
    expect(e.message).toContain('footer');
  });

  it('allows MJML partials only in MJML sources', () => {
    expect(() => assertKnownReferences('{{> header}}', 'html.mjml', known, { mjml: true })).not.toThrow();
    expect(failure(() => assertKnownReferences('{{> header}}', 'text.hbs', known)).message).toContain(
      '_partials/header.hbs',
    );
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
