import { describe, expect, it } from 'vitest';
import { inlineCss } from '../../src/render/inline.js';

const page = `<html><head><style>
.note { color: #ff0000; }
.unused { color: blue; }
@media only screen and (max-width: 480px) { .note { font-size: 20px !important; } }
</style></head><body><p class="note">Hi mshb0x</p><a href="mshb1x" style="margin:0">x</a></body></html>`;

describe('inlineCss', () => {
  const html = inlineCss(page);

  it('inlines rules into style attributes', () => {
    expect(html).toMatch(/<p class="note" style="color: #ff0000;">/);
  });

  it('keeps media queries (responsiveness) and drops rules it inlined', () => {
    expect(html).toContain('@media only screen and (max-width: 480px)');
    expect(html).toContain('font-size: 20px !important');
    expect(html).not.toMatch(/^\.note \{\s*color/m);
  });

  it('leaves placeholders untouched', () => {
    expect(html).toContain('Hi mshb0x');
    expect(html).toContain('href="mshb1x"');
  });
});
