import { readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/index.js';
import { collect } from '../cli/run.js';
import { fixtureCopy, getJson } from './helpers.js';

interface Running {
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number>;
  /** True once the command returned. */
  finished: () => boolean;
  /** Stops a long-running command, as Ctrl-C does. */
  stop: () => void;
}

/** Starts `mailsmith <args>` in-process, without the caller's MAILSMITH_* env; `stop()` ends it. */
function start(args: string[], cwd: string): Running {
  const stdout = collect();
  const stderr = collect();
  const controller = new AbortController();
  let done = false;
  const exited = run(args, {
    stdout,
    stderr,
    cwd,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1' },
    signal: controller.signal,
  }).finally(() => {
    done = true;
  });
  return {
    stdout: stdout.text,
    stderr: stderr.text,
    exited,
    finished: () => done,
    stop: () => controller.abort(),
  };
}

async function waitFor(
  running: Running,
  pattern: RegExp,
  stream: 'stdout' | 'stderr' = 'stdout',
): Promise<RegExpExecArray> {
  for (let i = 0; i < 300; i++) {
    const match = pattern.exec(running[stream]());
    if (match) return match;
    if (running.finished()) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`no ${pattern} in output:\n${running.stdout()}\n${running.stderr()}`);
}

let fixture: Awaited<ReturnType<typeof fixtureCopy>>;
let running: Running | undefined;
beforeEach(async () => {
  fixture = await fixtureCopy();
});
afterEach(async () => {
  running?.stop();
  await running?.exited;
  running = undefined;
  await fixture.cleanup();
});

/** Waits until `file` exists and holds `text` (or the process ends first). */
async function waitForFile(running: Running, file: string, text: string): Promise<string> {
  for (let i = 0; i < 300; i++) {
    const content = await readFile(file, 'utf8').catch(() => '');
    if (content.includes(text)) return content;
    if (running.finished()) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`${file} never held ${text}:\n${running.stdout()}\n${running.stderr()}`);
}

describe('types follow the templates', () => {
  it('types --watch writes the declaration, then again when a template changes', async () => {
    running = start(['types', '--watch'], fixture.dir);
    await waitFor(running, /types: wrote mailsmith-env\.d\.ts \(hello, plain\)/);
    await waitFor(running, /watching /, 'stderr'); // printed once the watcher is ready
    const out = join(fixture.dir, 'mailsmith-env.d.ts');
    expect(await readFile(out, 'utf8')).not.toContain('promo');
    await writeFile(join(fixture.templates, 'plain', 'subject.hbs'), 'Your code: {{code}} {{promo}}');
    expect(await waitForFile(running, out, 'promo: string | number;')).toContain('code: string');
    running.stop();
    expect(await running.exited).toBe(0);
  });

  it('preview regenerates the types file as templates change; --no-types leaves it alone', async () => {
    running = start(['preview', '--port', '0'], fixture.dir);
    await waitFor(running, /mailsmith preview: /);
    const out = join(fixture.dir, 'mailsmith-env.d.ts');
    await waitForFile(running, out, 'hello: {');
    await writeFile(join(fixture.templates, 'hello', 'subject.hbs'), 'Welcome, {{name}} from {{city}}');
    await waitForFile(running, out, 'city: string | number;');
    running.stop();
    expect(await running.exited).toBe(0);

    await rm(out);
    running = start(['preview', '--port', '0', '--no-types'], fixture.dir);
    await waitFor(running, /mailsmith preview: /);
    await writeFile(join(fixture.templates, 'hello', 'subject.hbs'), 'Welcome, {{name}}!');
    running.stop();
    expect(await running.exited).toBe(0);
    expect(await readFile(out, 'utf8').catch(() => 'none')).toBe('none');
  });
});

describe('mailsmith preview / dev', () => {
  it('preview serves the templates folder and exits 0 when stopped', async () => {
    running = start(['preview', '--port', '0'], fixture.dir);
    const [, url] = await waitFor(running, /mailsmith preview: (http:\/\/127\.0\.0\.1:\d+)/);
    const { templates } = await getJson<{ templates: { name: string; subject: string }[] }>(
      url!,
      '/api/templates',
    );
    expect(templates.map((t) => t.subject)).toEqual(['Welcome, Ada', 'Your code: 123456']);
    running.stop();
    expect(await running.exited).toBe(0);
  });

  it('dev captures SMTP mail into the inbox folder given on the command line', async () => {
    running = start(
      ['dev', '--port', '0', '--smtp-port', '0', '--inbox', 'captured', '--max', '5'],
      fixture.dir,
    );
    const [, url] = await waitFor(running, /mailsmith dev: (http:\/\/127\.0\.0\.1:\d+)/);
    const [, port] = await waitFor(running, /SMTP capture: smtp:\/\/127\.0\.0\.1:(\d+)/);
    await nodemailer
      .createTransport({ host: '127.0.0.1', port: Number(port), secure: false })
      .sendMail({ from: 'app@example.com', to: 'ada@example.com', subject: 'from the app', text: 'hi' });
    const inbox = await getJson<{ messages: { subject: string }[]; max: number }>(url!, '/api/inbox');
    expect(inbox).toMatchObject({ messages: [{ subject: 'from the app' }], max: 5 });
    // --inbox is relative to the command's working directory, not the test runner's.
    expect(running.stderr()).toContain(join(fixture.dir, 'captured'));
    running.stop();
    expect(await running.exited).toBe(0);
  });

  it('says what to do when the port is taken (exit 1) and rejects a bad port (exit 2)', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const port = (blocker.address() as { port: number }).port;
    try {
      running = start(['preview', '--port', String(port)], fixture.dir);
      expect(await running.exited).toBe(1);
      expect(running.stderr()).toMatch(/CONFIG.*already in use/);
      expect(running.stderr()).toContain('--port');
    } finally {
      blocker.close();
    }
    running = start(['dev', '--smtp-port', 'seventy'], fixture.dir);
    expect(await running.exited).toBe(2);
    expect(running.stderr()).toMatch(/port number/);
    running = start(['dev', '--smtp-key', 'key.pem'], fixture.dir);
    expect(await running.exited).toBe(2);
    expect(running.stderr()).toContain('--smtp-key and --smtp-cert go together');
  });
});
