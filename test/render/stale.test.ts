import { fork } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRenderer } from '../../src/render/renderer.js';
import { CLOCK_SLACK_MS } from '../../src/render/stamps.js';
import type { CompileEvent } from '../../src/render/types.js';
import { copyOf, OK } from './fixtures.js';

const WRITER = fileURLToPath(new URL('./writer-child.ts', import.meta.url));
const settle = () => new Promise((resolve) => setTimeout(resolve, CLOCK_SLACK_MS + 20));

let root: { dir: string; remove(): Promise<void> };
beforeEach(async () => {
  root = await copyOf(OK);
  await settle();
});
afterEach(() => root.remove());

describe('renderer: no stale templates', () => {
  it('serves the last saved version when saves (atomic renames from another process) race compiles', async () => {
    const writer = fork(WRITER, [], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const replies: unknown[] = [];
    let wake: (() => void) | undefined;
    writer.on('message', (m) => {
      replies.push(m);
      wake?.();
    });
    const reply = async (want: unknown) => {
      while (!replies.includes(want)) await new Promise<void>((resolve) => (wake = resolve));
    };
    try {
      await reply('ready');
      // A template big enough that its compile takes a while: saves land in the middle of it.
      await mkdir(join(root.dir, 'big'));
      const section = '<mj-section><mj-column><mj-text>Row {{name}}</mj-text></mj-column></mj-section>';
      await writeFile(
        join(root.dir, 'big', 'html.mjml'),
        `<mjml><mj-body>${section.repeat(150)}</mj-body></mjml>`,
      );
      const subject = join(root.dir, 'big', 'subject.hbs');
      await writeFile(subject, 'v0 {{name}}');
      await settle();
      const times: number[] = [];
      const r = createRenderer({ dir: root.dir, checkInterval: 0, onCompile: (e) => times.push(e.ms) });
      await r.render('big', {});
      const stale: number[] = [];
      for (let n = 1; n <= 40; n++) {
        // One save starts a compile; a second save lands while that compile is in flight.
        writer.send({ path: subject, text: `draft${n} {{name}}`, n: -n });
        await reply(-n);
        await settle();
        const racing = r.render('big', { name: 'Ada' }).catch(() => undefined);
        const delay = Math.round(((n % 8) / 8) * (times.at(-1) ?? 20));
        writer.send({ path: subject, text: `v${n} {{name}}`, n, delay });
        await Promise.all([reply(n), racing]);
        await settle();
        const { subject: seen } = await r.render('big', { name: 'Ada' });
        if (seen !== `v${n} Ada`) stale.push(n);
      }
      expect(stale).toEqual([]);
    } finally {
      writer.send('stop');
    }
  }, 60_000);

  it('does not cache a compile that invalidate() overtook, and does not hand it to later callers', async () => {
    const compiles: CompileEvent[] = [];
    const r = createRenderer({ dir: root.dir, checkInterval: false, onCompile: (e) => compiles.push(e) });
    const before = r.get('basic');
    r.invalidate('basic');
    const after = r.get('basic');
    const [old, fresh] = await Promise.all([before, after]);
    expect(compiles).toHaveLength(2);
    expect(fresh).not.toBe(old);
    expect(await r.get('basic')).toBe(fresh);

    const inFlight = r.get('other-layout');
    r.invalidate(); // all templates
    const [first, second] = await Promise.all([inFlight, r.get('other-layout')]);
    expect(second).not.toBe(first);
    expect(await r.get('other-layout')).toBe(second);
    expect(compiles).toHaveLength(4);
  });
});
