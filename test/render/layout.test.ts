import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TemplateSyntaxError } from '../../src/errors/TemplateSyntaxError.js';
import { assemble, layoutComment } from '../../src/render/layout.js';
import { loadShared, loadTemplate } from '../../src/render/load.js';
import { SourceText } from '../../src/render/source.js';
import { BROKEN, OK, SHIPPED } from './fixtures.js';

async function assembled(root: string, name: string) {
  return assemble(await loadTemplate(root, name), await loadShared(root));
}

describe('SourceText', () => {
  it('maps each assembled line back to its file and line', () => {
    const s = new SourceText().push('a\nb', 'layout', 1).push('x\ny\n', 'body', 1).push('c', 'layout', 2);
    expect(s.text).toBe('a\nbx\ny\nc');
    expect(s.at(1)).toEqual({ file: 'layout', line: 1 });
    expect(s.at(2)).toEqual({ file: 'layout', line: 2 });
    expect(s.at(3)).toEqual({ file: 'body', line: 2 });
    expect(s.at(4)).toEqual({ file: 'body', line: 3 });
  });
});

describe('assemble', () => {
  it('wraps a body without <mjml> root in _layouts/default.mjml and inlines MJML partials', async () => {
    const { source, files } = await assembled(OK, 'basic');
    expect(source.text).toMatch(/^<mjml>/);
    expect(source.text).toContain('<mj-text css-class="note">Hi {{name}}');
    expect(source.text).toContain('Sign-off from the MJML partial');
    expect(source.text).not.toContain('{{{body}}}');
    expect(source.text).not.toContain('{{> sign-off}}');
    expect(source.text).toContain('{{> signature}}'); // .hbs partials stay Handlebars partials
    expect(files.map((f) => f.path)).toEqual([
      join(OK, 'basic', 'html.mjml'),
      join(OK, '_layouts', 'default.mjml'),
      join(OK, '_partials', 'sign-off.mjml'),
    ]);
  });

  it('keeps line origins for the template, the layout and the partial', async () => {
    const { source } = await assembled(OK, 'basic');
    const lines = source.text.split('\n');
    const at = (needle: string) => source.at(lines.findIndex((l) => l.includes(needle)) + 1);
    expect(at('<mj-button')).toEqual({ file: join(OK, 'basic', 'html.mjml'), line: 5 });
    expect(at('<mj-title>')).toEqual({ file: join(OK, '_layouts', 'default.mjml'), line: 3 });
    expect(at('Sign-off from')).toEqual({ file: join(OK, '_partials', 'sign-off.mjml'), line: 3 });
    expect(at('</mj-body>')).toEqual({ file: join(OK, '_layouts', 'default.mjml'), line: 12 });
  });

  it('uses the layout named by a first-line {{!< name}} comment', async () => {
    const { source } = await assembled(OK, 'other-layout');
    expect(source.text).toContain('PLAIN LAYOUT');
    expect(source.text).not.toContain('{{!<');
    expect(layoutComment('{{!< plain}}\n<mj-section>')).toBe('plain');
  });

  it('leaves a template with its own <mjml> root alone', async () => {
    const { source, files } = await assembled(OK, 'own-root');
    expect(source.text).not.toContain('Sign-off');
    expect(files).toHaveLength(1);
  });

  it('merges a template <mj-head> into the layout head (per-template preheader)', async () => {
    const { source } = await assembled(SHIPPED, 'welcome');
    const head = source.text.slice(0, source.text.indexOf('</mj-head>'));
    expect(head).toContain('<mj-preview>');
    expect(source.text.match(/<mj-head>/g)).toHaveLength(1);
  });

  it('rejects an unknown layout, naming the ones that exist', async () => {
    const error = await assembled(BROKEN, 'missing-layout').catch((e) => e);
    expect(error).toBeInstanceOf(TemplateSyntaxError);
    expect(error.message).toContain('layout "fancy" not found');
    expect(error.message).toContain('available: default');
  });

  it('rejects parameters passed to an MJML partial, pointing to an .hbs partial', async () => {
    const error = await assembled(BROKEN, 'mjml-partial-params').catch((e) => e);
    expect(error).toBeInstanceOf(TemplateSyntaxError);
    expect(error.file).toBe(join(BROKEN, 'mjml-partial-params', 'html.mjml'));
    expect(error.line).toBe(2);
    expect(error.message).toContain('_partials/box.hbs');
  });
});
