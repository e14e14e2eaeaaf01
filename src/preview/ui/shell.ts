/** The one HTML page of the app; the client script fills `#main` from the path. */
export function shellHtml(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>mailsmith preview</title>
<link rel="icon" href="data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 16 16'%3E%3Crect width='16' height='16' rx='4' fill='%234f46e5'/%3E%3Cpath d='M3 5l5 4 5-4' stroke='white' stroke-width='1.6' fill='none'/%3E%3C/svg%3E">
<link rel="stylesheet" href="/assets/app.css">
</head>
<body>
<div class="layout">
  <aside class="sidebar">
    <a class="brand" href="/"><span class="logo" aria-hidden="true"><svg class="icon" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"><rect x="3" y="5" width="18" height="14" rx="2"/><path d="m3 7 9 6 9-6"/></svg></span> mailsmith <span class="brand-sub">preview</span></a>
    <nav aria-label="Templates">
      <div class="nav-label">Templates</div>
      <ul id="nav-templates" class="nav-list"></ul>
      <div id="nav-inbox"></div>
    </nav>
    <div id="live-status" class="live off" aria-live="polite">Connecting…</div>
  </aside>
  <main id="main" tabindex="-1"></main>
</div>
<script type="module" src="/assets/app.js"></script>
</body>
</html>
`;
}
