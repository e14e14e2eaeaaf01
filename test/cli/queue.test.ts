import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createMailQueue } from 'mailsmith/queue';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { obliterateQueue, REDIS_URL, redisAvailable, uniqueQueueName } from '../helpers/redis.js';
import { fixtureDir, root, runCli } from './run.js';
import { startPlainServer, type TestServer } from './smtp.js';

const available = await redisAvailable();
const data = { name: 'Ada', url: 'https://example.com/a' };

describe.skipIf(!available)('mailsmith queue / worker', () => {
  let server: TestServer;
  let fixture: Awaited<ReturnType<typeof fixtureDir>>;
  const name = uniqueQueueName('cli');
  beforeAll(async () => {
    server = await startPlainServer({
      onRcptTo(address, _session, callback) {
        if (address.address.startsWith('gone@')) {
          return callback(Object.assign(new Error('5.1.1 Mailbox not found'), { responseCode: 550 }));
        }
        callback();
      },
    });
    fixture = await fixtureDir('good');
  });
  afterAll(async () => {
    await server?.close();
    await fixture?.cleanup();
    await obliterateQueue(name);
  });

  const cli = (args: string[]) => runCli(args, { cwd: fixture.dir });

  it('worker delivers what was queued, reports permanent failures, and stops cleanly on SIGTERM', async () => {
    const queue = createMailQueue<Record<never, never>>({ connection: REDIS_URL, name });
    await queue.send('hello', data, { to: 'cli-1@163.com', from: 'app@acme.test' });
    await queue.send('hello', data, { to: 'gone@163.com', from: 'app@acme.test' });

    const stats = await cli(['queue', 'stats', '--redis', REDIS_URL, '--name', name, '--json']);
    expect(stats.code).toBe(0);
    expect(JSON.parse(stats.stdout)).toEqual({ waiting: 2, active: 0, completed: 0, failed: 0, delayed: 0 });

    const worker = spawn(
      process.execPath,
      [
        '--import',
        join(root, 'node_modules/tsx/dist/loader.mjs'),
        join(root, 'src/cli/bin.ts'),
        'worker',
        '--redis',
        REDIS_URL,
        '--name',
        name,
        '--concurrency',
        '2',
        '--transport',
        `smtp://127.0.0.1:${server.port}`,
      ],
      { cwd: fixture.dir, env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1' } },
    );
    let stdout = '';
    let stderr = '';
    worker.stdout.on('data', (c) => {
      stdout += c;
    });
    worker.stderr.on('data', (c) => {
      stderr += c;
    });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      worker.on('exit', (code, signal) => resolve({ code, signal })),
    );
    const deadline = Date.now() + 25_000;
    while (
      JSON.stringify(await queue.stats()) !==
      JSON.stringify({ waiting: 0, active: 0, completed: 1, failed: 1, delayed: 0 })
    ) {
      if (Date.now() > deadline)
        throw new Error(`worker did not finish; stdout: ${stdout} stderr: ${stderr}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    worker.kill('SIGTERM');
    expect(await exited).toEqual({ code: null, signal: 'SIGTERM' });
    expect(stdout).toContain(
      `worker ready: queue ${name}, concurrency 2, transport smtp://127.0.0.1:${server.port}`,
    );
    expect(stderr).toContain('[RECIPIENT_REJECTED]');
    expect(server.received.map((m) => m.to)).toEqual([['cli-1@163.com']]);

    const listed = await cli(['queue', 'stats', '--redis', REDIS_URL, '--name', name]);
    expect(listed.stdout).toMatch(/^completed\s+1$/m);
    expect(listed.stdout).toMatch(/^failed \S+ hello → gone@163\.com: \[RECIPIENT_REJECTED\] /m);
    expect(listed.stdout).toContain('550 5.1.1 Mailbox not found');
    expect(listed.stdout).toMatch(/^ {2}hint: .+/m);

    const retried = await cli(['queue', 'retry-failed', '--redis', REDIS_URL, '--name', name]);
    expect(retried).toMatchObject({ code: 0, stdout: '1 failed job moved back to waiting\n' });
    expect(await queue.stats()).toMatchObject({ waiting: 1, failed: 0 });
    await queue.close();
  });

  it('a bad --concurrency or --rate is a usage error (exit 2) before anything connects', async () => {
    const bad = await cli(['worker', '--redis', REDIS_URL, '--concurrency', 'ten']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--concurrency ten is not a positive whole number');
    const rate = await cli(['worker', '--redis', REDIS_URL, '--rate', 'fast']);
    expect(rate.code).toBe(2);
    expect(rate.stderr).toMatch(/--rate fast .*\n\s+hint: e\.g\. --rate 20\/1000/);
  });

  it('an unreachable Redis fails the command with an error, not a hang', async () => {
    const result = await cli(['queue', 'stats', '--redis', 'redis://127.0.0.1:1', '--name', name]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/error/i);
  });
});
