import { symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startPreviewServer } from '../../src/preview/server.js';
import type { PreviewServer } from '../../src/preview/types.js';
import { createRenderer } from '../../src/render/renderer.js';
import { edit, fixtureCopy, getJson, nextEvent, openEvents } from './helpers.js';

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

/** Edits hello/subject.hbs and waits for the live-reload event naming it. */
async function editIsReloaded(url: string): Promise<void> {
  const events = await openEvents(url);
  try {
    await edit(join(fixture.templates, 'hello/subject.hbs'), 'Welcome', 'Hi');
    const change = await nextEvent(events.reader, (e) =>
      ((e.data as { files?: string[] }).files ?? []).includes('hello/subject.hbs'),
    );
    expect(change.event).toBe('change');
  } finally {
    events.close();
  }
  const { templates } = await getJson<{ templates: { name: string; subject?: string }[] }>(
    url,
    '/api/templates',
  );
  expect(templates.find((t) => t.name === 'hello')?.subject).toBe('Hi, Ada');
}

describe('template watcher: errors never stop the preview', () => {
  it('starts with a symlink loop in the templates folder, serves, and still reloads edits', async () => {
    await symlink('..', join(fixture.templates, 'hello/loop'));
    server = await startPreviewServer({ templates: fixture.templates, port: 0 });
    await editIsReloaded(server.url);
  });

  it('keeps serving when a symlink loop appears after start', async () => {
    server = await startPreviewServer({ templates: fixture.templates, port: 0 });
    const events = await openEvents(server.url);
    try {
      await symlink('..', join(fixture.templates, 'hello/loop'));
      const change = await nextEvent(events.reader, (e) => e.event === 'change');
      // The link itself is reported, not a walk through it (hello/loop/hello/loop/…).
      expect((change.data as { files: string[] }).files).toEqual(['hello/loop']);
    } finally {
      events.close();
    }
    await editIsReloaded(server.url);
  });
});

describe('template watcher: one edit recompiles only what depends on it', () => {
  it('recompiles just the edited template, or just the users of an edited partial', async () => {
    const { cp } = await import('node:fs/promises');
    for (let i = 0; i < 30; i++) {
      await cp(join(fixture.templates, 'plain'), join(fixture.templates, `copy-${i}`), { recursive: true });
    }
    const compiled: string[] = [];
    const renderer = createRenderer({
      dir: fixture.templates,
      checkInterval: 0,
      onCompile: (e) => compiled.push(e.name),
    });
    server = await startPreviewServer({ templates: fixture.templates, port: 0, renderer });
    const list = () =>
      getJson<{ templates: { name: string; subject?: string }[] }>(server!.url, '/api/templates');
    expect((await list()).templates).toHaveLength(32);
    expect(compiled).toHaveLength(32);

    const events = await openEvents(server.url);
    try {
      compiled.length = 0;
      await edit(join(fixture.templates, 'copy-7/subject.hbs'), 'Your code', 'Code');
      await nextEvent(events.reader, (e) => e.event === 'change');
      const { templates } = await list();
      expect(templates.find((t) => t.name === 'copy-7')?.subject).toMatch(/^Code/);
      expect(compiled).toEqual(['copy-7']);

      compiled.length = 0;
      await edit(join(fixture.templates, '_partials/footer.mjml'), 'footer-v1', 'footer-v2');
      await nextEvent(events.reader, (e) => e.event === 'change');
      await list();
      // Every template registers every .hbs partial, but .mjml partials are read only where used.
      expect(compiled).toEqual(['hello']);
    } finally {
      events.close();
    }
  });

  it('compiles the index with bounded concurrency', async () => {
    const { cp } = await import('node:fs/promises');
    for (let i = 0; i < 20; i++) {
      await cp(join(fixture.templates, 'hello'), join(fixture.templates, `copy-${i}`), { recursive: true });
    }
    const inner = createRenderer({ dir: fixture.templates, checkInterval: 0 });
    let inFlight = 0;
    let most = 0;
    const renderer = {
      ...inner,
      async get(name: string) {
        most = Math.max(most, ++inFlight);
        try {
          return await inner.get(name);
        } finally {
          inFlight--;
        }
      },
    };
    server = await startPreviewServer({ templates: fixture.templates, port: 0, renderer, watch: false });
    const { templates } = await getJson<{ templates: unknown[] }>(server.url, '/api/templates');
    expect(templates).toHaveLength(22);
    expect(most).toBeGreaterThan(1);
    expect(most).toBeLessThanOrEqual(4);
  });
});
