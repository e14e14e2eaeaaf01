import juice from 'juice';

/**
 * Inlines CSS into `style=` attributes at compile time (clients such as older Outlook and some
 * webmail ignore `<style>`). Style blocks stay too: their media queries are what make the layout
 * responsive, and client-specific selectors (`.moz-text-html …`) match nothing at inlining time.
 */
export function inlineCss(html: string): string {
  return juice(html, {
    removeStyleTags: false,
    removeInlinedSelectors: true,
    preserveMediaQueries: true,
    preserveFontFaces: true,
    preserveImportant: true,
    applyWidthAttributes: true,
    applyHeightAttributes: true,
  });
}
