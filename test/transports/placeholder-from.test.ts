import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMailer } from '../../src/index.js';

type Untyped = { send(name: string, data: unknown, o: { to: string }): Promise<{ files?: { eml: string } }> };
const templates = 'test/fixtures/templates/ok';
const data = {
  name: 'Ada',
  url: 'https://example.com/a',
  verifyUrl: 'https://example.com/v',
  team: 'Acme',
  site: 'https://acme.example.com',
};

afterEach(() => vi.unstubAllEnvs());

describe('memory:// and outbox:// need no from', () => {
  it('memory:// sends from the documented placeholder test@mailsmith.test', async () => {
    vi.stubEnv('MAILSMITH_FROM', '');
    const mailer = createMailer({ templates, transport: 'memory://' }) as unknown as Untyped & {
      transport: { messages: { from: { address: string } }[] };
    };
    await mailer.send('basic', data, { to: 'ada@163.com' });
    expect(mailer.transport.messages[0]?.from.address).toBe('test@mailsmith.test');
  });

  it('outbox:// writes the message with that sender', async () => {
    vi.stubEnv('MAILSMITH_FROM', '');
    const dir = await mkdtemp(join(tmpdir(), 'mailsmith-outbox-'));
    try {
      const mailer = createMailer({ templates, transport: `outbox://${dir}` }) as unknown as Untyped;
      const result = await mailer.send('basic', data, { to: 'ada@163.com' });
      expect(await readFile(result.files!.eml, 'utf8')).toMatch(/^From: test@mailsmith\.test\r?$/m);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
