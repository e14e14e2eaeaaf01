import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
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

describe('mailsmith send-many', () => {
  it('sends one message per line, reports each outcome, and exits 1 when one failed', async () => {
    server = await startPlainServer({
      onRcptTo(address, _session, callback) {
        callback(
          address.address.startsWith('gone')
            ? Object.assign(new Error('No such user'), { responseCode: 550 })
            : undefined,
        );
      },
    });
    const lines = [
      { template: 'plain', data: { code: '1' }, to: 'a@example.com' },
      { template: 'plain', data: { code: '2' }, to: 'gone@example.com' },
      '',
      { template: 'plain', data: { code: '3' }, to: ['c@example.com', 'd@example.com'] },
    ];
    await writeFile(
      join(dir, 'batch.jsonl'),
      lines.map((l) => (l === '' ? '' : JSON.stringify(l))).join('\n'),
    );
    const result = await runCli(
      ['send-many', 'batch.jsonl', '--concurrency', '2', '--transport', `smtp://127.0.0.1:${server.port}`],
      { cwd: dir, env: { MAILSMITH_FROM: 'noreply@acme.test' } },
    );
    expect(result.code).toBe(1);
    const outcomes = result.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(outcomes).toMatchObject([
      { line: 1, status: 'sent', messageId: expect.stringMatching(/^<.+>$/) },
      { line: 2, status: 'failed', code: 'RECIPIENT_REJECTED' },
      { line: 4, status: 'sent' },
    ]);
    expect(result.stderr).toContain('line 2: RECIPIENT_REJECTED');
    expect(result.stderr).toContain('sent 2, failed 1 (of 3)');
    expect(server.received.map((r) => r.mail.subject).sort()).toEqual(['Code 1', 'Code 3']);
  });

  it('refuses a malformed line before sending anything (exit 2, file and line)', async () => {
    server = await startPlainServer();
    await writeFile(
      join(dir, 'bad.jsonl'),
      `${JSON.stringify({ template: 'plain', data: { code: '1' }, to: 'a@example.com' })}\n{"template": "plain",\n`,
    );
    const result = await runCli(
      ['send-many', 'bad.jsonl', '--transport', `smtp://127.0.0.1:${server.port}`],
      {
        cwd: dir,
        env: { MAILSMITH_FROM: 'noreply@acme.test' },
      },
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('bad.jsonl:2: not valid JSON');
    expect(server.received).toHaveLength(0);
  });
});
