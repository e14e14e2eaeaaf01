import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailer } from '../../src/mailer.js';
import { type DevInbox, startDevInbox } from '../../src/preview/dev.js';
import { inboxTransport } from '../../src/preview/inbox/transport.js';
import { type Browser, chromiumAvailable, launchChromium } from '../helpers/chromium.js';
import { edit, fixtureCopy, root } from './helpers.js';

const artifacts = join(root, 'test-artifacts/preview');

const available = await chromiumAvailable();

describe.skipIf(!available)('preview and dev inbox in Chromium', () => {
  let fixture: Awaited<ReturnType<typeof fixtureCopy>>;
  let dev: DevInbox;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    fixture = await fixtureCopy();
    await mkdir(artifacts, { recursive: true });
    dev = await startDevInbox({
      templates: fixture.templates,
      port: 0,
      smtpPort: 0,
      inboxDir: join(fixture.dir, 'inbox'),
      mailer: ({ inbox }) => createMailer({ templates: fixture.templates, transport: inboxTransport(inbox) }),
    });
    browser = await launchChromium({ width: 1440, height: 900 });
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
  });

  afterAll(async () => {
    await browser?.close();
    await dev?.close();
    await fixture?.cleanup();
  });

  const shot = (name: string, target: Page = page) =>
    target.screenshot({ path: join(artifacts, `${name}.png`) });
  const frame = (target: Page = page) => target.frameLocator('#preview-frame');
  const text =
    (selector: string, target: Page = page) =>
    () =>
      target.locator(selector).first().textContent();
  const frameText = (selector: string) => () => frame().locator(selector).first().textContent();

  async function open(path: string, target: Page = page) {
    await target.goto(dev.url + path);
    await target.waitForSelector('html[data-ready="true"][data-live="on"]');
  }

  it('shows an index of the templates with their rendered subjects', async () => {
    await open('/');
    await expect.poll(text('[data-template="hello"] .card-subject')).toBe('Welcome, Ada');
    await expect.poll(text('[data-template="plain"] .card-subject')).toBe('Your code: 123456');
    expect(await page.locator('.card.bad').count()).toBe(0);
    await shot('index');
  });

  it('marks a failing template in red, live, and clears the mark once fixed', async () => {
    const restore = await edit(join(fixture.templates, 'plain/html.hbs'), '{{code}}', '{{#each code}}');
    await page.locator('[data-template="plain"].bad').waitFor();
    expect(await page.locator('[data-template="plain"] .dot.bad').count()).toBe(1);
    expect(await page.locator('[data-template="plain"] .card-error').textContent()).toContain(
      'TEMPLATE_SYNTAX',
    );
    await shot('index-failing');
    await restore();
    await page.locator('[data-template="plain"]:not(.bad)').waitFor();
  });

  it('opens a template in a sandboxed iframe at desktop width, then at 375 px mobile', async () => {
    await page.click('[data-template="hello"]');
    await page.waitForURL(/\/t\/hello$/);
    await page.waitForSelector('html[data-ready="true"][data-live="on"]');
    await expect.poll(frameText('h1')).toBe('Hello Ada');
    const iframe = page.locator('#preview-frame');
    const sandbox = await iframe.getAttribute('sandbox');
    expect(sandbox).not.toBeNull();
    expect(sandbox).not.toMatch(/allow-scripts|allow-same-origin/);
    expect((await iframe.boundingBox())?.width).toBeGreaterThanOrEqual(600);
    // The template's `mailsmith check` findings sit beside the preview.
    await expect.poll(() => page.locator('#check-summary').textContent()).toMatch(/^Check: /);
    await shot('template-desktop');

    await page.click('#width-mobile');
    await expect.poll(async () => (await iframe.boundingBox())?.width).toBe(375);
    expect(
      await frame()
        .locator('body')
        .evaluate((b) => b.ownerDocument.documentElement.clientWidth),
    ).toBe(375);
    await shot('template-mobile');
  });

  it('emulates dark mode', async () => {
    await page.click('#dark-toggle');
    await expect.poll(() => frame().locator('style[data-mailsmith-dark]').count()).toBe(1);
    expect(await page.locator('#dark-note').isVisible()).toBe(true);
    await shot('template-dark');
    await page.click('#dark-toggle');
    await expect.poll(() => frame().locator('style[data-mailsmith-dark]').count()).toBe(0);
    await page.click('#width-desktop');
  });

  it('switches scenarios and re-renders from data edited in the page', async () => {
    await page.selectOption('#scenario', 'long-names');
    await expect.poll(frameText('h1')).toBe('Hello Bartholomew Maximilian Fitzgerald-Worthington');
    await expect.poll(text('#subject')).toBe('Welcome, Bartholomew Maximilian Fitzgerald-Worthington');
    expect(await page.inputValue('#data-editor')).toContain('Enterprise');

    await page.fill('#data-editor', '{ "name": "Zoe", "plan": "Team" }');
    await expect.poll(frameText('h1')).toBe('Hello Zoe');
    await page.fill('#data-editor', '{ "name": ');
    await expect.poll(text('#editor-status')).toContain('Invalid JSON');
    await page.click('#data-reset');
    await expect.poll(frameText('h1')).toBe('Hello Bartholomew Maximilian Fitzgerald-Worthington');
  });

  it('shows the text part, the HTML source and the headers in tabs', async () => {
    await page.click('#tab-text');
    await expect.poll(text('#text-part')).toContain('Enterprise');
    await page.click('#tab-html');
    expect(await page.locator('#html-source').textContent()).toMatch(/^<!doctype html>/i);
    await page.click('#tab-headers');
    expect(await page.locator('#h-subject').textContent()).toBe(
      'Welcome, Bartholomew Maximilian Fitzgerald-Worthington',
    );
    expect(await page.locator('#h-from').textContent()).toBe('mailsmith dev <dev@localhost>');
    expect(await page.locator('#h-size').textContent()).toMatch(/^\d+\.\d KB/);
    await shot('template-headers');
    await page.click('#tab-preview');
  });

  it('live-reloads on save without a page reload, shows an error panel, and recovers', async () => {
    await page.evaluate(() => {
      (globalThis as unknown as { __sameDocument: boolean }).__sameDocument = true;
    });
    const file = join(fixture.templates, 'hello/html.mjml');
    const restoreCopy = await edit(file, 'Thanks for joining us.', 'Glad you are here.');
    await expect.poll(() => frame().locator('text=Glad you are here.').count()).toBeGreaterThan(0);

    const restoreBroken = await edit(file, '{{plan}}', '{{#if plan}}{{plan}}');
    await page.locator('#error-panel').waitFor({ state: 'visible' });
    expect(await page.locator('#error-panel .error-file').textContent()).toMatch(/^hello\/html\.mjml:\d+$/);
    expect(await page.locator('#error-panel .error-code').textContent()).toBe('TEMPLATE_SYNTAX');
    expect(await page.locator('#error-panel .error-message').textContent()).toMatch(
      /Expecting|expected|unclosed/i,
    );
    await shot('template-error');

    await restoreBroken();
    await page.locator('#error-panel').waitFor({ state: 'hidden' });
    await expect.poll(() => frame().locator('text=Glad you are here.').count()).toBeGreaterThan(0);
    await restoreCopy();
    await expect.poll(() => frame().locator('text=Thanks for joining us.').count()).toBeGreaterThan(0);
    expect(
      await page.evaluate(() => (globalThis as unknown as { __sameDocument?: boolean }).__sameDocument),
    ).toBe(true);
  });

  it('sends a test email from the page and shows the result', async () => {
    await page.fill('#send-to', 'ada@example.com');
    await page.click('#send-button');
    await expect.poll(text('#send-result')).toContain('Sent to ada@example.com');
    expect(dev.inbox.list()[0]?.subject).toBe('Welcome, Bartholomew Maximilian Fitzgerald-Worthington');
    await shot('template-sent');
  });

  it('shows mail an app sends over SMTP in the Inbox view, live', async () => {
    await open('/inbox');
    const before = await page.locator('#inbox-list a').count();
    await nodemailer.createTransport({ host: '127.0.0.1', port: dev.smtp.port, secure: false }).sendMail({
      from: '"Shop" <shop@example.com>',
      to: 'grace@example.com',
      subject: 'Your order has shipped',
      text: 'Tracking: ZX-42',
      html: '<h2 id="shipped">Your order has shipped</h2><p>Tracking: <b>ZX-42</b></p>',
      attachments: [{ filename: 'invoice.txt', content: 'invoice 42' }],
    });
    await expect.poll(() => page.locator('#inbox-list a').count()).toBe(before + 1);
    await page.locator('#inbox-list a', { hasText: 'Your order has shipped' }).click();
    await expect.poll(text('#message-subject')).toBe('Your order has shipped');
    await expect
      .poll(() => page.frameLocator('#message-frame').locator('#shipped').textContent())
      .toBe('Your order has shipped');
    await shot('inbox');
    await page.click('#tab-attachments');
    expect(await page.locator('#message-attachments').textContent()).toContain('invoice.txt');
    await page.click('#tab-headers');
    expect(await page.locator('#message-headers').textContent()).toContain('grace@example.com');
    await page.click('#tab-source');
    await expect.poll(text('#message-source')).toContain('Subject: Your order has shipped');
    await shot('inbox-source');
  });
});
