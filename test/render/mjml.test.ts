import { describe, expect, it } from 'vitest';
import { TemplateSyntaxError } from '../../src/errors/TemplateSyntaxError.js';
import { compileMjml } from '../../src/render/mjml.js';
import { protect, restore } from '../../src/render/protect.js';
import { SourceText } from '../../src/render/source.js';

/** Protects, compiles and restores, as the pipeline does. */
async function compile(mjml: string): Promise<string> {
  const shield = protect(mjml, { mjml: true });
  return restore(await compileMjml(shield.text, new SourceText().push(mjml, 'test.mjml', 1), shield), shield);
}

const doc = (body: string) => `<mjml><mj-body>\n${body}\n</mj-body></mjml>`;
const section = (inner: string) => `<mj-section><mj-column>${inner}</mj-column></mj-section>`;

describe('compileMjml with protected Handlebars', () => {
  it('keeps {{#if}} around an mj-section in place (MJML alone drops it)', async () => {
    const html = await compile(doc(`{{#if coupon}}\n${section('<mj-text>COUPON</mj-text>')}\n{{/if}}`));
    const open = html.indexOf('{{#if coupon}}');
    const close = html.indexOf('{{/if}}');
    expect(open).toBeGreaterThan(-1);
    expect(html.indexOf('COUPON')).toBeGreaterThan(open);
    expect(close).toBeGreaterThan(html.indexOf('COUPON'));
    // The section's Outlook wrapper tables open and close inside the block.
    const inside = html.slice(open, close);
    expect(inside.match(/<!--\[if mso \| IE\]><table/g)?.length).toBe(
      inside.match(/<\/table><!\[endif\]-->/g)?.length,
    );
  });

  it('needs the mj-raw wrapping: without it MJML drops the placeholder, and the survival guard says so', async () => {
    const src = doc(`{{#if coupon}}\n${section('<mj-text>COUPON</mj-text>')}\n{{/if}}`);
    const shield = protect(src); // no MJML-aware wrapping
    const error = await compileMjml(shield.text, new SourceText().push(src, 'test.mjml', 1), shield).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(TemplateSyntaxError);
    expect([error.file, error.line]).toEqual(['test.mjml', 2]);
    expect(error.message.split('\n')[0]).toBe(
      'Template syntax error in test.mjml:2: MJML dropped the text "{{#if coupon}}"',
    );
  });

  it('keeps {{#each}} rows inside mj-table and expressions in href / mj-button href', async () => {
    const html = await compile(
      doc(
        section(
          '<mj-table><tr><th>Item</th></tr>{{#each items}}<tr><td>{{name}}</td></tr>{{/each}}</mj-table>' +
            '<mj-button href="{{url}}">Go</mj-button><mj-text><a href="{{url}}">{{url}}</a></mj-text>',
        ),
      ),
    );
    expect(html).toContain('<tr><th>Item</th></tr>{{#each items}}<tr><td>{{name}}</td></tr>{{/each}}');
    expect(html.match(/href="\{\{url\}\}"/g)).toHaveLength(2);
  });

  it('keeps expressions with quoted string arguments, in text and in attributes', async () => {
    const html = await compile(
      doc(
        section(
          '<mj-text>{{formatPrice total "CNY"}}</mj-text><mj-button href="{{link "a b" id}}">x</mj-button>',
        ),
      ),
    );
    expect(html).toContain('{{formatPrice total "CNY"}}');
    expect(html).toContain('href="{{link "a b" id}}"');
  });

  it('forgives an attribute whose value is an expression', async () => {
    const html = await compile(doc(section('<mj-text padding="{{pad}}">x</mj-text>')));
    expect(html).toContain('padding:{{pad}}');
  });

  it('reports real MJML errors with the original file and line', async () => {
    const src = doc(section('\n<mj-text>ok</mj-text>\n<mj-txt>typo</mj-txt>'));
    const error = await compile(src).catch((e) => e);
    expect(error).toBeInstanceOf(TemplateSyntaxError);
    expect([error.file, error.line]).toEqual(['test.mjml', 4]);
    expect(error.message).toContain('mj-txt');
  });

  it('reports illegal attributes', async () => {
    const error = await compile(doc(section('<mj-text bogus="1">x</mj-text>'))).catch((e) => e);
    expect(error.message).toContain('Attribute bogus is illegal');
  });
});
