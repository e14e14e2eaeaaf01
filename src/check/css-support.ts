import { doIUseEmail } from '@jsx-email/doiuse-email';
import mjml2html from 'mjml';
import { describeClients } from './clients.js';

/** Clients checked by default: the ones most recipients read mail in. */
export const DEFAULT_CLIENTS = ['gmail.*', 'outlook.*', 'apple-mail.*', 'yahoo.*'];

/** A feature (CSS property, selector, HTML element) some clients do not support at all. */
export interface UnsupportedFeature {
  feature: string;
  /** caniemail client ids, e.g. `outlook.windows`. */
  clients: string[];
  message: string;
}

const NOT_SUPPORTED = /^`(.+)` is not supported by `(.+)`$/;

function unsupported(html: string, clients: string[]): Map<string, string[]> {
  const result = doIUseEmail(html, { emailClients: clients });
  const byFeature = new Map<string, string[]>();
  if (result.success) return byFeature;
  for (const line of result.errors) {
    const match = NOT_SUPPORTED.exec(line);
    if (!match) continue;
    const [, feature = '', client = ''] = match;
    const list = byFeature.get(feature) ?? [];
    if (!list.includes(client)) list.push(client);
    byFeature.set(feature, list);
  }
  return byFeature;
}

/**
 * Properties doiuse-email has no data for but that break in clients people use: `gap` (and
 * `row-gap`, `column-gap`) is ignored by Outlook on Windows, whose Word engine knows no flex or grid,
 * so items meant to be spaced touch.
 */
const EXTRA: { feature: string; pattern: RegExp; clients: string[] }[] = [
  {
    feature: 'gap',
    pattern: /(?:^|[\s;{"'])(?:row-|column-)?gap\s*:/i,
    clients: ['outlook.windows', 'outlook.windows-mail'],
  },
];

function missingFromCaniemail(html: string, clients: string[]): [string, string[]][] {
  const wanted = clients.map((glob) => new RegExp(`^${glob.replace(/\./g, '\\.').replace(/\*/g, '.*')}$`));
  return EXTRA.filter((extra) => extra.pattern.test(html))
    .map((extra): [string, string[]] => [
      extra.feature,
      extra.clients.filter((id) => wanted.some((w) => w.test(id))),
    ])
    .filter(([, ids]) => ids.length > 0);
}

// What MJML itself emits for its common components (the <body> element, class selectors, media
// queries of responsive columns, the button's border-radius, the hidden preheader, the title's
// aria-label): reporting it would bury the findings the author can act on, and MJML already ships
// the client fallbacks for it.
const BASELINE_MJML = `<mjml><mj-head><mj-title>t</mj-title><mj-preview>p</mj-preview></mj-head>
<mj-body><mj-section><mj-column><mj-table><tr><td>t</td></tr></mj-table>
<mj-image src="https://example.com/a.png" href="https://example.com" alt="a"></mj-image>
<mj-text>x</mj-text><mj-button href="https://example.com">b</mj-button><mj-divider></mj-divider>
<mj-spacer></mj-spacer></mj-column><mj-column><mj-text>y</mj-text></mj-column></mj-section></mj-body></mjml>`;

const baselines = new Map<string, Promise<Set<string>>>();
function baseline(clients: string[]): Promise<Set<string>> {
  const key = clients.join('\n');
  let found = baselines.get(key);
  if (!found) {
    found = mjml2html(BASELINE_MJML).then(({ html }) => new Set(unsupported(html, clients).keys()));
    baselines.set(key, found);
  }
  return found;
}

/**
 * CSS and HTML features of rendered HTML that some of `clients` do not support at all, per the
 * caniemail data in `@jsx-email/doiuse-email`; what an empty MJML email already uses is left out.
 *
 * @example
 * await unsupportedFeatures('<div style="display:grid">', ['gmail.*']);
 * // [{ feature: 'display:grid', clients: ['gmail.desktop-webmail', …], message: '`display:grid` is not supported by Gmail (webmail, …)' }]
 */
export async function unsupportedFeatures(
  html: string,
  clients: string[] = DEFAULT_CLIENTS,
): Promise<UnsupportedFeature[]> {
  const ignore = await baseline(clients);
  return [...unsupported(html, clients), ...missingFromCaniemail(html, clients)]
    .filter(([feature]) => !ignore.has(feature))
    .map(([feature, ids]) => ({
      feature,
      clients: ids,
      message: `\`${feature}\` is not supported by ${describeClients(ids)}`,
    }));
}
