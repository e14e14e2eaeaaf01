import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { TemplateSyntaxError } from '../../src/errors/TemplateSyntaxError.js';
import { createMailer, memory } from '../../src/index.js';
import { compileTemplate } from '../../src/render/compile.js';
import { runCli } from '../cli/run.js';

const MALFORMED = fileURLToPath(new URL('../fixtures/templates/malformed', import.meta.url));
const file = (name: string) => join(MALFORMED, name, 'html.mjml');
const layout = join(MALFORMED, '_layouts', 'default.mjml');

/** The message without the hint (the hint is its own field; older errors also appended it). */
const what = (error: Error) => error.message.split('\n')[0];

// [fixture, file:line, message after "file:line: ", hint]
const cases: [string, string, number, string, string][] = [
  [
    'misspelt-close',
    file('misspelt-close'),
    4,
    'closing tag </mj-buton> does not match <mj-button> opened at line 4',
    'fix the typo: close it with </mj-button>',
  ],
  [
    'missing-close',
    file('missing-close'),
    4,
    '<mj-button> opened at line 3 is not closed before <mj-text>',
    'add </mj-button> where its content ends',
  ],
  [
    'mismatched-close',
    file('mismatched-close'),
    2,
    '<mj-column> is never closed (</mj-section> at line 4 comes first)',
    'add </mj-column> where its content ends',
  ],
  [
    'never-closed',
    file('never-closed'),
    8,
    `<mj-text> is never closed (</mj-body> at line 4 of ${layout} comes first)`,
    'add </mj-text> where its content ends',
  ],
  [
    'stray-close',
    file('stray-close'),
    6,
    'closing tag </mj-column> has no matching <mj-column>',
    'remove </mj-column>',
  ],
  [
    'unknown-tag',
    file('unknown-tag'),
    3,
    'unknown tag <mj-txt> (did you mean <mj-text>?)',
    'rename it to <mj-text>',
  ],
  [
    'invalid-nesting',
    file('invalid-nesting'),
    3,
    'MJML <mj-text>: mj-text cannot be used inside mj-section, only inside: mj-attributes, mj-column, mj-hero',
    'fix the file; the cache picks up the change on the next render',
  ],
  [
    'loose-text',
    file('loose-text'),
    4,
    'text "Your code is" sits directly in <mj-column>, where MJML drops it',
    'put the text inside an <mj-text> (or another content component such as mj-button)',
  ],
  [
    'column-width',
    file('column-width'),
    2,
    '<mj-column width="{{colWidth}}">: MJML computes with "width" when the template is compiled, before any data exists, so a placeholder there cannot work',
    'write a fixed value (width="50%"), or put each variant in its own {{#if}} block; placeholders are fine in attributes MJML only copies, such as href, src, alt and color',
  ],
  [
    'image-width',
    file('image-width'),
    4,
    '<mj-image width="{{w}}px">: MJML computes with "width" when the template is compiled, before any data exists, so a placeholder there cannot work',
    'write a fixed value (width="50%"), or put each variant in its own {{#if}} block; placeholders are fine in attributes MJML only copies, such as href, src, alt and color',
  ],
];

describe('malformed MJML never compiles', () => {
  it.each(cases)('%s → TEMPLATE_SYNTAX at its file and line', async (name, at, line, message, hint) => {
    const error = await compileTemplate(MALFORMED, name, {}, new Set()).catch((e) => e);
    expect(error).toBeInstanceOf(TemplateSyntaxError);
    expect(error.code).toBe('TEMPLATE_SYNTAX');
    expect([error.file, error.line]).toEqual([at, line]);
    expect(what(error)).toBe(`Template syntax error in ${at}:${line}: ${message}`);
    expect(error.hint).toBe(hint);
  });

  it('keeps placeholders in attributes MJML only copies (href, src, alt, color, padding of text)', async () => {
    const t = await compileTemplate(MALFORMED, 'copied-attributes', {}, new Set());
    const out = t.render({
      src: 'https://x.cn/a.png',
      alt: 'Logo',
      link: 'https://x.cn/go',
      color: '#ff0000',
      pad: '7px',
      name: 'Ann',
    });
    expect(out.html).toMatch(/<img alt="Logo" src="https:\/\/x.cn\/a.png"/);
    expect(out.html).toContain('href="https://x.cn/go"');
    expect(out.html).toMatch(/padding: ?7px/);
    expect(out.html).toMatch(/color: ?#ff0000/);
    expect(out.html).not.toMatch(/NaN|mshb\d+x/);
    expect(out.text).toBe('Hello Ann\n\nGo [https://x.cn/go]');
  });
});

describe('render, send and check share the refusal', () => {
  it('mailer.render() and send() reject a misspelt closing tag and send nothing', async () => {
    const transport = memory();
    const mailer = createMailer({ templates: MALFORMED, transport, from: 'a@example.com' }) as unknown as {
      render(name: string, data: unknown): Promise<unknown>;
      send(name: string, data: unknown, o: { to: string }): Promise<unknown>;
    };
    const rendered = await mailer.render('misspelt-close', { url: 'https://x.cn' }).catch((e) => e);
    expect(rendered).toMatchObject({ code: 'TEMPLATE_SYNTAX', file: file('misspelt-close'), line: 4 });
    const sent = await mailer
      .send('misspelt-close', { url: 'https://x.cn' }, { to: 'b@example.com' })
      .catch((e) => e);
    expect(sent).toMatchObject({ code: 'TEMPLATE_SYNTAX', line: 4 });
    expect(transport.messages).toHaveLength(0);
  });

  it('mailsmith check fails each malformed template with its line, and passes the copied attributes', async () => {
    const result = await runCli(['check', '--json', '--templates', MALFORMED], { cwd: MALFORMED });
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as {
      templates: { name: string; ok: boolean; errors: { file: string; line: number }[] }[];
    };
    const byName = new Map(report.templates.map((t) => [t.name, t]));
    for (const [name, , line] of cases) {
      expect(byName.get(name)?.ok, name).toBe(false);
      expect(byName.get(name)?.errors[0]?.line, name).toBe(line);
    }
    expect(byName.get('copied-attributes')?.ok).toBe(true);
  });
});
