import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixtureDir, runCli } from './run.js';
import { startPlainServer, type TestServer } from './smtp.js';

let dir: string;
let cleanup: () => Promise<void>;
let server: TestServer | undefined;
beforeEach(async () => {
  ({ dir, cleanup } = await fixtureDir('good'));
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  await cleanup();
});

describe('mailsmith send', () => {
  it('sends through a real SMTP server and prints the message id', async () => {
    server = await startPlainServer();
    const result = await runCli(
      ['send', 'hello', '--to', 'ada@example.com', '--transport', `smtp://127.0.0.1:${server.port}`],
      { cwd: dir, env: { MAILSMITH_FROM: 'Acme <noreply@acme.test>' } },
    );
    expect(result.stderr).toContain('sent "hello" to ada@example.com');
    expect(result.code).toBe(0);
    expect(server.received).toHaveLength(1);
    const [message] = server.received;
    expect(message?.to).toEqual(['ada@example.com']);
    expect(message?.from).toBe('noreply@acme.test');
    expect(message?.mail.subject).toBe('Welcome, Ada');
    expect(message?.mail.html).toContain('Hello Ada!');
    expect(result.stdout.trim()).toBe(message?.mail.messageId);
  });

  it('takes the transport from MAILSMITH_TRANSPORT and data from --data', async () => {
    server = await startPlainServer();
    await writeFile(join(dir, 'data.json'), JSON.stringify({ code: '424242' }));
    const result = await runCli(
      ['send', 'plain', '--to', 'a@example.com', '--to', 'b@example.com', '--data', 'data.json'],
      {
        cwd: dir,
        env: { MAILSMITH_TRANSPORT: `smtp://127.0.0.1:${server.port}`, MAILSMITH_FROM: 'noreply@acme.test' },
      },
    );
    expect(result.code).toBe(0);
    expect(server.received[0]?.to).toEqual(['a@example.com', 'b@example.com']);
    expect(server.received[0]?.mail.subject).toBe('Code 424242');
  });

  it('writes the message into an outbox:// folder', async () => {
    const result = await runCli(
      ['send', 'hello', '--scenario', 'grace', '--to', 'ada@example.com', '--transport', 'outbox://./outbox'],
      { cwd: dir, env: { MAILSMITH_FROM: 'noreply@acme.test' } },
    );
    expect(result.code).toBe(0);
    const files = await readdir(join(dir, 'outbox'));
    const eml = files.find((f) => f.endsWith('.eml'));
    expect(eml).toBeDefined();
    const mail = await simpleParser(await readFile(join(dir, 'outbox', eml!)));
    expect(mail.subject).toBe('Welcome, Grace');
    expect(result.stdout.trim()).toBe(mail.messageId);
  });

  it('prints the typed error and its hint when the server rejects the recipient (exit 1)', async () => {
    server = await startPlainServer({
      onRcptTo(_address, _session, callback) {
        callback(Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 }));
      },
    });
    const result = await runCli(
      ['send', 'hello', '--to', 'ghost@example.com', '--transport', `smtp://127.0.0.1:${server.port}`],
      { cwd: dir, env: { MAILSMITH_FROM: 'noreply@acme.test' } },
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/error \[RECIPIENT_REJECTED\]/);
    expect(result.stderr).toContain('Mailbox unavailable');
    expect(server.received).toHaveLength(0);
  });

  it('refuses a malformed address before connecting (exit 1, INVALID_ADDRESS)', async () => {
    server = await startPlainServer();
    const result = await runCli(
      ['send', 'hello', '--to', 'not an address', '--transport', `smtp://127.0.0.1:${server.port}`],
      {
        cwd: dir,
        env: { MAILSMITH_FROM: 'noreply@acme.test' },
      },
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error [INVALID_ADDRESS]');
    expect(result.stderr).toContain('hint:');
    expect(server.received).toHaveLength(0);
  });

  it('exits 2 without --to', async () => {
    const result = await runCli(['send', 'hello', '--transport', 'outbox://./outbox'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("required option '--to <addr>' not specified");
  });
});
