import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMailer, type Mailer, memory, type Transport } from '../src/index.js';

// Fixture templates, so these tests do not depend on the shipped ones; untyped mode on purpose.
type Untyped = Mailer<Record<never, never>>;
const templates = 'test/fixtures/templates/ok';
const data = {
  name: 'Ada',
  url: 'https://example.com/a',
  verifyUrl: 'https://example.com/v',
  team: 'Acme',
  site: 'https://acme.example.com',
};

function untyped(options: Parameters<typeof createMailer>[0]): Untyped {
  return createMailer(options) as unknown as Untyped;
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('createMailer', () => {
  it('renders without any transport or credentials', async () => {
    vi.stubEnv('MAILSMITH_SMTP_USER', '');
    vi.stubEnv('MAILSMITH_SMTP_PASS', '');
    vi.stubEnv('MAILSMITH_TRANSPORT', '');
    const mailer = untyped({ templates });
    const { subject, html, text } = await mailer.render('basic', data);
    expect(subject).toBe('Hello Ada');
    expect(html).toContain('Hi Ada');
    expect(text).toContain('[https://example.com/v]');
  });

  it('defaults to QQ Mail and says which variables to set when credentials are missing', async () => {
    vi.stubEnv('MAILSMITH_SMTP_USER', '');
    vi.stubEnv('MAILSMITH_SMTP_PASS', '');
    vi.stubEnv('MAILSMITH_TRANSPORT', '');
    const mailer = untyped({ templates, from: 'a@qq.com' });
    const error = await mailer.send('basic', data, { to: 'ada@163.com' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'CONFIG' });
    expect(String((error as Error).message)).toMatch(/MAILSMITH_SMTP_USER/);
    expect(String((error as Error).message)).toMatch(/MAILSMITH_SMTP_PASS/);
  });

  it('uses smtp.qq.com:465 with TLS and the env credentials, and sends from the login by default', () => {
    vi.stubEnv('MAILSMITH_TRANSPORT', '');
    vi.stubEnv('MAILSMITH_SMTP_USER', '10001@qq.com');
    vi.stubEnv('MAILSMITH_SMTP_PASS', 'abcdefghijklmnop');
    const mailer = untyped({ templates });
    expect(String(mailer.transport)).toBe('smtps://10001@qq.com:****@smtp.qq.com:465');
    expect(String(mailer.transport)).not.toContain('abcdefghijklmnop');
    expect(mailer.transport.defaultFrom).toBe('10001@qq.com');
  });

  it('treats an empty MAILSMITH_FROM as unset and sends from the login', async () => {
    vi.stubEnv('MAILSMITH_FROM', '');
    const transport = { ...memory(), defaultFrom: '10001@qq.com' };
    const mailer = untyped({ templates, transport });
    const result = await mailer.send('basic', data, { to: 'ada@163.com' });
    expect(result.envelope.from).toBe('10001@qq.com');
  });

  it('takes MAILSMITH_TRANSPORT and MAILSMITH_FROM from the environment', async () => {
    vi.stubEnv('MAILSMITH_TRANSPORT', 'memory://');
    vi.stubEnv('MAILSMITH_FROM', '"Env" <env@qq.com>');
    const mailer = untyped({ templates });
    const result = await mailer.send('basic', data, { to: 'ada@163.com' });
    expect(result.envelope).toEqual({ from: 'env@qq.com', to: ['ada@163.com'] });
    expect(String(mailer.transport)).toBe('memory://');
  });

  it('lets values passed in code win over the environment', async () => {
    vi.stubEnv('MAILSMITH_TRANSPORT', 'outbox://./should-not-be-used');
    vi.stubEnv('MAILSMITH_FROM', 'env@qq.com');
    const transport = memory();
    const mailer = untyped({ templates, transport, from: 'code@qq.com' });
    await mailer.send('basic', data, { to: 'ada@163.com', from: 'per-send@qq.com' });
    await mailer.send('basic', data, { to: 'ada@163.com' });
    expect(transport.messages.map((m) => m.from.address)).toEqual(['per-send@qq.com', 'code@qq.com']);
  });
});

describe('mailer.send', () => {
  it('sends through the transport and records template and data', async () => {
    const transport = memory();
    const mailer = untyped({ templates, transport, from: '"Acme" <10001@qq.com>' });
    const result = await mailer.send('basic', data, { to: ['ada@163.com', 'Bob <bob@126.com>'] });
    expect(result).toMatchObject({ accepted: ['ada@163.com', 'bob@126.com'], rejected: [] });
    expect(result.messageId).toBe(transport.messages[0]?.messageId);
    expect(transport.messages[0]).toMatchObject({ template: 'basic', data, subject: 'Hello Ada' });
  });

  it('binds recipients with to()', async () => {
    const transport = memory();
    const mailer = untyped({ templates, transport, from: 'a@qq.com' });
    await mailer.to('ada@163.com').send('basic', data, { cc: 'c@qq.com' });
    expect(transport.messages[0]?.envelope.to).toEqual(['ada@163.com', 'c@qq.com']);
  });

  it('sends nothing when the template or the data is bad', async () => {
    const transport = memory();
    const mailer = untyped({ templates, transport, from: 'a@qq.com' });
    await expect(mailer.send('nope', data, { to: 'ada@163.com' })).rejects.toMatchObject({
      code: 'TEMPLATE_NOT_FOUND',
      available: expect.arrayContaining(['basic']),
    });
    await expect(mailer.send('basic', { url: 1 }, { to: 'ada@163.com' })).rejects.toMatchObject({
      code: 'TEMPLATE_DATA_INVALID',
    });
    expect(transport.messages).toHaveLength(0);
  });

  it('needs a sender for a transport that delivers (memory:// and outbox:// have a placeholder)', async () => {
    const delivering: Transport = {
      name: 'real',
      send: () => Promise.reject(new Error('unreached')),
      toString: () => 'real://',
    };
    const mailer = untyped({ templates, transport: delivering });
    vi.stubEnv('MAILSMITH_FROM', '');
    await expect(mailer.send('basic', data, { to: 'ada@163.com' })).rejects.toMatchObject({ code: 'CONFIG' });
  });

  it('wraps a foreign transport failure in a TransportError', async () => {
    const broken: Transport = {
      name: 'broken',
      send: () => Promise.reject(new Error('disk full')),
      toString: () => 'broken://',
    };
    const mailer = untyped({ templates, transport: broken, from: 'a@qq.com' });
    await expect(mailer.send('basic', data, { to: 'ada@163.com' })).rejects.toMatchObject({
      name: 'TransportError',
      code: 'TRANSPORT',
      transport: 'broken://',
      message: expect.stringContaining('disk full'),
    });
  });
});

describe('transport lifecycle', () => {
  it('swaps the transport and restores it', async () => {
    const first = memory();
    const second = memory();
    const mailer = untyped({ templates, transport: first, from: 'a@qq.com' });
    const restore = mailer.useTransport(second);
    await mailer.send('basic', data, { to: 'ada@163.com' });
    restore();
    await mailer.send('basic', data, { to: 'ada@163.com' });
    expect([first.messages.length, second.messages.length]).toEqual([1, 1]);
  });

  it('forwards verify and close when the transport has them', async () => {
    const calls: string[] = [];
    const transport: Transport = {
      name: 'spy',
      send: () => Promise.reject(new Error('unused')),
      verify: async () => void calls.push('verify'),
      close: async () => void calls.push('close'),
    };
    const mailer = untyped({ templates, transport });
    await mailer.verify();
    await mailer.close();
    expect(calls).toEqual(['verify', 'close']);
    // A transport without them is fine too.
    await expect(untyped({ templates, transport: memory() }).verify()).resolves.toBeUndefined();
  });

  it('invalidate(name) makes the next render read the edited template; without it the cache answers', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mailsmith-invalidate-'));
    try {
      await mkdir(join(dir, 'note'));
      await writeFile(join(dir, 'note/subject.hbs'), 'Before {{n}}');
      await writeFile(join(dir, 'note/html.hbs'), '<p>{{n}}</p>');
      // A long check interval: only invalidate() can make the edit visible within this test.
      const mailer = untyped({ templates: dir, transport: memory(), checkInterval: 60_000 });
      expect((await mailer.render('note', { n: 1 })).subject).toBe('Before 1');
      await writeFile(join(dir, 'note/subject.hbs'), 'After {{n}}');
      expect((await mailer.render('note', { n: 2 })).subject).toBe('Before 2');
      mailer.invalidate('note');
      expect((await mailer.render('note', { n: 3 })).subject).toBe('After 3');
      await writeFile(join(dir, 'note/subject.hbs'), 'Again {{n}}');
      mailer.invalidate();
      expect((await mailer.render('note', { n: 4 })).subject).toBe('Again 4');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
