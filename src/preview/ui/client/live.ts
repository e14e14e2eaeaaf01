/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/** Live events, the server's meta and the sidebar: state every page shares. */
import { $, api, enc, h, icon } from './dom.js';

/** Live events from the server, re-dispatched to whichever page is mounted. */
export const bus = new EventTarget();

/** What /api/meta says: the dev inbox, when there is one. */
export const meta: { inbox: { dir: string; max: number; smtp?: string } | null } = { inbox: null };

export async function loadMeta(): Promise<void> {
  Object.assign(meta, await api('GET', '/api/meta'));
}

export function connect(): void {
  const status = $('#live-status');
  const es = new EventSource('/events');
  es.onopen = () => {
    status.className = 'live on';
    status.textContent = 'Live reload on';
    document.documentElement.dataset.live = 'on';
  };
  es.onerror = () => {
    status.className = 'live off';
    status.textContent = 'Reconnecting…';
    document.documentElement.dataset.live = 'off';
  };
  for (const type of ['change', 'inbox']) {
    es.addEventListener(type, (e) =>
      bus.dispatchEvent(new CustomEvent(type, { detail: JSON.parse((e as MessageEvent).data) })),
    );
  }
}

/** A template as /api/templates lists it. */
export interface TemplateSummary {
  name: string;
  ok: boolean;
  subject?: string;
  scenarios: string[];
  error: { code?: string; message: string };
}

export async function sidebar(): Promise<TemplateSummary[]> {
  const { templates } = (await api('GET', '/api/templates')) as { templates: TemplateSummary[] };
  const here = location.pathname;
  $('#nav-templates').replaceChildren(
    ...templates.map((t) =>
      h(
        'li',
        null,
        h(
          'a',
          {
            href: `/t/${enc(t.name)}`,
            class: here === `/t/${enc(t.name)}` ? 'active' : null,
            title: t.ok ? t.subject : t.error.message,
          },
          h('span', { class: t.ok ? 'dot' : 'dot bad', 'aria-label': t.ok ? 'ok' : 'error' }),
          t.name,
        ),
      ),
    ),
  );
  await inboxNav();
  return templates;
}

/** Only the inbox entry is redrawn when mail arrives: bursts of captured mail must not re-render templates. */
export async function inboxNav(): Promise<void> {
  if (!meta.inbox) return;
  const { messages } = (await api('GET', '/api/inbox')) as { messages: unknown[] };
  $('#nav-inbox').replaceChildren(
    h('div', { class: 'nav-label' }, 'Dev inbox'),
    h(
      'ul',
      { class: 'nav-list' },
      h(
        'li',
        null,
        h(
          'a',
          {
            href: '/inbox',
            id: 'nav-inbox-link',
            class: location.pathname.startsWith('/inbox') ? 'active' : null,
          },
          icon('inbox'),
          'Inbox',
          messages.length ? h('span', { class: 'count' }, messages.length) : null,
        ),
      ),
    ),
  );
}
