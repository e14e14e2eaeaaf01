import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, spawnCli } from './run.js';
import { certFile, startAuthServer, startPlainServer } from './smtp.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mailsmith-verify-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('mailsmith verify', () => {
  it('succeeds against a reachable server', async () => {
    const server = await startPlainServer();
    try {
      const result = await runCli(['verify', '--transport', `smtp://127.0.0.1:${server.port}`], { cwd: dir });
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(`ok: smtp://127.0.0.1:${server.port}`);
    } finally {
      await server.close();
    }
  });

  it('fails with AUTH_FAILED and says what to fix, without printing the password', async () => {
    const server = await startAuthServer(false);
    try {
      // A child process: the test certificate is trusted through NODE_EXTRA_CA_CERTS, read at start-up.
      const result = await spawnCli(
        ['verify', '--transport', `smtp://ada%40qq.com:s3cret-code@127.0.0.1:${server.port}`],
        {
          cwd: dir,
          env: { NODE_EXTRA_CA_CERTS: certFile },
        },
      );
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('error [AUTH_FAILED]');
      expect(result.stderr).toMatch(/hint: .+/);
      expect(result.stderr).toContain('535');
      expect(result.stderr + result.stdout).not.toContain('s3cret-code');
    } finally {
      await server.close();
    }
  });

  it('logs in over STARTTLS and warns when From is not the login', async () => {
    const server = await startAuthServer(true);
    try {
      const result = await spawnCli(
        [
          'verify',
          '--transport',
          `smtp://ada%40acme.test:pw@127.0.0.1:${server.port}`,
          '--from',
          'Bob <bob@acme.test>',
        ],
        { cwd: dir, env: { NODE_EXTRA_CA_CERTS: certFile } },
      );
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('accepted the connection and login');
      expect(result.stderr).toContain('warning: From bob@acme.test is not the login ada@acme.test');
    } finally {
      await server.close();
    }
  });

  it('fails with a connection error when nothing listens', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as { port: number };
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const result = await runCli(['verify', '--transport', `smtp://127.0.0.1:${port}`], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/error \[CONNECTION\]/);
    expect(result.stderr).toContain('hint:');
  });

  it('rejects a malformed transport URL with a CONFIG error', async () => {
    const result = await runCli(['verify', '--transport', 'carrier-pigeon://coop'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error [CONFIG]');
  });
});
