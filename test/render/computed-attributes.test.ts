import mjml2html from 'mjml';
import { describe, expect, it } from 'vitest';
import { COMPUTED_ATTRIBUTES } from '../../src/render/computed-attributes.js';

// The probe behind the table: compile each attribute once with a value and once with a placeholder
// replaced by that value afterwards. Where the two differ, MJML computed with it. Carousels are left
// out: they stamp random ids, so two compiles never match.
const CONTENT = new Set(['mj-text', 'mj-button', 'mj-table', 'mj-navbar-link', 'mj-social-element']);
const SKIP = new Set([
  'mj-carousel',
  'mj-carousel-image',
  'mj-accordion-element',
  'mj-accordion-title',
  'mj-accordion-text',
]);
const HEAD = new Set([
  'mj-attributes',
  'mj-breakpoint',
  'mj-font',
  'mj-head',
  'mj-html-attributes',
  'mj-preview',
  'mj-raw',
  'mj-style',
  'mj-title',
]);

function sample(type: string): string {
  if (type.startsWith('unit')) return type.includes('px') ? '37px' : '37%';
  if (type.startsWith('enum')) return type.slice(5, -1).split(',')[0] ?? '';
  if (type === 'color') return '#123456';
  if (type === 'integer') return '37';
  if (type === 'boolean') return 'true';
  return 'zq37';
}

/** A minimal document holding one `tag` with one attribute, in a parent MJML accepts. */
function documentWith(tag: string, attribute: string): string {
  const leaf = '<mj-text>x</mj-text>';
  const el = (inner: string) => `<${tag} ${attribute}>${inner}</${tag}>`;
  const column = (inner: string) => `<mj-section><mj-column>${inner}</mj-column></mj-section>`;
  const body = (inner: string, attrs = '') => `<mjml><mj-body${attrs}>${inner}</mj-body></mjml>`;
  switch (tag) {
    case 'mj-body':
      return `<mjml><mj-body ${attribute}>${column(leaf)}</mj-body></mjml>`;
    case 'mj-section':
      return body(el(`<mj-column>${leaf}</mj-column>`));
    case 'mj-wrapper':
      return body(el(column(leaf)));
    case 'mj-hero':
      return body(el(leaf));
    case 'mj-column':
      return body(`<mj-section>${el(leaf)}</mj-section>`);
    case 'mj-group':
      return body(`<mj-section>${el(`<mj-column>${leaf}</mj-column>`)}</mj-section>`);
    case 'mj-navbar-link':
      return body(column(`<mj-navbar>${el('link')}</mj-navbar>`));
    case 'mj-social-element':
      return body(column(`<mj-social>${el('share')}</mj-social>`));
    case 'mj-navbar':
      return body(column(el('<mj-navbar-link href="/">a</mj-navbar-link>')));
    case 'mj-social':
      return body(column(el('<mj-social-element name="github">gh</mj-social-element>')));
    case 'mj-accordion':
      return body(
        column(
          el(
            '<mj-accordion-element><mj-accordion-title>t</mj-accordion-title><mj-accordion-text>b</mj-accordion-text></mj-accordion-element>',
          ),
        ),
      );
    default:
      return body(column(el(CONTENT.has(tag) ? 'content' : '')));
  }
}

describe('COMPUTED_ATTRIBUTES', () => {
  it('lists exactly the attributes MJML 5 computes with (probe of every component but carousels)', async () => {
    type Components = Record<string, { allowedAttributes?: Record<string, string> }>;
    const core = (await import('mjml-core')) as unknown as {
      components?: Components;
      default?: { components: Components };
    };
    const components = core.components ?? core.default?.components ?? {};
    expect(Object.keys(components)).toContain('mj-column');
    const found: Record<string, string[]> = {};
    for (const [tag, component] of Object.entries(components)) {
      if (SKIP.has(tag) || HEAD.has(tag)) continue;
      for (const [attribute, type] of Object.entries(component.allowedAttributes ?? {})) {
        const value = sample(type);
        const direct = await mjml2html(documentWith(tag, `${attribute}="${value}"`), {
          validationLevel: 'skip',
        });
        const later = await mjml2html(documentWith(tag, `${attribute}="mshb0x"`), {
          validationLevel: 'skip',
        });
        if (direct.html !== later.html.replaceAll('mshb0x', value)) {
          found[tag] = [...(found[tag] ?? []), attribute];
        }
      }
    }
    const expected = Object.fromEntries(
      Object.entries(COMPUTED_ATTRIBUTES)
        .filter(([tag]) => !SKIP.has(tag))
        .map(([tag, list]) => [tag, [...list].sort()]),
    );
    const actual = Object.fromEntries(Object.entries(found).map(([tag, list]) => [tag, list.sort()]));
    expect(actual).toEqual(expected);
  }, 60_000);
});
