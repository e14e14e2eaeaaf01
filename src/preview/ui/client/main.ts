/// <reference lib="dom" />
/**
 * The preview app's browser entry, bundled by esbuild into `assets/app.js` (scripts/bundle-preview.mjs):
 * picks the page from the path, keeps the sidebar and the inbox entry live.
 */
import { $, h } from './dom.js';
import { inboxPage } from './inbox-page.js';
import { indexPage } from './index-page.js';
import { bus, connect, inboxNav, loadMeta, sidebar } from './live.js';
import { templatePage } from './template-page.js';

async function boot(): Promise<void> {
  await loadMeta();
  connect();
  const path = location.pathname;
  const template = /^\/t\/([^/]+)$/.exec(path);
  const inbox = /^\/inbox(?:\/([\w-]+))?$/.exec(path);
  if (template) {
    await sidebar();
    await templatePage(decodeURIComponent(template[1]!));
  } else if (inbox) {
    await sidebar();
    await inboxPage(inbox[1] ?? null);
  } else {
    await indexPage();
  }
  bus.addEventListener('change', () => sidebar());
  bus.addEventListener('inbox', () => inboxNav());
  document.documentElement.dataset.ready = 'true';
}

boot().catch((e: unknown) => {
  $('#main').replaceChildren(
    h(
      'div',
      { class: 'error-panel' },
      h('div', { class: 'error-head' }, 'The preview failed to load'),
      h('pre', { class: 'error-message' }, String((e as Error)?.message || e)),
    ),
  );
});
