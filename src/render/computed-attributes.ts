/**
 * Attributes MJML computes with when it compiles (widths it divides, paddings it subtracts, enums it
 * branches on), per component. A Handlebars placeholder there reaches MJML as text such as `mshb0x`
 * and comes out as `NaN` or a default width, so the compile refuses it. Found by compiling each
 * attribute of each MJML 5 component once with a value and once with a placeholder later replaced by
 * that value: where the two differ, MJML did more than copy. `test/render/computed-attributes.test.ts`
 * repeats that probe, so an MJML upgrade that changes the list fails the tests.
 */
export const COMPUTED_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  'mj-body': ['width'],
  'mj-button': ['width'],
  'mj-carousel': ['icon-width', 'tb-width', 'thumbnails'],
  'mj-column': ['width'],
  'mj-divider': ['align', 'padding', 'padding-left', 'padding-right', 'width'],
  'mj-group': ['width'],
  'mj-hero': ['height', 'padding', 'padding-bottom', 'padding-left', 'padding-right', 'padding-top'],
  'mj-image': ['height', 'padding', 'padding-left', 'padding-right', 'width'],
  'mj-section': ['full-width', 'gutter', 'padding', 'padding-left', 'padding-right'],
  'mj-social': ['icon-size', 'mode'],
  'mj-social-element': ['icon-position', 'icon-size'],
  'mj-table': ['cellspacing', 'width'],
  'mj-wrapper': ['full-width', 'padding', 'padding-left', 'padding-right'],
};
