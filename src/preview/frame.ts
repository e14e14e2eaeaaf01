/** How dark mode is emulated for a render. */
export type DarkMode = 'off' | 'media' | 'inverted';

const DARK_QUERY = /prefers-color-scheme\s*:\s*dark/gi;
const LIGHT_QUERY = /prefers-color-scheme\s*:\s*light/gi;

/**
 * Prepares rendered HTML for the sandboxed preview iframe: relative URLs resolve to the template's own
 * folder (`/files/<name>/`), links open in a new tab, and dark mode is emulated.
 *
 * An iframe cannot be given its own `prefers-color-scheme`, so dark emulation rewrites the template's
 * `(prefers-color-scheme: dark)` queries to always match. Templates without dark styles get the forced
 * colour inversion that Gmail's and Outlook's apps apply, with images flipped back.
 */
export function frameHtml(html: string, name: string, dark: boolean): { html: string; darkMode: DarkMode } {
  let out = html;
  let darkMode: DarkMode = 'off';
  let style = '';
  if (dark) {
    if (/prefers-color-scheme\s*:\s*dark/i.test(html)) {
      darkMode = 'media';
      out = out.replace(DARK_QUERY, 'min-width: 0px').replace(LIGHT_QUERY, 'max-width: 0px');
      style = ':root{color-scheme:dark}';
    } else {
      darkMode = 'inverted';
      style =
        'html{filter:invert(1) hue-rotate(180deg);background:#fff}' +
        'img,picture,video,[style*="background-image"]{filter:invert(1) hue-rotate(180deg)}';
    }
  }
  const head =
    `<base href="/files/${encodeURIComponent(name)}/" target="_blank">` +
    (style ? `<style data-mailsmith-dark>${style}</style>` : '');
  const at = out.search(/<head(\s[^>]*)?>/i);
  if (at >= 0) {
    const end = out.indexOf('>', at) + 1;
    out = out.slice(0, end) + head + out.slice(end);
  } else {
    out = head + out;
  }
  return { html: out, darkMode };
}
