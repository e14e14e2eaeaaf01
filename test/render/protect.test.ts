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
    const { text, tokens } = protect('<a href="{{url}}">{{ url }}</a> {{name}}');
    expect(text).toBe('<a href="mshb0x">mshb0x</a> mshb1x');
    expect(tokens).toEqual(['{{url}}', '{{name}}']);
    expect(restore(text, tokens)).toBe('<a href="{{url}}">{{url}}</a> {{name}}');
  });

  it('keeps only ASCII letters and digits in placeholders and restores them case-insensitively', () => {
    const { text, tokens } = protect('{{formatPrice total "CNY"}}');
    expect(text).toMatch(/^[a-z0-9]+$/);
    expect(restore(text.toUpperCase(), tokens)).toBe('{{formatPrice total "CNY"}}');
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
    const { text, tokens } = protect(src, { mjml: true });
    const shown = restore(text, tokens);
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
    expect(protect('<p>{{#if a}}x{{/if}}</p>', { mjml: true }).text).toBe('<p>mshb0xxmshb1x</p>');
  });

  it('reports placeholders left in a string', () => {
    expect(hasPlaceholder('x mshb12x y')).toBe(true);
    expect(hasPlaceholder('x mshbx y')).toBe(false);
  });
});
