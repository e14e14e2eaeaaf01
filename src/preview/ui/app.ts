import { CORE_JS } from './client/core.js';
import { INBOX_JS } from './client/inbox-page.js';
import { INDEX_JS } from './client/index-page.js';
import { TEMPLATE_JS } from './client/template-page.js';

const BOOT_JS = String.raw`
async function boot() {
  meta = await api('GET', '/api/meta');
  connect();
  const path = location.pathname;
  let m;
  if ((m = /^\/t\/([^/]+)$/.exec(path))) {
    await sidebar();
    await templatePage(decodeURIComponent(m[1]));
  } else if ((m = /^\/inbox(?:\/([\w-]+))?$/.exec(path))) {
    await sidebar();
    await inboxPage(m[1] || null);
  } else {
    await indexPage();
  }
  bus.addEventListener('change', () => sidebar());
  bus.addEventListener('inbox', () => inboxNav());
  document.documentElement.dataset.ready = 'true';
}
boot().catch((e) => {
  $('#main').replaceChildren(h('div', { class: 'error-panel' }, h('div', { class: 'error-head' }, 'The preview failed to load'), h('pre', { class: 'error-message' }, String(e && e.message || e))));
});
`;

/** The client script (served as /assets/app.js): plain browser JavaScript, one module, no build step. */
export const APP_JS = [CORE_JS, INDEX_JS, TEMPLATE_JS, INBOX_JS, BOOT_JS].join('\n');
