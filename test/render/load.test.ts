import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TemplateNotFoundError } from '../../src/errors/TemplateNotFoundError.js';
import { TemplateSyntaxError } from '../../src/errors/TemplateSyntaxError.js';
import { listTemplates, loadShared, loadTemplate } from '../../src/render/load.js';
import { BROKEN, OK, SHIPPED } from './fixtures.js';

describe('listTemplates', () => {
  it('lists template folders, sorted, without _layouts and _partials', async () => {
    expect(await listTemplates(SHIPPED)).toEqual(['password-reset', 'receipt', 'verify-email', 'welcome']);
  });

  it('returns an empty list for a folder that does not exist', async () => {
    expect(await listTemplates(join(OK, 'nope'))).toEqual([]);
  });
});

describe('loadTemplate', () => {
  it('reads html.mjml, subject, the optional text part and preview data', async () => {
    const t = await loadTemplate(OK, 'handwritten');
    expect(t.html.kind).toBe('mjml');
    expect(t.subject.source).toContain('{{name}}');
    expect(t.text?.path).toBe(join(OK, 'handwritten', 'text.hbs'));
    expect(t.preview).toBeUndefined();
    const basic = await loadTemplate(OK, 'basic');
    expect(basic.text).toBeUndefined();
    expect(basic.preview?.data).toMatchObject({ name: 'Ada' });
  });

  it('accepts html.hbs as plain HTML', async () => {
    expect((await loadTemplate(OK, 'plain-html')).html.kind).toBe('hbs');
  });

  it('throws TemplateNotFoundError listing what exists', async () => {
    const error = await loadTemplate(OK, 'nope').catch((e) => e);
    expect(error).toBeInstanceOf(TemplateNotFoundError);
    expect(error.available).toContain('basic');
    expect(error.message).toContain('basic, blocks');
  });

  it('refuses names that would leave the templates folder', async () => {
    for (const name of ['../ok/basic', '_partials', '.', 'a/b']) {
      await expect(loadTemplate(OK, name)).rejects.toBeInstanceOf(TemplateNotFoundError);
    }
  });

  it('requires subject.hbs', async () => {
    const error = await loadTemplate(BROKEN, 'no-subject').catch((e) => e);
    expect(error).toBeInstanceOf(TemplateSyntaxError);
    expect(error.file).toBe(join(BROKEN, 'no-subject', 'subject.hbs'));
  });
});

describe('loadShared', () => {
  it('reads layouts and both kinds of partials', async () => {
    const shared = await loadShared(OK);
    expect([...shared.layouts.keys()]).toEqual(['default', 'plain']);
    expect([...shared.mjmlPartials.keys()]).toEqual(['sign-off']);
    expect([...shared.hbsPartials.keys()]).toEqual(['greeting', 'signature']);
  });

  it('is empty when the folders are missing', async () => {
    const shared = await loadShared(join(OK, 'basic'));
    expect(shared.layouts.size + shared.mjmlPartials.size + shared.hbsPartials.size).toBe(0);
  });
});
