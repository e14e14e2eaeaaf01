/// <reference lib="dom" />
/** The index: a card per template with a thumbnail, its rendered subject, and a red mark when it fails. */
import { $, api, enc, h, icon } from './dom.js';
import { bus, sidebar, type TemplateSummary } from './live.js';

export async function indexPage(): Promise<void> {
  const main = $('#main');
  function draw(templates: TemplateSummary[]): void {
    const failing = templates.filter((t) => !t.ok).length;
    const cards = templates.map((t) => {
      const thumb = h('div', { class: 'thumb' });
      if (t.ok) {
        const frame = h('iframe', { sandbox: '', tabindex: '-1', 'aria-hidden': 'true', loading: 'lazy' });
        thumb.append(frame);
        api('POST', `/api/templates/${enc(t.name)}/render`, {}).then(
          (r) => {
            if (r.ok) frame.srcdoc = r.frame;
          },
          () => {},
        );
      } else {
        thumb.append(h('div', { class: 'thumb-error' }, h('span', null, icon('alert'), ' Fails to render')));
      }
      return h(
        'a',
        { class: t.ok ? 'card' : 'card bad', href: `/t/${enc(t.name)}`, 'data-template': t.name },
        thumb,
        h(
          'div',
          { class: 'card-body' },
          h(
            'div',
            { class: 'card-title' },
            h('span', { class: t.ok ? 'dot' : 'dot bad', 'aria-label': t.ok ? 'ok' : 'error' }),
            t.name,
            t.scenarios.length > 1
              ? h('span', { class: 'pill', style: 'margin-left:auto' }, `${t.scenarios.length} scenarios`)
              : null,
          ),
          t.ok
            ? h('div', { class: 'card-subject' }, t.subject)
            : h('div', { class: 'card-error' }, (t.error.code ? `${t.error.code}: ` : '') + t.error.message),
        ),
      );
    });
    main.replaceChildren(
      h(
        'div',
        { class: 'page-head' },
        h(
          'div',
          null,
          h('h1', null, 'Templates'),
          h(
            'p',
            { class: 'sub' },
            `${templates.length} template${templates.length === 1 ? '' : 's'}${failing ? ' · ' : ''}`,
            failing ? h('span', { class: 'pill red' }, `${failing} failing`) : null,
          ),
        ),
      ),
      templates.length
        ? h('div', { class: 'grid', id: 'template-grid' }, cards)
        : h(
            'div',
            { class: 'empty panel' },
            'No templates yet. Create templates/<name>/html.mjml and subject.hbs.',
          ),
    );
  }
  bus.addEventListener('change', async () => draw((await api('GET', '/api/templates')).templates));
  draw(await sidebar());
}
