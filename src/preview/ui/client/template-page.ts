/// <reference lib="dom" />
/** The per-template page: preview at two widths, dark mode, tabs, scenarios, data editor, send test. */
import { $, api, type ErrorInfo, enc, errorBox, h, icon, kb, tabs } from './dom.js';
import { bus } from './live.js';

interface Scenario {
  name: string;
  data: unknown;
}

interface Detail {
  error?: ErrorInfo;
  scenarios: Scenario[];
  textSource?: 'file' | 'derived';
  files?: string[];
  /** Locales with a catalog; absent when the templates have none (no switcher then). */
  locales?: string[];
  /** The default locale, selected until the switcher picks another. */
  locale?: string;
}

/** A finding of `mailsmith check`, as /api/templates/:name/check lists it. */
interface Finding {
  rule: string;
  message: string;
  file?: string;
  line?: number;
  /** Set when it showed up in a locale other than the default (a per-locale file). */
  locale?: string;
}

interface CheckAnswer {
  ok: boolean;
  errors: Finding[];
  warnings: Finding[];
}

interface RenderAnswer {
  ok: boolean;
  error?: ErrorInfo;
  frame?: string;
  subject?: string;
  text?: string;
  html?: string;
  bytes: number;
  clipped?: boolean;
  darkMode?: string;
  from?: string;
  scenario?: string;
  locale?: string;
}

export async function templatePage(name: string): Promise<void> {
  const state = {
    scenario: null as string | null,
    data: null as unknown,
    dark: false,
    // From `?locale=` so a reload (or a shared link) shows the same language.
    locale: new URLSearchParams(location.search).get('locale'),
    seq: 0,
    scenarios: [] as Scenario[],
    renders: 0,
    detail: undefined as Detail | undefined,
  };
  const main = $('#main');
  const subject = h('p', { class: 'sub', id: 'subject' }, '…');
  const scenarioSel = h('select', {
    id: 'scenario',
    'aria-label': 'Scenario',
    onchange: () => {
      state.scenario = scenarioSel.value;
      state.data = null;
      fillEditor();
      render();
    },
  });
  const localeSel = h('select', {
    id: 'locale',
    'aria-label': 'Locale',
    onchange: () => {
      state.locale = localeSel.value;
      const url = new URL(location.href);
      url.searchParams.set('locale', localeSel.value);
      history.replaceState(null, '', url);
      render();
    },
  });
  const localeLabel = h(
    'label',
    { class: 'inline', id: 'locale-switcher', hidden: true },
    'Locale',
    localeSel,
  );
  const widthBtn = (id: 'desktop' | 'mobile', label: string) =>
    h(
      'button',
      {
        type: 'button',
        id: `width-${id}`,
        'aria-pressed': String(id === 'desktop'),
        onclick: () => setWidth(id),
      },
      icon(id),
      label,
    );
  const desktopBtn = widthBtn('desktop', 'Desktop');
  const mobileBtn = widthBtn('mobile', 'Mobile');
  const darkBtn = h(
    'button',
    {
      type: 'button',
      class: 'btn',
      id: 'dark-toggle',
      'aria-pressed': 'false',
      onclick: () => {
        state.dark = !state.dark;
        darkBtn.setAttribute('aria-pressed', String(state.dark));
        render();
      },
    },
    icon('moon'),
    'Dark',
  );
  const darkNote = h('span', { class: 'pill', id: 'dark-note', hidden: true });
  const sizePill = h('span', { class: 'pill', id: 'size' });
  const errorPanel = h('div', { class: 'error-panel', id: 'error-panel', role: 'alert', hidden: true });
  const checkList = h('ul', { class: 'findings', id: 'check-findings', 'aria-live': 'polite' });
  const checkHead = h('span', { id: 'check-summary' }, 'Check');
  const frame = h('iframe', {
    id: 'preview-frame',
    title: 'Rendered email',
    sandbox: 'allow-popups allow-popups-to-escape-sandbox',
    referrerpolicy: 'no-referrer',
  });
  const device = h('div', { class: 'device desktop', id: 'device' }, frame);
  const stage = h('div', { class: 'stage', id: 'stage' }, device);
  const textOut = h('pre', { class: 'code light', id: 'text-part' });
  const sourceOut = h('pre', { class: 'code', id: 'html-source' });
  const headersOut = h('dl', { class: 'kv', id: 'headers' });
  const views: Record<string, HTMLElement> = {
    preview: stage,
    text: textOut,
    html: sourceOut,
    headers: headersOut,
  };
  const tabBar = tabs(
    [
      ['preview', 'Preview'],
      ['text', 'Text'],
      ['html', 'HTML source'],
      ['headers', 'Headers'],
    ],
    (id) => {
      for (const [k, el] of Object.entries(views)) el.hidden = k !== id;
    },
  );
  const editor = h('textarea', {
    class: 'editor',
    id: 'data-editor',
    spellcheck: 'false',
    'aria-label': 'Sample data (JSON)',
  });
  const editorStatus = h('div', { class: 'editor-status', id: 'editor-status' });
  const resetBtn = h(
    'button',
    {
      type: 'button',
      class: 'btn',
      id: 'data-reset',
      onclick: () => {
        state.data = null;
        fillEditor();
        render();
      },
    },
    'Reset',
  );
  const toInput = h('input', {
    type: 'email',
    id: 'send-to',
    name: 'to',
    required: true,
    placeholder: 'you@example.com',
    autocomplete: 'email',
  });
  const sendResult = h('div', { class: 'result', id: 'send-result', 'aria-live': 'polite' });
  const sendForm = h(
    'form',
    { class: 'send-form', id: 'send-form', method: 'post', onsubmit: send },
    toInput,
    h('button', { type: 'submit', class: 'btn primary', id: 'send-button' }, icon('send'), 'Send test'),
    sendResult,
  );

  main.replaceChildren(
    h(
      'div',
      { class: 'page-head' },
      h('div', null, h('h1', null, name), subject),
      h(
        'div',
        { class: 'toolbar', style: 'margin:0' },
        localeLabel,
        h('label', { class: 'inline' }, 'Scenario', scenarioSel),
      ),
    ),
    h(
      'div',
      { class: 'toolbar' },
      h('div', { class: 'seg', role: 'group', 'aria-label': 'Width' }, desktopBtn, mobileBtn),
      darkBtn,
      darkNote,
      h('span', { class: 'spacer' }),
      sizePill,
    ),
    errorPanel,
    h(
      'div',
      { class: 'workspace' },
      h('section', { class: 'panel' }, tabBar.el, stage, textOut, sourceOut, headersOut),
      h(
        'div',
        { class: 'side' },
        h(
          'section',
          { class: 'panel', id: 'check-panel' },
          h('div', { class: 'panel-head' }, checkHead),
          h('div', { class: 'panel-body', id: 'check-body' }, checkList),
        ),
        h(
          'section',
          { class: 'panel' },
          h('div', { class: 'panel-head' }, 'Sample data', resetBtn),
          h('div', { class: 'panel-body' }, editor, editorStatus),
        ),
        h(
          'section',
          { class: 'panel' },
          h('div', { class: 'panel-head' }, 'Send test'),
          h('div', { class: 'panel-body' }, sendForm),
        ),
      ),
    ),
  );
  tabBar.select('preview');

  function setWidth(id: 'desktop' | 'mobile'): void {
    device.className = `device ${id}`;
    desktopBtn.setAttribute('aria-pressed', String(id === 'desktop'));
    mobileBtn.setAttribute('aria-pressed', String(id === 'mobile'));
  }

  function currentScenario(): Scenario | undefined {
    return state.scenarios.find((s) => s.name === state.scenario) ?? state.scenarios[0];
  }
  function fillEditor(): void {
    const s = currentScenario();
    editor.value = JSON.stringify(s ? s.data : {}, null, 2);
    editor.classList.remove('invalid');
    editorStatus.className = 'editor-status';
    editorStatus.textContent = s ? `From preview.json › ${s.name}` : 'No preview.json: rendering with {}';
  }

  let typing: ReturnType<typeof setTimeout> | undefined;
  editor.addEventListener('input', () => {
    clearTimeout(typing);
    typing = setTimeout(() => {
      try {
        state.data = JSON.parse(editor.value);
      } catch (e) {
        editor.classList.add('invalid');
        editorStatus.className = 'editor-status bad';
        editorStatus.textContent = `Invalid JSON: ${(e as Error).message}`;
        return;
      }
      editor.classList.remove('invalid');
      editorStatus.className = 'editor-status';
      editorStatus.textContent = 'Edited: not saved to preview.json';
      render();
    }, 250);
  });

  function requestBody(extra: Record<string, unknown>): Record<string, unknown> {
    const body: Record<string, unknown> = { ...extra };
    if (state.data !== null) body.data = state.data;
    else if (state.scenario) body.scenario = state.scenario;
    return body;
  }

  async function loadDetail(): Promise<Detail> {
    const detail = (await api('GET', `/api/templates/${enc(name)}`)) as Detail;
    if (detail.error) return detail;
    state.scenarios = detail.scenarios;
    if (!state.scenarios.some((s) => s.name === state.scenario)) {
      state.scenario = state.scenarios[0]?.name ?? null;
    }
    scenarioSel.replaceChildren(
      ...state.scenarios.map((s) =>
        h('option', { value: s.name, selected: s.name === state.scenario }, s.name),
      ),
    );
    scenarioSel.disabled = state.scenarios.length < 2;
    const locales = detail.locales ?? [];
    // Only templates with catalogs get a switcher; the default locale is selected until one is picked.
    localeLabel.hidden = locales.length === 0;
    const selected = state.locale ?? detail.locale;
    localeSel.replaceChildren(...locales.map((l) => h('option', { value: l, selected: l === selected }, l)));
    if (state.data === null) fillEditor();
    state.detail = detail;
    return detail;
  }

  /** What `mailsmith check` says about this template, refreshed with every render. */
  async function loadCheck(): Promise<void> {
    let r: CheckAnswer;
    try {
      r = await api('GET', `/api/templates/${enc(name)}/check`);
    } catch (e) {
      checkHead.textContent = 'Check';
      checkList.replaceChildren(h('li', { class: 'error' }, `check failed: ${(e as Error).message}`));
      $('#check-body').hidden = false;
      return;
    }
    const item = (level: 'error' | 'warning', f: Finding) =>
      h(
        'li',
        { class: level },
        h('strong', null, `${level} [${f.rule}] `),
        f.message,
        f.file ? h('span', { class: 'where' }, ` ${f.file}${f.line ? `:${f.line}` : ''}`) : null,
        f.locale ? h('span', { class: 'where' }, ` (${f.locale})`) : null,
      );
    const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
    checkHead.textContent =
      r.errors.length + r.warnings.length === 0
        ? 'Check: no findings'
        : `Check: ${plural(r.errors.length, 'error')}, ${plural(r.warnings.length, 'warning')}`;
    checkList.replaceChildren(
      ...r.errors.map((f) => item('error', f)),
      ...r.warnings.map((f) => item('warning', f)),
    );
    $('#check-body').hidden = r.errors.length + r.warnings.length === 0;
    document.documentElement.dataset.checkState = r.ok ? 'ok' : 'error';
  }

  async function render(): Promise<void> {
    loadCheck();
    const seq = ++state.seq;
    let r: RenderAnswer;
    try {
      const query = state.locale ? `?locale=${enc(state.locale)}` : '';
      r = await api('POST', `/api/templates/${enc(name)}/render${query}`, requestBody({ dark: state.dark }));
    } catch (e) {
      r = { ok: false, bytes: 0, error: { name: 'Error', message: (e as Error).message } };
    }
    if (seq !== state.seq) return;
    errorBox(errorPanel, r.ok ? null : r.error);
    stage.classList.toggle('stale', !r.ok);
    document.documentElement.dataset.renderState = r.ok ? 'ok' : 'error';
    if (!r.ok) return;
    frame.srcdoc = r.frame ?? '';
    subject.textContent = r.subject ?? '';
    document.title = `${r.subject} · ${name} · mailsmith`;
    textOut.textContent = r.text ?? '';
    sourceOut.textContent = r.html ?? '';
    sizePill.textContent = kb(r.bytes) + (r.clipped ? ' · Gmail clips above 102 KB' : '');
    sizePill.className = r.clipped ? 'pill warn' : 'pill';
    darkNote.hidden = r.darkMode !== 'inverted';
    darkNote.textContent = 'No dark styles: forced inversion, as the Gmail and Outlook apps do';
    const d: Partial<Detail> = state.detail ?? {};
    const row = (k: string, v: Parameters<typeof h>[2], id: string) => [h('dt', null, k), h('dd', { id }, v)];
    headersOut.replaceChildren(
      ...row('Subject', r.subject, 'h-subject'),
      ...row(
        'From',
        r.from || h('span', { class: 'muted' }, 'set by the transport (MAILSMITH_FROM or the SMTP login)'),
        'h-from',
      ),
      ...row(
        'Size',
        [
          kb(r.bytes),
          ' ',
          r.clipped
            ? h(
                'span',
                { class: 'pill warn', id: 'size-warning' },
                icon('alert'),
                'over 102 KB: Gmail clips it',
              )
            : h('span', { class: 'muted' }, '(HTML part; Gmail clips above 102 KB)'),
        ],
        'h-size',
      ),
      ...(r.locale ? row('Content-Language', r.locale, 'h-locale') : []),
      ...row('Data', r.scenario ? `scenario “${r.scenario}”` : 'edited in the page', 'h-data'),
      ...row('Text part', d.textSource === 'file' ? 'text.hbs' : 'derived from the HTML', 'h-text'),
      ...row(
        'Files',
        h(
          'div',
          null,
          (d.files ?? []).map((f) => h('div', null, h('code', null, f))),
        ),
        'h-files',
      ),
    );
    if (r.locale) document.documentElement.dataset.locale = r.locale;
    document.documentElement.dataset.renders = String(++state.renders);
  }

  async function send(e: Event): Promise<void> {
    e.preventDefault();
    sendResult.className = 'result';
    sendResult.textContent = 'Sending…';
    let r: { ok: boolean; to?: string; result?: { messageId: string; response?: string }; error?: ErrorInfo };
    try {
      r = await api(
        'POST',
        `/api/templates/${enc(name)}/send`,
        requestBody({ to: toInput.value, ...(state.locale ? { locale: state.locale } : {}) }),
      );
    } catch (err) {
      r = { ok: false, error: { name: 'Error', message: (err as Error).message } };
    }
    if (r.ok && r.result) {
      sendResult.className = 'result ok';
      sendResult.replaceChildren(
        icon('check'),
        ` Sent to ${r.to} · `,
        h('code', null, r.result.messageId),
        h('div', { class: 'muted' }, r.result.response),
      );
    } else {
      const error = r.error ?? { name: 'Error', message: 'no answer' };
      sendResult.className = 'result bad';
      sendResult.replaceChildren(
        h('strong', null, (error.code ? `${error.code}: ` : '') + error.name),
        h('div', null, error.message),
        ...(error.hint ? [h('p', { class: 'hint' }, error.hint)] : []),
      );
    }
  }

  bus.addEventListener('change', async () => {
    await loadDetail().catch(() => null);
    await render();
  });
  await loadDetail();
  await render();
}
