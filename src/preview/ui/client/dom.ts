/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/** Client helpers: DOM builder, JSON API, icons, tabs, the error panel. No framework. */

export type Child = Node | string | number | null | undefined | false | Child[];
export type Attrs = Record<string, unknown> | null;

/** A typed error as the server sends it (a MailerError's JSON). */
export interface ErrorInfo {
  name: string;
  message: string;
  code?: string;
  file?: string;
  line?: number;
  hint?: string;
  issues?: { path: string; message: string }[];
}

export const $ = (selector: string, root: ParentNode = document): HTMLElement =>
  root.querySelector(selector) as HTMLElement;
export const enc = encodeURIComponent;

/** Builds elements with text nodes only, so rendered values can never inject markup into the app. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs?: Attrs,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') el.className = String(v);
    else if (k === 'text') el.textContent = String(v);
    else if (k.startsWith('on')) el.addEventListener(k.slice(2), v as EventListener);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of (children as unknown[]).flat(Number.POSITIVE_INFINITY)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : String(c));
  }
  return el;
}

/** A JSON request to the preview server; a non-2xx answer throws with the server's message. */
// biome-ignore lint/suspicious/noExplicitAny: API answers are plain JSON read field by field.
export async function api(method: string, path: string, body?: unknown): Promise<any> {
  const init: RequestInit = { method, headers: {} };
  if (body !== undefined) {
    init.headers = { 'content-type': 'application/json' };
    init.body = JSON.stringify(body);
  }
  const res = await fetch(path, init);
  const json = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(json.error?.message || `${res.status} ${res.statusText}`);
  return json;
}

/** Inline SVG icons (stroke paths from the Lucide set, ISC): headless and minimal systems lack emoji fonts. */
const ICONS = {
  desktop: '<rect x="2" y="3" width="20" height="14" rx="2"/><path d="M8 21h8M12 17v4"/>',
  mobile: '<rect x="6" y="2" width="12" height="20" rx="2"/><path d="M11 18h2"/>',
  moon: '<path d="M12 3a6 6 0 0 0 9 9 9 9 0 1 1-9-9Z"/>',
  inbox:
    '<path d="M22 12h-6l-2 3h-4l-2-3H2"/><path d="M5.45 5.11 2 12v6a2 2 0 0 0 2 2h16a2 2 0 0 0 2-2v-6l-3.45-6.89A2 2 0 0 0 16.76 4H7.24a2 2 0 0 0-1.79 1.11z"/>',
  clip: '<path d="m21.44 11.05-9.19 9.19a6 6 0 0 1-8.49-8.49l8.57-8.57A4 4 0 1 1 18 8.84l-8.59 8.57a2 2 0 0 1-2.83-2.83l8.49-8.48"/>',
  alert:
    '<path d="m21.73 18-8-14a2 2 0 0 0-3.48 0l-8 14A2 2 0 0 0 4 21h16a2 2 0 0 0 1.73-3Z"/><path d="M12 9v4M12 17h.01"/>',
  check: '<path d="M20 6 9 17l-5-5"/>',
  send: '<path d="m22 2-7 20-4-9-9-4Z"/><path d="M22 2 11 13"/>',
};
export type IconName = keyof typeof ICONS;

export function icon(name: IconName): SVGSVGElement {
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('fill', 'none');
  svg.setAttribute('stroke', 'currentColor');
  svg.setAttribute('stroke-width', '2');
  svg.setAttribute('stroke-linecap', 'round');
  svg.setAttribute('stroke-linejoin', 'round');
  svg.setAttribute('class', 'icon');
  svg.setAttribute('aria-hidden', 'true');
  svg.innerHTML = ICONS[name];
  return svg;
}

export const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

export function ago(iso: string): string {
  const s = Math.max(0, Math.round((Date.now() - new Date(iso).getTime()) / 1000));
  if (s < 60) return `${s}s ago`;
  if (s < 3600) return `${Math.round(s / 60)}m ago`;
  if (s < 86400) return `${Math.round(s / 3600)}h ago`;
  return new Date(iso).toLocaleDateString();
}

/** A tab bar: `select(id)` marks the tab and calls `onSelect`. */
export function tabs(
  names: [id: string, label: string][],
  onSelect: (id: string) => void,
): { el: HTMLElement; select(id: string): void } {
  const bar = h('div', { class: 'tabs', role: 'tablist' });
  const buttons = names.map(([id, label]) =>
    h(
      'button',
      { type: 'button', role: 'tab', id: `tab-${id}`, 'aria-selected': 'false', onclick: () => select(id) },
      label,
    ),
  );
  bar.append(...buttons);
  function select(id: string): void {
    for (const b of buttons) b.setAttribute('aria-selected', String(b.id === `tab-${id}`));
    onSelect(id);
  }
  return { el: bar, select };
}

/** Fills (or hides, given no error) the red panel: name, code, file:line, message, issues, hint. */
export function errorBox(el: HTMLElement, error: ErrorInfo | null | undefined): void {
  if (!error) {
    el.hidden = true;
    el.replaceChildren();
    return;
  }
  const where = error.file ? error.file + (error.line ? `:${error.line}` : '') : null;
  el.hidden = false;
  el.replaceChildren(
    ...[
      h(
        'div',
        { class: 'error-head' },
        icon('alert'),
        h('span', { class: 'error-name' }, error.name),
        error.code ? h('span', { class: 'pill red error-code' }, error.code) : null,
      ),
      where ? h('div', { class: 'error-where' }, h('code', { class: 'error-file' }, where)) : null,
      h('pre', { class: 'error-message' }, error.message),
      error.issues?.length
        ? h(
            'ul',
            { class: 'error-issues' },
            error.issues.map((i) => h('li', null, h('code', null, i.path || '(root)'), ' ', i.message)),
          )
        : null,
      error.hint ? h('p', { class: 'hint' }, error.hint) : null,
    ].filter((node) => node !== null),
  );
}
