import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceAvailable } from '../helpers/services.js';
import { runCli } from './run.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mailsmith-cli-suppressions-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('mailsmith suppressions list|add|remove', () => {
  it('adds, lists (text and --json), removes; the file is what the mailer reads', async () => {
    const add = await runCli(
      ['suppressions', 'add', 'Ada@163.com', '--reason', 'unsubscribe', '--scope', 'digest'],
      {
        cwd: dir,
      },
    );
    expect(add).toMatchObject({ code: 0, stdout: 'suppressed ada@163.com (unsubscribe, digest)\n' });
    await runCli(['suppressions', 'add', 'gone@qq.com', '--detail', 'typo'], { cwd: dir });

    const list = await runCli(['suppressions', 'list'], { cwd: dir });
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^ada@163\.com {2}unsubscribe scope=digest {2}\d{4}-/m);
    expect(list.stdout).toMatch(/^gone@qq\.com {2}manual {2}.* {2}typo$/m);
    const json = JSON.parse((await runCli(['suppressions', 'list', '--json'], { cwd: dir })).stdout);
    expect(json.map((e: { address: string }) => e.address)).toEqual(['ada@163.com', 'gone@qq.com']);
    const file = JSON.parse(await readFile(join(dir, '.mailsmith/suppressions.json'), 'utf8'));
    expect(file.suppressions).toHaveLength(2);

    expect(await runCli(['suppressions', 'remove', 'GONE@qq.com'], { cwd: dir })).toMatchObject({
      code: 0,
      stdout: 'removed gone@qq.com\n',
    });
    const again = await runCli(['suppressions', 'remove', 'gone@qq.com'], { cwd: dir });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('is not on');
  });

  it('a bad address or reason exits 1 with the code and a hint, and writes nothing', async () => {
    const other = join(dir, 'other.json');
    const bad = await runCli(['suppressions', 'add', 'not-an-address', '--file', other], { cwd: dir });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('error [CONFIG]: Cannot suppress "not-an-address"');
    expect(bad.stderr).toContain('hint:');
    const reason = await runCli(['suppressions', 'add', 'a@b.cn', '--reason', 'spam', '--file', other], {
      cwd: dir,
    });
    expect(reason.code).toBe(1);
    expect(reason.stderr).toContain('bounce, complaint, unsubscribe, manual');
    await expect(readFile(other)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe('mailsmith bounces poll', () => {
  it('without a mailbox exits 2 and says how to give one', async () => {
    const result = await runCli(['bounces', 'poll'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('MAILSMITH_BOUNCES_MAILBOX');
  });

  it('a refused login exits 1 with AUTH_FAILED and never prints the password', async () => {
    const up = await serviceAvailable(
      'dovecot-pop3',
      () =>
        new Promise<boolean>((resolve, reject) => {
          const s = connect({ host: '127.0.0.1', port: 110 }, () => {
            s.destroy();
            resolve(true);
          });
          s.once('error', (e) =>
            reject(new Error(`127.0.0.1:110: ${e.message}; run .ci/postfix-dovecot.sh`)),
          );
        }),
    );
    if (!up) return;
    const result = await runCli(['bounces', 'poll'], {
      cwd: dir,
      env: { MAILSMITH_BOUNCES_MAILBOX: 'pop3://bounces:not-the-pass-77@127.0.0.1:110' },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error [AUTH_FAILED]');
    expect(result.stdout + result.stderr).not.toContain('not-the-pass-77');
  });
});
