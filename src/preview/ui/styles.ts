/** Stylesheet of the preview app (served as /assets/app.css). */
export const APP_CSS = `
:root {
  --bg: #f4f5f7; --panel: #fff; --border: #e3e6eb; --border-strong: #cfd4dc; --text: #101828; --muted: #667085;
  --accent: #4f46e5; --accent-soft: #eef2ff; --red: #d92d20; --red-soft: #fef3f2; --red-border: #fecdca;
  --green: #12b76a; --green-soft: #ecfdf3; --amber: #b54708; --amber-soft: #fffaeb;
  --radius: 10px; --shadow: 0 1px 2px rgba(16,24,40,.06), 0 1px 3px rgba(16,24,40,.08);
  --mono: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace;
  color-scheme: light;
}
* { box-sizing: border-box; }
[hidden] { display: none !important; }
.icon { width: 16px; height: 16px; flex: none; vertical-align: -3px; }
html, body { margin: 0; height: 100%; }
body { font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--text); background: var(--bg); }
a { color: var(--accent); text-decoration: none; }
code, pre, textarea { font-family: var(--mono); font-size: 12.5px; }
.layout { display: grid; grid-template-columns: 248px 1fr; min-height: 100vh; }
.sidebar { background: var(--panel); border-right: 1px solid var(--border); display: flex; flex-direction: column; padding: 18px 12px; position: sticky; top: 0; height: 100vh; }
.brand { display: flex; align-items: center; gap: 8px; font-weight: 700; font-size: 16px; color: var(--text); padding: 0 8px 18px; }
.brand-sub { font-weight: 500; color: var(--muted); font-size: 13px; }
.logo { display: inline-grid; place-items: center; width: 26px; height: 26px; border-radius: 7px; background: var(--accent); color: #fff; }
.logo .icon { width: 15px; height: 15px; }
nav { flex: 1; overflow: auto; }
.nav-label { font-size: 11px; font-weight: 600; letter-spacing: .06em; text-transform: uppercase; color: var(--muted); padding: 6px 8px; }
.nav-list { list-style: none; margin: 0 0 14px; padding: 0; }
.nav-list a { display: flex; align-items: center; gap: 8px; padding: 6px 8px; border-radius: 7px; color: var(--text); }
.nav-list a:hover { background: var(--bg); }
.nav-list a.active { background: var(--accent-soft); color: var(--accent); font-weight: 600; }
.dot { width: 8px; height: 8px; border-radius: 50%; background: var(--green); flex: none; }
.dot.bad { background: var(--red); box-shadow: 0 0 0 3px var(--red-soft); }
.count { margin-left: auto; background: var(--accent); color: #fff; border-radius: 999px; font-size: 11px; padding: 0 7px; font-weight: 600; }
.live { font-size: 12px; color: var(--muted); padding: 8px; display: flex; align-items: center; gap: 6px; }
.live::before { content: ""; width: 7px; height: 7px; border-radius: 50%; background: #98a2b3; }
.live.on::before { background: var(--green); box-shadow: 0 0 0 3px var(--green-soft); }
main { padding: 26px 30px; min-width: 0; outline: none; }
.page-head { display: flex; align-items: flex-end; justify-content: space-between; gap: 16px; margin-bottom: 18px; flex-wrap: wrap; }
h1 { font-size: 22px; margin: 0; letter-spacing: -.01em; }
.sub { color: var(--muted); margin: 2px 0 0; }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(290px, 1fr)); gap: 18px; }
.card { background: var(--panel); border: 1px solid var(--border); border-radius: var(--radius); box-shadow: var(--shadow); overflow: hidden; color: inherit; display: flex; flex-direction: column; transition: border-color .15s, transform .15s; }
.card:hover { border-color: var(--accent); transform: translateY(-1px); }
.card.bad { border-color: var(--red-border); }
.thumb { height: 190px; overflow: hidden; background: #fafbfc; border-bottom: 1px solid var(--border); position: relative; }
.thumb iframe { width: 200%; height: 200%; border: 0; transform: scale(.5); transform-origin: 0 0; pointer-events: none; background: #fff; }
.thumb .thumb-error { position: absolute; inset: 0; display: grid; place-items: center; color: var(--red); background: var(--red-soft); font-weight: 600; }
.card-body { padding: 12px 14px; }
.card-title { display: flex; align-items: center; gap: 8px; font-weight: 600; }
.card-subject { color: var(--muted); margin-top: 2px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.card-error { color: var(--red); margin-top: 4px; font-size: 12.5px; display: -webkit-box; -webkit-line-clamp: 2; -webkit-box-orient: vertical; overflow: hidden; }
.toolbar { display: flex; align-items: center; gap: 10px; flex-wrap: wrap; margin-bottom: 14px; }
.seg { display: inline-flex; background: var(--panel); border: 1px solid var(--border); border-radius: 8px; padding: 2px; }
.seg button, .btn { display: inline-flex; align-items: center; gap: 6px; font: inherit; border: 0; background: transparent; padding: 5px 12px; border-radius: 6px; cursor: pointer; color: var(--muted); }
.seg button[aria-pressed="true"], .seg button[aria-selected="true"] { background: var(--accent-soft); color: var(--accent); font-weight: 600; }
.btn { border: 1px solid var(--border-strong); background: var(--panel); color: var(--text); }
.btn:hover { border-color: var(--accent); }
.btn.primary { background: var(--accent); border-color: var(--accent); color: #fff; font-weight: 600; }
.btn[aria-pressed="true"] { background: #1f2937; color: #fff; border-color: #1f2937; }
select, input[type=email], input[type=text] { font: inherit; padding: 6px 10px; border: 1px solid var(--border-strong); border-radius: 8px; background: var(--panel); color: var(--text); }
label.inline { display: inline-flex; align-items: center; gap: 6px; color: var(--muted); }
.spacer { flex: 1; }
.pill { display: inline-flex; align-items: center; gap: 4px; font-size: 12px; padding: 2px 9px; border-radius: 999px; background: var(--bg); border: 1px solid var(--border); color: var(--muted); }
.pill.warn { background: var(--amber-soft); color: var(--amber); border-color: #fedf89; }
.pill.red { background: var(--red-soft); color: var(--red); border-color: var(--red-border); }
.workspace { display: grid; grid-template-columns: minmax(0, 1fr) 320px; gap: 18px; align-items: start; }
.panel { background: var(--panel); border: 1px solid var(--border); border-radius: var(--radius); box-shadow: var(--shadow); }
.panel-head { padding: 10px 14px; border-bottom: 1px solid var(--border); font-weight: 600; display: flex; align-items: center; justify-content: space-between; gap: 8px; }
.panel-body { padding: 12px 14px; }
.stage { padding: 18px; background: repeating-conic-gradient(#f7f8fa 0% 25%, #fff 0% 50%) 0 0/18px 18px; border-radius: 0 0 var(--radius) var(--radius); min-height: 540px; }
.stage.stale .device { opacity: .45; filter: grayscale(.6); }
.device { margin: 0 auto; width: 100%; min-width: 600px; max-width: 1024px; transition: width .2s; }
.device.mobile { width: 375px; min-width: 375px; }
.device.mobile iframe { border-radius: 18px; box-shadow: 0 0 0 10px #1f2937, 0 8px 30px rgba(0,0,0,.2); }
.device iframe { display: block; width: 100%; height: calc(100vh - 270px); min-height: 520px; border: 0; background: #fff; border-radius: 6px; box-shadow: 0 0 0 1px var(--border), 0 4px 16px rgba(16,24,40,.08); }
.device.mobile { padding: 10px 0; }
.tabs { display: flex; gap: 2px; padding: 6px 8px 0; border-bottom: 1px solid var(--border); }
.tabs button { font: inherit; border: 0; background: none; padding: 8px 12px; cursor: pointer; color: var(--muted); border-bottom: 2px solid transparent; margin-bottom: -1px; }
.tabs button[aria-selected="true"] { color: var(--accent); border-bottom-color: var(--accent); font-weight: 600; }
.code { margin: 0; padding: 16px; overflow: auto; max-height: calc(100vh - 250px); white-space: pre-wrap; word-break: break-word; background: #0f172a; color: #e2e8f0; border-radius: 0 0 var(--radius) var(--radius); }
.code.light { background: var(--panel); color: var(--text); }
.kv { display: grid; grid-template-columns: 130px 1fr; gap: 8px 14px; margin: 0; padding: 16px; }
.kv dt { color: var(--muted); }
.kv dd { margin: 0; word-break: break-word; }
.error-panel { background: var(--red-soft); border: 1px solid var(--red-border); border-left: 4px solid var(--red); border-radius: var(--radius); padding: 12px 16px; margin-bottom: 14px; }
.error-panel[hidden] { display: none; }
.findings { list-style: none; margin: 0; padding: 0; font-size: 13px; }
.findings li { padding: 6px 0; border-bottom: 1px solid var(--border); overflow-wrap: anywhere; }
.findings li:last-child { border-bottom: 0; }
.findings li.error strong { color: var(--red); }
.findings li.warning strong { color: var(--amber); }
.findings .where { color: var(--muted); }
.error-head { display: flex; align-items: center; gap: 8px; color: var(--red); font-weight: 700; }
.error-where { margin-top: 4px; }
.error-where code { background: #fff; border: 1px solid var(--red-border); padding: 1px 6px; border-radius: 5px; color: var(--red); }
.error-message { white-space: pre-wrap; margin: 8px 0 0; color: #7a271a; font-family: var(--mono); font-size: 12.5px; }
.hint { margin: 8px 0 0; color: #7a271a; }
.hint::before { content: "Hint: "; font-weight: 600; }
textarea.editor { width: 100%; min-height: 280px; resize: vertical; border: 1px solid var(--border-strong); border-radius: 8px; padding: 10px; line-height: 1.45; background: #fcfcfd; color: var(--text); tab-size: 2; }
textarea.editor.invalid { border-color: var(--red); background: var(--red-soft); }
.editor-status { font-size: 12px; color: var(--muted); margin-top: 6px; min-height: 18px; }
.editor-status.bad { color: var(--red); }
.side { display: grid; gap: 18px; position: sticky; top: 20px; }
.send-form { display: grid; gap: 8px; }
.result { font-size: 13px; border-radius: 8px; padding: 8px 10px; word-break: break-word; }
.result:empty { display: none; }
.result.ok { background: var(--green-soft); color: #05603a; }
.result.bad { background: var(--red-soft); color: var(--red); }
.result .hint { margin-top: 4px; }
.muted { color: var(--muted); }
.empty { text-align: center; color: var(--muted); padding: 60px 20px; }
.inbox { display: grid; grid-template-columns: 360px minmax(0, 1fr); gap: 18px; align-items: start; }
.msg-list { list-style: none; margin: 0; padding: 0; max-height: calc(100vh - 150px); overflow: auto; }
.msg-list li + li { border-top: 1px solid var(--border); }
.msg-list a { display: block; padding: 10px 14px; color: var(--text); }
.msg-list a:hover { background: #f9fafb; }
.msg-list a.active { background: var(--accent-soft); box-shadow: inset 3px 0 0 var(--accent); }
.msg-top { display: flex; justify-content: space-between; gap: 8px; font-size: 12.5px; color: var(--muted); }
.msg-from { font-weight: 600; color: var(--text); overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.msg-subject { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.msg-to { font-size: 12px; color: var(--muted); overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.msg-head { padding: 14px 16px; border-bottom: 1px solid var(--border); }
.msg-head h2 { margin: 0 0 6px; font-size: 18px; }
.msg-meta { display: grid; grid-template-columns: 60px 1fr; gap: 2px 10px; font-size: 13px; }
.msg-meta dt { color: var(--muted); }
.msg-meta dd { margin: 0; }
.msg-frame { display: block; width: 100%; height: calc(100vh - 290px); min-height: 480px; border: 0; background: #fff; border-radius: 0 0 var(--radius) var(--radius); }
.attach-list { list-style: none; padding: 14px 16px; margin: 0; display: grid; gap: 8px; }
.attach-list a { display: flex; gap: 10px; align-items: center; padding: 8px 10px; border: 1px solid var(--border); border-radius: 8px; color: var(--text); }
table.headers { border-collapse: collapse; width: 100%; font-size: 12.5px; }
table.headers td { border-top: 1px solid var(--border); padding: 6px 14px; vertical-align: top; font-family: var(--mono); word-break: break-all; }
table.headers td:first-child { color: var(--muted); white-space: nowrap; width: 1%; word-break: normal; }
@media (max-width: 1100px) { .workspace { grid-template-columns: 1fr; } .side { position: static; } }
`;
