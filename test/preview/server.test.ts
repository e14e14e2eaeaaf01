import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TransportError } from '../../src/errors/TransportError.js';
import { createMailer } from '../../src/mailer.js';
import { startPreviewServer } from '../../src/preview/server.js';
import type { PreviewServer } from '../../src/preview/types.js';
import { memory } from '../../src/transports/memory.js';
import type { Transport } from '../../src/types.js';
import { edit, fixtureCopy, getJson, nextEvent, openEvents, postJson, raw, root } from './helpers.js';

type Summary = {
  name: string;
  ok: boolean;
  subject?: string;
  scenarios: string[];
  error?: Record<string, unknown>;
};
type Render = Record<string, unknown> & { ok: boolean; error?: Record<string, unknown> };

let fixture: Awaited<ReturnType<typeof fixtureCopy>>;
let server: PreviewServer | undefined;

beforeEach(async () => {
  fixture = await fixtureCopy();
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  await fixture.cleanup();
});

async function start(options: Parameters<typeof startPreviewServer>[0] = {}) {
  server = await startPreviewServer({ templates: fixture.templates, port: 0, ...options });
  return server.url;
}

describe('preview server: pages and rendering', () => {
  it('binds to 127.0.0.1 by default and serves the app shell and its assets', async () => {
    const url = await start();
    expect(server?.host).toBe('127.0.0.1');
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const page = await raw(url, '/');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<script type="module" src="/assets/app.js">');
    expect((await raw(url, '/t/hello')).status).toBe(200);
    const js = await raw(url, '/assets/app.js');
    expect(js.headers['content-type']).toMatch(/javascript/);
    expect(js.body).toMatch(/new EventSource\(["']\/events["']\)/);
    expect((await raw(url, '/assets/app.css')).body).toContain('.device.mobile');
  });

  it('lists templates with the subject rendered from their first scenario', async () => {
    const url = await start();
    const { templates } = await getJson<{ templates: Summary[] }>(url, '/api/templates');
    expect(templates.map((t) => [t.name, t.ok, t.subject])).toEqual([
      ['hello', true, 'Welcome, Ada'],
      ['plain', true, 'Your code: 123456'],
    ]);
    expect(templates[0]?.scenarios).toEqual(['default', 'long-names']);
  });

  it('marks a template that fails to compile, with file and line, and keeps the others', async () => {
    const url = await start();
    await edit(join(fixture.templates, 'hello/html.mjml'), '{{plan}}', '{{#if plan}}{{plan}}');
    const { templates } = await getJson<{ templates: Summary[] }>(url, '/api/templates');
    const hello = templates.find((t) => t.name === 'hello');
    expect(hello?.ok).toBe(false);
    expect(hello?.error).toMatchObject({
      name: 'TemplateSyntaxError',
      code: 'TEMPLATE_SYNTAX',
      file: 'hello/html.mjml',
    });
    expect(hello?.error?.line).toBeTypeOf('number');
    expect(String(hello?.error?.message)).not.toContain(fixture.templates);
    expect(templates.find((t) => t.name === 'plain')?.ok).toBe(true);
  });

  it('shows a recursive partial as a compile error naming the chain', async () => {
    const url = await start();
    await writeFile(join(fixture.templates, '_partials/loop.hbs'), '{{> loop}}');
    await edit(join(fixture.templates, 'plain/html.hbs'), '</body>', '{{> loop}}</body>');
    const r = await postJson<Render>(url, '/api/templates/plain/render', {});
    expect(r.ok).toBe(false);
    expect(r.error).toMatchObject({ code: 'TEMPLATE_SYNTAX', file: '_partials/loop.hbs', line: 1 });
    expect(String(r.error?.message)).toContain('partial cycle: loop → loop');
  });

  it("serves each template's check findings (what `mailsmith check` says) for the page to show", async () => {
    const url = await start({ check: { rules: { 'link-href': 'error' } } });
    const clean = await getJson<{ ok: boolean; errors: unknown[]; warnings: unknown[] }>(
      url,
      '/api/templates/hello/check',
    );
    expect(clean.errors).toEqual([]);
    await edit(
      join(fixture.templates, 'hello/html.mjml'),
      '<mj-button href="https://example.com/start"',
      '<mj-button>Go</mj-button>\n<mj-button href="https://example.com/start"',
    );
    const found = await getJson<{ ok: boolean; errors: Record<string, unknown>[] }>(
      url,
      '/api/templates/hello/check',
    );
    expect(found.ok).toBe(false);
    expect(found.errors).toContainEqual(
      expect.objectContaining({ rule: 'empty-button', file: 'hello/html.mjml' }),
    );
  });

  it('renders a named scenario, edited data, and reports size against the Gmail clip limit', async () => {
    const url = await start();
    const long = await postJson<Render>(url, '/api/templates/hello/render', { scenario: 'long-names' });
    expect(long).toMatchObject({ ok: true, scenario: 'long-names' });
    expect(long.subject).toBe('Welcome, Bartholomew Maximilian Fitzgerald-Worthington');
    expect(long.text).toContain('Enterprise');
    expect(long.frame).toContain('<base href="/files/hello/" target="_blank">');
    expect(long.clipped).toBe(false);
    expect(long.bytes).toBe(Buffer.byteLength(String(long.html)));

    const edited = await postJson<Render>(url, '/api/templates/hello/render', {
      data: { name: 'Lin', plan: 'Free' },
    });
    expect(edited.subject).toBe('Welcome, Lin');
    expect(edited.scenario).toBeUndefined();

    const huge = await postJson<Render>(url, '/api/templates/hello/render', {
      data: { name: 'x', plan: 'y'.repeat(110 * 1024) },
    });
    expect(huge.clipped).toBe(true);
    expect(Number(huge.bytes)).toBeGreaterThan(102 * 1024);
  });

  it('emulates dark mode with the template’s own dark styles, else by forced inversion', async () => {
    const url = await start();
    const plain = await postJson<Render>(url, '/api/templates/plain/render', { dark: true });
    expect(plain.darkMode).toBe('media');
    expect(plain.frame).toContain('@media (min-width: 0px)');
    expect(plain.html).toContain('prefers-color-scheme: dark');
    const hello = await postJson<Render>(url, '/api/templates/hello/render', { dark: true });
    expect(hello.darkMode).toBe('inverted');
    expect(hello.frame).toContain('filter:invert(1) hue-rotate(180deg)');
    const light = await postJson<Render>(url, '/api/templates/hello/render', {});
    expect(light.darkMode).toBe('off');
    expect(light.frame).not.toContain('invert(1)');
  });

  it('reports invalid data as a TemplateDataError with its issues when a mailer validates', async () => {
    const mailer = createMailer({ templates: fixture.templates, transport: memory(), from: 'a@acme.test' });
    const url = await start({ mailer });
    const r = await postJson<Render>(url, '/api/templates/hello/render', { data: { plan: 'Pro' } });
    expect(r.ok).toBe(false);
    expect(r.error).toMatchObject({ name: 'TemplateDataError', code: 'TEMPLATE_DATA_INVALID' });
    expect(r.error?.issues).toEqual([{ path: 'name', message: expect.any(String) }]);
  });
});

describe('preview server: nothing outside the templates folder is reachable', () => {
  const attempts = [
    '/files/../../package.json',
    '/files/..%2f..%2fpackage.json',
    '/files/hello/..%2f..%2f..%2fpackage.json',
    '/files/%2e%2e/%2e%2e/package.json',
    '/files/hello/%2e%2e%2f%2e%2e%2f%2e%2e%2fpackage.json',
    '/files/..%5c..%5cpackage.json',
    '/files/%2fetc%2fpasswd',
    '/files//etc/passwd',
    '/files/hello/html.mjml%00.png',
    '/files/%E0%A4%A',
    '/api/templates/..%2f..%2fetc',
    '/api/templates/%2e%2e',
    '/api/templates/_layouts',
    '/t/..%2f..%2fpackage.json',
    '/assets/../package.json',
    '/etc/passwd',
  ];
  it.each(attempts)('%s → 404', async (path) => {
    const url = await start();
    const res = await raw(url, path);
    expect(res.status).toBe(404);
    expect(res.body).not.toContain('"name": "mailsmith"');
  });

  it('serves template assets, but not dot-files or symlinks leading outside', async () => {
    await writeFile(join(fixture.templates, 'plain/.env'), 'SECRET=1');
    await symlink(join(root, 'package.json'), join(fixture.templates, 'plain/pkg.json'));
    await mkdir(join(fixture.templates, 'plain/img'));
    await symlink(join(root, 'src'), join(fixture.templates, 'plain/img/src'));
    const url = await start();
    const logo = await raw(url, '/files/plain/logo.svg');
    expect(logo.status).toBe(200);
    expect(logo.headers['content-type']).toBe('image/svg+xml');
    expect(logo.body).toContain('<svg');
    expect((await raw(url, '/files/plain/.env')).status).toBe(404);
    expect((await raw(url, '/files/plain/pkg.json')).status).toBe(404);
    expect((await raw(url, '/files/plain/img/src/mailer.ts')).status).toBe(404);
    expect((await raw(url, '/files/plain')).status).toBe(404);
  });

  it('refuses foreign Host headers (DNS rebinding), cross-origin posts and non-JSON posts', async () => {
    const url = await start();
    expect((await raw(url, '/api/templates', { headers: { host: 'evil.example:80' } })).status).toBe(403);
    const body = JSON.stringify({});
    const crossOrigin = await raw(url, '/api/templates/hello/render', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'http://evil.example' },
      body,
    });
    expect(crossOrigin.status).toBe(403);
    const form = await raw(url, '/api/templates/hello/send', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'to=a%40b.c',
    });
    expect(form.status).toBe(415);
  });
});

describe('preview server: send test', () => {
  it('sends the current render (scenario or edited data) through the mailer transport', async () => {
    const transport = memory();
    const mailer = createMailer({
      templates: fixture.templates,
      transport,
      from: 'Acme <noreply@acme.test>',
    });
    const url = await start({ mailer });
    const sent = await postJson<Render>(url, '/api/templates/hello/send', {
      to: 'ada@example.com',
      scenario: 'long-names',
    });
    expect(sent).toMatchObject({ ok: true, scenario: 'long-names', to: 'ada@example.com' });
    const edited = await postJson<Render>(url, '/api/templates/hello/send', {
      to: 'lin@example.com',
      data: { name: 'Lin', plan: 'Free' },
    });
    expect(edited.ok).toBe(true);
    expect(transport.messages.map((m) => [m.to[0]?.address, m.subject])).toEqual([
      ['ada@example.com', 'Welcome, Bartholomew Maximilian Fitzgerald-Worthington'],
      ['lin@example.com', 'Welcome, Lin'],
    ]);
    expect((sent.result as { messageId: string }).messageId).toBe(transport.messages[0]?.messageId);
  });

  it('shows typed errors with code and hint, and sends nothing', async () => {
    const failing: Transport = {
      name: 'failing',
      async send() {
        throw new TransportError('AUTH_FAILED', 'login refused', {
          hint: 'use the 授权码, not the password',
        });
      },
      toString: () => 'failing://',
    };
    const transport = memory();
    const url = await start({
      mailer: createMailer({ templates: fixture.templates, transport, from: 'a@acme.test' }),
    });
    const bad = await postJson<Render>(url, '/api/templates/hello/send', { to: 'not an address' });
    expect(bad.ok).toBe(false);
    expect(bad.error).toMatchObject({ code: 'INVALID_ADDRESS', hint: expect.any(String) });
    expect(String(bad.error?.message)).not.toContain(String(bad.error?.hint));
    expect(transport.messages).toHaveLength(0);
    await server?.close();

    await start({
      mailer: createMailer({ templates: fixture.templates, transport: failing, from: 'a@acme.test' }),
    });
    const refused = await postJson<Render>(server!.url, '/api/templates/hello/send', {
      to: 'ada@example.com',
    });
    expect(refused.error).toMatchObject({
      name: 'TransportError',
      code: 'AUTH_FAILED',
      hint: 'use the 授权码, not the password',
    });
  });

  it('explains that no transport is configured when there is no mailer', async () => {
    const url = await start();
    const r = await postJson<Render>(url, '/api/templates/hello/send', { to: 'ada@example.com' });
    expect(r.error).toMatchObject({ code: 'CONFIG', hint: expect.stringContaining('--transport') });
    const noTo = await raw(url, '/api/templates/hello/send', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(noTo.status).toBe(400);
  });
});

describe('preview server: live reload', () => {
  it('pushes a change event when a template, partial or preview.json is saved, and recovers after a fix', async () => {
    const url = await start();
    const events = await openEvents(url);
    try {
      const restore = await edit(
        join(fixture.templates, 'hello/html.mjml'),
        '{{plan}}',
        '{{#if plan}}{{plan}}',
      );
      const broke = await nextEvent(events.reader, (e) => e.event === 'change');
      expect((broke.data as { files: string[] }).files).toContain('hello/html.mjml');
      const failing = await postJson<Render>(url, '/api/templates/hello/render', {});
      expect(failing.error).toMatchObject({ code: 'TEMPLATE_SYNTAX', file: 'hello/html.mjml' });

      await restore();
      await nextEvent(events.reader, (e) => e.event === 'change');
      expect(await postJson<Render>(url, '/api/templates/hello/render', {})).toMatchObject({ ok: true });

      await edit(join(fixture.templates, '_partials/footer.mjml'), 'footer-v1', 'footer-v2');
      const partial = await nextEvent(events.reader, (e) => e.event === 'change');
      expect((partial.data as { files: string[] }).files).toContain('_partials/footer.mjml');
      expect((await postJson<Render>(url, '/api/templates/hello/render', {})).html).toContain('footer-v2');

      const restorePreview = await edit(join(fixture.templates, 'plain/preview.json'), '{', '{,');
      await nextEvent(events.reader, (e) =>
        (e.data as { files: string[] }).files.includes('plain/preview.json'),
      );
      const broken = await postJson<Render>(url, '/api/templates/plain/render', {});
      expect(broken.ok).toBe(false);
      expect(broken.error).toMatchObject({ file: 'plain/preview.json', line: 1 });
      const { templates } = await getJson<{ templates: Summary[] }>(url, '/api/templates');
      expect(templates.find((t) => t.name === 'plain')?.error).toMatchObject({ file: 'plain/preview.json' });
      await restorePreview();
      await nextEvent(events.reader, (e) =>
        (e.data as { files: string[] }).files.includes('plain/preview.json'),
      );
      expect(await postJson<Render>(url, '/api/templates/plain/render', {})).toMatchObject({ ok: true });

      await edit(join(fixture.templates, 'plain/preview.json'), 'Grace', 'Hopper');
      await nextEvent(events.reader, (e) =>
        (e.data as { files: string[] }).files.includes('plain/preview.json'),
      );
      const detail = await getJson<{ scenarios: { name: string; data: unknown }[] }>(
        url,
        '/api/templates/plain',
      );
      expect(detail.scenarios).toEqual([{ name: 'default', data: { name: 'Hopper', code: '123456' } }]);
    } finally {
      events.close();
    }
  });
});
