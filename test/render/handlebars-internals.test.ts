/**
 * `compileNow` (src/render/handlebars.ts) reaches into Handlebars' private compilers to compile eagerly
 * with `knownHelpersOnly`. package.json pins Handlebars to one minor (~4.7); these tests fail loudly
 * if an upgrade moves or changes what it relies on, before any template silently misrenders.
 */
import { createRequire } from 'node:module';
import Handlebars from 'handlebars';
import { describe, expect, it } from 'vitest';
import { compileNow, createEnv } from '../../src/render/handlebars.js';

const BUMP = 'Handlebars private API changed: re-check compileNow in src/render/handlebars.ts before bumping';

describe("Handlebars' private compilers used by compileNow", () => {
  it('is the pinned minor version', () => {
    const { version } = createRequire(import.meta.url)('handlebars/package.json') as { version: string };
    const pinned = (
      createRequire(import.meta.url)('../../package.json') as { dependencies: Record<string, string> }
    ).dependencies.handlebars;
    expect(pinned, 'pin Handlebars to a minor (~4.7.x): compileNow uses its internals').toMatch(/^~4\.7\./);
    expect(version, BUMP).toMatch(/^4\.7\./);
  });

  it('still has Compiler, JavaScriptCompiler and template on an environment', () => {
    const env = Handlebars.create() as unknown as Record<string, unknown>;
    expect(typeof env.Compiler, BUMP).toBe('function');
    expect(typeof env.JavaScriptCompiler, BUMP).toBe('function');
    expect(typeof env.template, BUMP).toBe('function');
    expect(typeof (env.Compiler as { prototype: { compile?: unknown } }).prototype.compile, BUMP).toBe(
      'function',
    );
    expect(
      typeof (env.JavaScriptCompiler as { prototype: { compile?: unknown } }).prototype.compile,
      BUMP,
    ).toBe('function');
  });

  it('compiles eagerly to the same output as the public compile, escaping and all', () => {
    const env = createEnv({ shout: (s: string) => String(s).toUpperCase() });
    const source = '{{#each items}}<b>{{shout name}}</b>{{#if @last}}.{{/if}}{{/each}} {{{raw}}} {{raw}}';
    const data = { items: [{ name: 'ada' }, { name: 'tom & jerry' }], raw: '<i>x</i>' };
    const eager = compileNow(env, source, 'f.hbs', false);
    const lazy = env.compile(source);
    expect(eager(data), BUMP).toBe(lazy(data));
    expect(eager(data)).toBe('<b>ADA</b><b>TOM &amp; JERRY</b>. <i>x</i> &lt;i&gt;x&lt;/i&gt;');
  });

  it('reports a syntax error at compile time, not on first render', () => {
    expect(() => compileNow(createEnv(), '{{#if x}}open', 'f.hbs', false), BUMP).toThrow(
      expect.objectContaining({ code: 'TEMPLATE_SYNTAX', kind: 'handlebars' }),
    );
  });
});
