import { describe, expect, it } from 'vitest';
import { hasPlaceholder, protect, restore, scanMustaches } from '../../src/render/protect.js';

describe('scanMustaches', () => {
  it('finds every kind of mustache, including quoted arguments holding braces', () => {
    const src =
      'a {{x}} {{{raw}}} {{!-- c }} --}} {{! short }} {{helper "a}}b" \'c\'}} \\{{lit}} {{~#if y~}}';
    expect(scanMustaches(src).map((m) => m.text)).toEqual([
      '{{x}}',
      '{{{raw}}}',
      '{{!-- c }} --}}',
      '{{! short }}',
      '{{helper "a}}b" \'c\'}}',
      '\\{{lit}}',
      '{{~#if y~}}',
    ]);
  });

  it('stops at an unterminated mustache (left for the Handlebars parser to report)', () => {
    expect(scanMustaches('{{a}} {{b').map((m) => m.text)).toEqual(['{{a}}']);
  });
});

describe('protect / restore', () => {
  it('gives the same expression the same placeholder, so duplicate hrefs stay recognisable', () => {
    const shield = protect('<a href="{{url}}">{{ url }}</a> {{name}}');
    const k = shield.key;
    expect(shield.text).toBe(`<a href="mshb${k}0x">mshb${k}0x</a> mshb${k}1x`);
    expect(shield.tokens).toEqual(['{{url}}', '{{name}}']);
    expect(restore(shield.text, shield)).toBe('<a href="{{url}}">{{url}}</a> {{name}}');
  });

  it('keeps only ASCII letters and digits in placeholders and restores them case-insensitively', () => {
    const shield = protect('{{formatPrice total "CNY"}}');
    expect(shield.text).toMatch(/^[a-z0-9]+$/);
    expect(restore(shield.text.toUpperCase(), shield)).toBe('{{formatPrice total "CNY"}}');
  });

  it('drops comments but keeps their newlines, so line numbers do not move', () => {
    const { text } = protect('a\n{{!-- one\ntwo --}}\nb');
    expect(text).toBe('a\n\n\nb');
  });

  it('wraps mustaches between MJML components in mj-raw, not those inside ending tags or attributes', () => {
    const src = [
      '<mjml><mj-body>',
      '{{#if coupon}}',
      '<mj-section><mj-column>',
      '{{#each notes}}<mj-text>{{#if x}}{{this}}{{/if}}</mj-text>{{/each}}',
      '<mj-button href="{{url}}">Go</mj-button>',
      '<mj-table>{{#each rows}}<tr><td>{{a}}</td></tr>{{/each}}</mj-table>',
      '<mj-image src="{{img}}" />',
      '</mj-column></mj-section>',
      '{{/if}}',
      '</mj-body></mjml>',
    ].join('\n');
    const shield = protect(src, { mjml: true });
    const { text } = shield;
    const shown = restore(text, shield);
    expect(shown).toContain('<mj-raw>{{#if coupon}}</mj-raw>');
    expect(shown).toContain('<mj-raw>{{/if}}</mj-raw>\n</mj-body>');
    expect(shown).toContain(
      '<mj-raw>{{#each notes}}</mj-raw><mj-text>{{#if x}}{{this}}{{/if}}</mj-text><mj-raw>{{/each}}</mj-raw>',
    );
    expect(shown).toContain('<mj-button href="{{url}}">Go</mj-button>');
    expect(shown).toContain('<mj-table>{{#each rows}}<tr><td>{{a}}</td></tr>{{/each}}</mj-table>');
    expect(shown).toContain('<mj-image src="{{img}}" />');
    expect(text.split('\n')).toHaveLength(src.split('\n').length);
  });

  it('leaves mustaches outside MJML containers bare (plain HTML needs no mj-raw)', () => {
    const { text, key } = protect('<p>{{#if a}}x{{/if}}</p>', { mjml: true });
    expect(text).toBe(`<p>mshb${key}0xxmshb${key}1x</p>`);
  });

  it('reports placeholders left in a string', () => {
    const { text } = protect('x {{a}} y');
    expect(hasPlaceholder(text)).toBe(true);
    expect(hasPlaceholder('x mshbx y')).toBe(false);
  });

  it('never mistakes author text for a placeholder (a coupon code MSHB0X-2025 stays as written)', () => {
    const src = 'Code MSHB0X-2025, mshb1x and mshbab0x {{a}} {{b}}';
    const shield = protect(src);
    expect(restore(shield.text, shield)).toBe(src);
  });

  it('draws a fresh key per compile, never one that occurs in the source', () => {
    const a = protect('{{x}}');
    const b = protect('{{x}}');
    expect(a.key).toMatch(/^[a-z]{8}$/);
    expect(a.key).not.toBe(b.key);
    const src = `mshb${a.key}0x {{x}}`;
    for (let i = 0; i < 20; i++) expect(protect(src).key).not.toBe(a.key);
  });
});
