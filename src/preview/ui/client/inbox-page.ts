/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/** The dev Inbox: captured messages, live, with HTML, text, source, headers and attachments of each. */
import { $, ago, api, h, icon, kb, tabs } from './dom.js';
import { bus, meta } from './live.js';

interface MessageSummary {
  id: string;
  from?: string;
  envelope: { from: string };
  to: string[];
  subject?: string;
  receivedAt: string;
  attachments: number;
}

interface MessageDetail {
  subject?: string;
  from: string;
  to: string;
  cc?: string;
  date?: string;
  html?: string;
  text?: string;
  headers: { key: string; line: string }[];
  attachments: { index: number; filename: string; contentType: string; size: number; inline?: boolean }[];
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

export async function inboxPage(initialId: string | null): Promise<void> {
  const main = $('#main');
  let selected = initialId;
  let messages: MessageSummary[] = [];
  const list = h('ul', { class: 'msg-list', id: 'inbox-list' });
  const detail = h('section', { class: 'panel', id: 'message' });
  const count = h('p', { class: 'sub', id: 'inbox-count' });
  const clearBtn = h(
    'button',
    {
      type: 'button',
      class: 'btn',
      id: 'inbox-clear',
      onclick: async () => {
        if (confirm('Delete every captured message?')) await api('DELETE', '/api/inbox');
      },
    },
    'Clear all',
  );
  main.replaceChildren(
    h('div', { class: 'page-head' }, h('div', null, h('h1', null, 'Inbox'), count), clearBtn),
    h('div', { class: 'inbox' }, h('section', { class: 'panel' }, list), detail),
  );

  async function refresh(): Promise<void> {
    messages = (await api('GET', '/api/inbox')).messages;
    const smtp = meta.inbox?.smtp ? ` · SMTP ${meta.inbox.smtp}` : '';
    count.textContent = `${messages.length} message${messages.length === 1 ? '' : 's'} (keeps the newest ${meta.inbox?.max})${smtp}`;
    list.replaceChildren(
      ...messages.map((m) =>
        h(
          'li',
          null,
          h(
            'a',
            {
              href: `/inbox/${m.id}`,
              'data-id': m.id,
              class: m.id === selected ? 'active' : null,
              onclick: (e: Event) => {
                e.preventDefault();
                open(m.id);
              },
            },
            h(
              'div',
              { class: 'msg-top' },
              h('span', { class: 'msg-from' }, m.from || m.envelope.from),
              h('span', null, ago(m.receivedAt)),
            ),
            h(
              'div',
              { class: 'msg-subject' },
              m.subject || '(no subject)',
              m.attachments ? [' ', icon('clip')] : null,
            ),
            h('div', { class: 'msg-to' }, `to ${m.to.join(', ')}`),
          ),
        ),
      ),
    );
    if (!messages.length) {
      list.replaceChildren(
        h('li', { class: 'empty' }, 'Nothing captured yet. Point your app at the SMTP address above.'),
      );
    }
    if (selected && !messages.some((m) => m.id === selected)) selected = null;
    if (!selected)
      detail.replaceChildren(
        h('div', { class: 'empty' }, messages.length ? 'Select a message' : 'No messages yet'),
      );
  }

  async function open(id: string): Promise<void> {
    selected = id;
    history.replaceState(null, '', `/inbox/${id}`);
    for (const a of list.querySelectorAll('a')) a.classList.toggle('active', a.dataset.id === id);
    const m = (await api('GET', `/api/inbox/${id}`)) as MessageDetail;
    const frame = h('iframe', {
      class: 'msg-frame',
      id: 'message-frame',
      title: 'Message HTML',
      sandbox: 'allow-popups allow-popups-to-escape-sandbox',
      referrerpolicy: 'no-referrer',
    });
    frame.srcdoc = m.html
      ? `<base target="_blank">${m.html}`
      : `<pre style="font:13px/1.5 monospace;white-space:pre-wrap;padding:16px">${(m.text || '').replace(/[&<>]/g, (c) => ESCAPES[c]!)}</pre>`;
    const source = h('pre', { class: 'code', id: 'message-source' }, 'Loading…');
    const views: Record<string, HTMLElement> = {
      html: frame,
      text: h('pre', { class: 'code light', id: 'message-text' }, m.text || '(no text part)'),
      source,
      headers: h(
        'table',
        { class: 'headers', id: 'message-headers' },
        h(
          'tbody',
          null,
          m.headers.map((x) =>
            h('tr', null, h('td', null, x.key), h('td', null, x.line.slice(x.line.indexOf(':') + 1).trim())),
          ),
        ),
      ),
      attachments: m.attachments.length
        ? h(
            'ul',
            { class: 'attach-list', id: 'message-attachments' },
            m.attachments.map((a) =>
              h(
                'li',
                null,
                h(
                  'a',
                  { href: `/api/inbox/${id}/attachments/${a.index}`, target: '_blank', rel: 'noopener' },
                  icon('clip'),
                  h('strong', null, a.filename),
                  h(
                    'span',
                    { class: 'muted' },
                    `${a.contentType} · ${kb(a.size)}${a.inline ? ' · inline' : ''}`,
                  ),
                ),
              ),
            ),
          )
        : h('div', { class: 'empty', id: 'message-attachments' }, 'No attachments'),
    };
    let sourceLoaded = false;
    const bar = tabs(
      [
        ['html', 'HTML'],
        ['text', 'Text'],
        ['source', 'Source'],
        ['headers', 'Headers'],
        ['attachments', `Attachments (${m.attachments.length})`],
      ],
      (t) => {
        for (const [k, el] of Object.entries(views)) el.hidden = k !== t;
        if (t === 'source' && !sourceLoaded) {
          sourceLoaded = true;
          fetch(`/api/inbox/${id}/raw`)
            .then((r) => r.text())
            .then((s) => {
              source.textContent = s;
            });
        }
      },
    );
    const del = h(
      'button',
      { type: 'button', class: 'btn', onclick: () => api('DELETE', `/api/inbox/${id}`) },
      'Delete',
    );
    detail.replaceChildren(
      h(
        'div',
        null,
        h(
          'div',
          { class: 'msg-head' },
          h(
            'div',
            { style: 'display:flex;justify-content:space-between;gap:10px' },
            h('h2', { id: 'message-subject' }, m.subject || '(no subject)'),
            h('div', null, del),
          ),
          h(
            'dl',
            { class: 'msg-meta' },
            h('dt', null, 'From'),
            h('dd', null, m.from),
            h('dt', null, 'To'),
            h('dd', null, m.to),
            m.cc ? [h('dt', null, 'Cc'), h('dd', null, m.cc)] : null,
            h('dt', null, 'Date'),
            h('dd', null, m.date ? new Date(m.date).toLocaleString() : ''),
          ),
        ),
        bar.el,
        Object.values(views),
      ),
    );
    bar.select(m.html ? 'html' : 'text');
  }

  bus.addEventListener('inbox', () => refresh());
  await refresh();
  if (selected) await open(selected);
}
