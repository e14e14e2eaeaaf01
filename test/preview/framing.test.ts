import { writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPreviewServer } from '../../src/preview/server.js';
import type { PreviewServer } from '../../src/preview/types.js';
import { type Browser, chromiumAvailable, launchChromium } from '../helpers/chromium.js';
import { fixtureCopy, raw } from './helpers.js';

const available = await chromiumAvailable();

describe('preview server: framing and active content (headers)', () => {
  let fixture: Awaited<ReturnType<typeof fixtureCopy>>;
  let server: PreviewServer;
  beforeAll(async () => {
    fixture = await fixtureCopy();
    server = await startPreviewServer({ templates: fixture.templates, port: 0, watch: false });
  });
  afterAll(async () => {
    await server?.close();
    await fixture?.cleanup();
  });

  it.each(['/', '/t/hello', '/api/templates'])('forbids framing of %s', async (path) => {
    const res = await raw(server.url, path);
    expect(res.status).toBe(200);
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
  });

  it('serves /files/ sandboxed (no script in our origin), nosniff, and not frameable', async () => {
    const res = await raw(server.url, '/files/plain/logo.svg');
    expect(res.status).toBe(200);
    const csp = String(res.headers['content-security-policy'])
      .split(';')
      .map((d) => d.trim());
    expect(csp).toContain('sandbox');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });
});

describe.skipIf(!available)('preview server: framing and active content in Chromium', () => {
  let fixture: Awaited<ReturnType<typeof fixtureCopy>>;
  let server: PreviewServer;
  let attacker: Server;
  let attackerUrl: string;
  let browser: Browser;

  beforeAll(async () => {
    fixture = await fixtureCopy();
    await writeFile(
      join(fixture.templates, 'plain/evil.svg'),
      '<svg xmlns="http://www.w3.org/2000/svg"><script>document.title = "ran"</script></svg>',
    );
    server = await startPreviewServer({ templates: fixture.templates, port: 0, watch: false });
    // Another local origin (other port) that tries to frame the preview.
    attacker = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(`<!doctype html><iframe id="victim" src="${server.url}/"></iframe>`);
    });
    await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
    attackerUrl = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}/`;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => attacker?.close(resolve));
    await server?.close();
    await fixture?.cleanup();
  });

  it('does not render the preview inside a page of another origin', async () => {
    const page = await browser.context.newPage();
    await page.goto(attackerUrl);
    await page.waitForLoadState('load');
    const victim = page.frames().find((f) => f !== page.mainFrame());
    expect(victim).toBeDefined();
    // A blocked frame shows Chromium's error page instead of the app shell.
    const shell = await victim!
      .locator('script[src="/assets/app.js"]')
      .count()
      .catch(() => 0);
    expect(shell).toBe(0);
    await page.close();
  });

  it('does not run script in an SVG served from the templates folder', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/files/plain/evil.svg`);
    await page.waitForLoadState('load');
    expect(await page.title()).not.toBe('ran');
    await page.close();
  });
});
