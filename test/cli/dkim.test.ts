import { createPrivateKey, createPublicKey } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './run.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mailsmith-dkim-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const publicOf = (pem: string) =>
  createPublicKey(createPrivateKey(pem)).export({ type: 'spki', format: 'der' }).toString('base64');

describe('mailsmith dkim keygen', () => {
  it('prints a private key and the TXT record publishing its public half', async () => {
    const { code, stdout } = await runCli(['dkim', 'keygen', '--selector', 's1', '--domain', 'acme.cn'], {
      cwd: dir,
    });
    expect(code).toBe(0);
    const pem = /-----BEGIN PRIVATE KEY-----[\s\S]+?-----END PRIVATE KEY-----/.exec(stdout)?.[0] ?? '';
    expect(stdout).toContain('name:  s1._domainkey.acme.cn');
    const p = /value: v=DKIM1; k=rsa; p=([A-Za-z0-9+/=]+)/.exec(stdout)?.[1];
    expect(p).toBe(publicOf(pem));
  });

  it('--out writes the key to a file only its owner can read, and does not print it', async () => {
    const out = join(dir, 'dkim.pem');
    const { code, stdout } = await runCli(
      ['dkim', 'keygen', '--selector', 'mail', '--domain', 'acme.cn', '--bits', '1024', '--out', out],
      { cwd: dir },
    );
    expect(code).toBe(0);
    expect(stdout).not.toContain('PRIVATE KEY-----');
    expect((await stat(out)).mode & 0o777).toBe(0o600);
    const p = /p=([A-Za-z0-9+/=]+)/.exec(stdout)?.[1];
    expect(p).toBe(publicOf(await readFile(out, 'utf8')));
  });

  it('a domain that cannot sign is a CONFIG error; a bad --bits is a usage error', async () => {
    const bad = await runCli(['dkim', 'keygen', '--selector', 's1', '--domain', 'localhost'], { cwd: dir });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('CONFIG');
    expect(bad.stdout).toBe('');
    const bits = await runCli(['dkim', 'keygen', '--selector', 's1', '--domain', 'acme.cn', '--bits', '12'], {
      cwd: dir,
    });
    expect(bits.code).toBe(2);
    expect(bits.stderr).toContain('--bits');
  });
});
