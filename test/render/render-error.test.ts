import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { TemplateRenderError } from '../../src/errors/TemplateRenderError.js';
import { createMailer, memory } from '../../src/index.js';
import { buildAndImport } from '../build/helpers.js';

const HELPERS = fileURLToPath(new URL('../fixtures/templates/helpers', import.meta.url));

/** A helper that trusts its input, as real ones do: `total.toFixed` throws on a string. */
const helpers = { money: (n: number) => `¥${n.toFixed(2)}` };

type Untyped = {
  render(name: string, data: unknown): Promise<{ html: string }>;
  send(name: string, data: unknown, options: { to: string }): Promise<unknown>;
};

/** The error a promise rejects with. */
const caught = (p: Promise<unknown>) =>
  p.then(
    () => expect.fail('expected a rejection'),
    (e: unknown) => e as TemplateRenderError,
  );

function mailer() {
  const transport = memory();
  const m = createMailer({
    templates: HELPERS,
    transport,
    from: 'shop@example.com',
    helpers,
  }) as unknown as Untyped;
  return { m, transport };
}

describe('a helper that throws at render time', () => {
  it('is TEMPLATE_RENDER naming the template, the helper and the line it is called on; nothing is sent', async () => {
    const { m, transport } = mailer();
    const error = await caught(m.send('throws', { name: 'Ann', total: 'abc' }, { to: 'ann@example.com' }));
    expect(error).toBeInstanceOf(TemplateRenderError);
    expect(error).toMatchObject({
      code: 'TEMPLATE_RENDER',
      template: 'throws',
      helper: 'money',
      file: join(HELPERS, 'throws', 'html.mjml'),
      line: 4,
    });
    expect(error.message.split('\n')[0]).toBe(
      `Template "throws" failed to render (${join(HELPERS, 'throws', 'html.mjml')}:4): helper "money" threw: n.toFixed is not a function`,
    );
    expect(error.hint).toBe('fix the helper "money" or the data it is given; nothing was sent');
    expect(error.cause).toBeInstanceOf(TypeError);
    expect(transport.messages).toHaveLength(0);
  });

  it('takes the line from Handlebars where the file is compiled as written (subject.hbs)', async () => {
    const { m } = mailer();
    const error = await m
      .render('throws-subject', { name: 'Ann', total: 'abc' })
      .catch((e: unknown) => e as TemplateRenderError);
    expect(error).toMatchObject({
      code: 'TEMPLATE_RENDER',
      helper: 'money',
      file: join(HELPERS, 'throws-subject', 'subject.hbs'),
      line: 2,
    });
  });

  it('renders normally when the helper is happy', async () => {
    const { m } = mailer();
    expect((await m.render('throws', { name: 'Ann', total: 12 })).html).toContain('Total: ¥12.00');
  });
});

describe('a helper that is not registered', () => {
  it('is TEMPLATE_RENDER (not "fix the file") and says where to register it', async () => {
    const { m, transport } = mailer();
    const error = await caught(m.send('missing', { name: 'Ann' }, { to: 'ann@example.com' }));
    expect(error).toMatchObject({ code: 'TEMPLATE_RENDER', helper: 'shout', line: 3 });
    expect(error.message.split('\n')[0]).toBe(
      `Template failed to render (${join(HELPERS, 'missing', 'html.mjml')}:3): helper "shout" is not registered`,
    );
    expect(error.hint).toBe(
      'register it: createMailer({ helpers: { shout } }), and the same helpers in mailsmith.config.ts (defineConfig({ helpers })) for check, preview and types; registered helpers: money',
    );
    expect(transport.messages).toHaveLength(0);
  });
});

describe('a helper that throws in templates precompiled by mailsmith build', () => {
  it('is TEMPLATE_RENDER naming the template and the helper (the authored files are not shipped)', async () => {
    // `missing` calls shout: the build needs every helper the folder uses.
    const built = await buildAndImport(HELPERS, ['money', 'shout']);
    try {
      const transport = memory();
      const m = createMailer({
        templates: built.compiled,
        transport,
        from: 'shop@example.com',
        helpers: { ...helpers, shout: (s: string) => s },
      }) as unknown as Untyped;
      const error = await caught(m.send('throws', { name: 'Ann', total: 'abc' }, { to: 'ann@example.com' }));
      expect(error).toBeInstanceOf(TemplateRenderError);
      expect(error).toMatchObject({ code: 'TEMPLATE_RENDER', template: 'throws', helper: 'money' });
      expect(error.message.split('\n')[0]).toBe(
        'Template "throws" failed to render: helper "money" threw: n.toFixed is not a function',
      );
      expect(transport.messages).toHaveLength(0);
    } finally {
      await built.remove();
    }
  });
});
