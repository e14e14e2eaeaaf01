import { describe, expect, expectTypeOf, it, vi } from 'vitest';
import { z } from 'zod';
import { createMailer, type Mailer } from '../../src/mailer.js';
import { createTestMailer, fakeTransport, type SentMessage } from '../../src/testing/index.js';
import { memory } from '../../src/transports/memory.js';
import { type Fixtures, fixtureMailer, FIXTURE_TEMPLATES as templates } from './fixtures.js';

const welcome = (name: string) => ({ name, verifyUrl: `https://acme.example/verify?token=${name}-1` });

describe('createTestMailer', () => {
  it('records the real rendered message, newest last', async () => {
    const mailer = fixtureMailer({ from: '"Acme" <noreply@acme.example>' });
    await mailer.send('welcome', welcome('Ada'), { to: 'ada@163.com', cc: 'boss@126.com' });
    await mailer.send(
      'password-reset',
      { email: 'bob@qq.com', resetUrl: 'https://acme.example/r/9' },
      { to: 'bob@qq.com' },
    );

    expect(mailer.outbox).toHaveLength(2);
    const first = mailer.outbox[0] as SentMessage;
    expect(first).toMatchObject({
      template: 'welcome',
      data: welcome('Ada'),
      from: 'noreply@acme.example',
      to: ['ada@163.com'],
      cc: ['boss@126.com'],
      subject: 'Welcome, Ada!',
    });
    expect(first.html).toContain('<h1>Hi <b>Ada</b></h1>');
    expect(first.text).toContain('Verify my email [https://acme.example/verify?token=Ada-1]');
    expect(first.links()).toEqual([
      'https://acme.example/verify?token=Ada-1',
      'https://example.com/help?from=welcome&lang=zh',
    ]);
    expect(mailer.outbox.last()?.template).toBe('password-reset');
  });

  it('sends from test@mailsmith.test when MAILSMITH_FROM is empty', async () => {
    vi.stubEnv('MAILSMITH_FROM', '');
    try {
      const mailer = fixtureMailer();
      await mailer.send('welcome', welcome('Ada'), { to: 'ada@163.com' });
      expect(mailer.outbox.last()?.from).toBe('test@mailsmith.test');
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('looks messages up by recipient and template, and filters into another collection', async () => {
    const mailer = fixtureMailer();
    await mailer.send('welcome', welcome('Ada'), { to: '"Ada" <ada@163.com>' });
    await mailer.send('welcome', welcome('Bob'), { to: 'bob@qq.com', bcc: 'ADA@163.com' });
    await mailer.send(
      'password-reset',
      { email: 'ada@163.com', resetUrl: 'https://acme.example/r' },
      { to: 'ada@163.com' },
    );

    expect(mailer.outbox.for('Ada <ada@163.com>').map((m) => m.subject)).toEqual([
      'Welcome, Ada!',
      'Welcome, Bob!',
      'Reset your password',
    ]);
    expect(mailer.outbox.for('bob@qq.com').last()?.subject).toBe('Welcome, Bob!');
    expect(mailer.outbox.for('nobody@qq.com').last()).toBeUndefined();
    expect(mailer.outbox.of('welcome').map((m) => m.to[0])).toEqual(['ada@163.com', 'bob@qq.com']);
    const filtered = mailer.outbox.filter((m) => m.subject.startsWith('Reset'));
    expect(filtered.last()?.template).toBe('password-reset');
    expect('clear' in filtered).toBe(false);
    expect(Array.isArray(mailer.outbox.map((m) => m.subject))).toBe(true);
  });

  it('clear() empties the outbox', async () => {
    const mailer = fixtureMailer();
    await mailer.send('welcome', welcome('Ada'), { to: 'ada@163.com' });
    mailer.outbox.clear();
    expect(mailer.outbox).toHaveLength(0);
    expect(mailer.fake.messages).toHaveLength(0);
  });

  it('checks input like production: a bad address or unknown template throws and records nothing', async () => {
    const mailer = fixtureMailer();
    await expect(mailer.send('welcome', welcome('Ada'), { to: 'not an address' })).rejects.toMatchObject({
      code: 'INVALID_ADDRESS',
    });
    // @ts-expect-error: not a template of the registry
    await expect(mailer.send('nope', {}, { to: 'ada@163.com' })).rejects.toMatchObject({
      code: 'TEMPLATE_NOT_FOUND',
    });
    expect(mailer.outbox).toHaveLength(0);
    expect(mailer.fake.attempts).toBe(0);
  });

  it('injects failures with `fail`', async () => {
    const mailer = fixtureMailer({ fail: { responseCode: 451 } });
    await expect(mailer.send('welcome', welcome('Ada'), { to: 'ada@163.com' })).rejects.toMatchObject({
      code: 'TRANSPORT',
      retryable: true,
    });
    expect(mailer.outbox).toHaveLength(0);
  });

  it('follows useTransport: the outbox is the swapped-in fake transport’s until restored', async () => {
    const mailer = fixtureMailer();
    const other = fakeTransport();
    const restore = mailer.useTransport(other);
    await mailer.send('welcome', welcome('Ada'), { to: 'ada@163.com' });
    expect(mailer.outbox).toBe(other.outbox);
    restore();
    expect(mailer.outbox).toHaveLength(0);
    await mailer.send('welcome', welcome('Bob'), { to: 'bob@qq.com' });
    expect(mailer.outbox.map((m) => m.to[0])).toEqual(['bob@qq.com']);
  });

  it('works as the transport of an app mailer swapped with useTransport', async () => {
    const app = createMailer({
      templates,
      transport: memory(),
      from: 'noreply@acme.example',
    }) as unknown as Mailer<Fixtures>;
    const transport = fakeTransport();
    const restore = app.useTransport(transport);
    await app.send('welcome', welcome('Ada'), { to: 'ada@163.com' });
    restore();
    expect(transport.outbox.last()?.subject).toBe('Welcome, Ada!');
  });

  it('is typed by schemas: template names and data', async () => {
    const mailer = createTestMailer({
      templates,
      schemas: { welcome: z.object({ name: z.string(), verifyUrl: z.url() }) },
    });
    await mailer.send('welcome', welcome('Ada'), { to: 'ada@163.com' });
    const sent = mailer.outbox.of('welcome').last();
    expectTypeOf(sent?.data).toEqualTypeOf<{ name: string; verifyUrl: string } | undefined>();
    // @ts-expect-error: data must match the schema
    await expect(mailer.send('welcome', { name: 1 }, { to: 'ada@163.com' })).rejects.toMatchObject({
      code: 'TEMPLATE_DATA_INVALID',
    });
    expect(mailer.outbox).toHaveLength(1);
  });
});
