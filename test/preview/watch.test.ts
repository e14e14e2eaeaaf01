import { symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startPreviewServer } from '../../src/preview/server.js';
import type { PreviewServer } from '../../src/preview/types.js';
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
