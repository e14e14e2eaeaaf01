import { resolve } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConfigError } from '../../src/errors/ConfigError.js';
import { buildMessage, prepareEnvelope } from '../../src/message/compose.js';
import type { OutboxTransport } from '../../src/transports/outbox.js';
import { resolveTransport } from '../../src/transports/resolve.js';
import type { SmtpTransport } from '../../src/transports/smtp.js';
import type { Transport } from '../../src/types.js';
import { startSmtpServer } from '../helpers/smtp-server.js';

/** What `fn` throws, message and hint (the hint says what to do; tests check both). */
function thrown(fn: () => unknown): { message: string; hint: string } {
  try {
    fn();
  } catch (error) {
    return { message: (error as Error).message, hint: (error as { hint?: string }).hint ?? '' };
  }
  throw new Error('expected a throw');
}

const CODE = 'abcd/efgh?ijkl@mn';
const enc = encodeURIComponent(CODE);

afterEach(() => {
  vi.unstubAllEnvs();
});

const config = (url: string) => (resolveTransport(url) as SmtpTransport).config;

describe('resolveTransport', () => {
  it('returns a transport object unchanged', () => {
    const t: Transport = { name: 'x', send: async () => ({}) as never, toString: () => 'x://' };
    expect(resolveTransport(t)).toBe(t);
  });

  it('builds smtps:// as implicit TLS and smtp:// as STARTTLS required', () => {
    expect(config(`smtps://me%40example.com:${enc}@mail.example.com:465`)).toMatchObject({
      host: 'mail.example.com',
      port: 465,
      secure: true,
      user: 'me@example.com',
      provider: undefined,
    });
    expect(config(`smtp://me:${enc}@mail.example.com:587`)).toMatchObject({
      port: 587,
      secure: false,
      requireTLS: true,
    });
    expect(config(`smtp://me:${enc}@mail.example.com`)).toMatchObject({ port: 587, requireTLS: true });
    expect(config('smtps://mail.example.com')).toMatchObject({ port: 465, secure: true });
    expect(config('smtp://127.0.0.1:1025')).toMatchObject({ port: 1025, requireTLS: false });
  });

  it('names the symptom of a port/scheme mismatch, and the scheme to write (not an option the URL never had)', () => {
    const failure = (url: string) => {
      try {
        resolveTransport(url);
      } catch (error) {
        return error as ConfigError;
      }
      throw new Error(`expected ${url} to be refused`);
    };
    const tls587 = failure('smtps://u:p@h:587');
    expect(tls587.message.split('\n')[0]).toBe(
      'smtps:// (implicit TLS) on port 587, which expects STARTTLS: TLS would fail with "wrong version number"',
    );
    expect(tls587.hint).toBe('use smtps:// for 465, smtp:// for 587');
    const plain465 = failure('smtp://u:p@h:465');
    expect(plain465.message.split('\n')[0]).toBe(
      'smtp:// (STARTTLS) on port 465, which expects implicit TLS: it would fail with "Greeting never received"',
    );
    expect(plain465.hint).toBe('use smtps:// for 465, smtp:// for 587');
    expect(plain465.message).not.toContain('secure');
  });

  it('maps query options, rejecting unknown ones and wrong types', () => {
    expect(config(`smtps://u:${enc}@h:465?pool=false&maxConnections=1`)).toMatchObject({
      pool: false,
      maxConnections: 1,
    });
    const unknown = thrown(() => resolveTransport(`smtps://u:${enc}@h:465?verify=false`));
    expect(`${unknown.message}\n${unknown.hint}`).toMatch(/Unknown option "verify".*valid options: pool/s);
    expect(() => resolveTransport(`smtps://u:${enc}@h:465?maxConnections=many`)).toThrow(/must be a number/);
  });

  it.each([
    ['qq', 'smtp.qq.com'],
    ['exmail', 'smtp.exmail.qq.com'],
    ['163', 'smtp.163.com'],
    ['126', 'smtp.126.com'],
  ])('builds %s:// from the preset (%s:465, TLS)', (scheme, host) => {
    const t = resolveTransport(`${scheme}://me@x.com:${enc}@`) as SmtpTransport;
    expect(t.config).toMatchObject({
      host,
      port: 465,
      secure: true,
      user: 'me@x.com',
      senderMustMatchUser: true,
    });
    expect(String(t)).toBe(`smtps://me@x.com:****@${host}:465`);
  });

  it('qq:// with no credentials falls back to the environment', () => {
    vi.stubEnv('MAILSMITH_SMTP_USER', '10001@qq.com');
    vi.stubEnv('MAILSMITH_SMTP_PASS', CODE);
    expect(config('qq://').user).toBe('10001@qq.com');
  });

  it('builds memory:// and outbox://<path>', () => {
    expect(resolveTransport('memory://').name).toBe('memory');
    const out = resolveTransport('outbox://./outbox') as OutboxTransport;
    expect(out.dir).toBe(resolve('./outbox'));
    expect((resolveTransport('outbox:///tmp/mailsmith-out') as OutboxTransport).dir).toBe(
      '/tmp/mailsmith-out',
    );
  });

  it('rejects unknown input with a ConfigError that never shows the password', () => {
    for (const bad of [`gmail://u:${enc}@`, `smtps://u:${enc}@`, `smtps://u:${enc}@h:0`, 'nonsense']) {
      let caught: unknown;
      try {
        resolveTransport(bad);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(ConfigError);
      expect(String((caught as Error).message)).not.toContain(CODE);
      expect(String((caught as Error).message)).not.toContain(enc);
    }
    expect(() => resolveTransport({} as never)).toThrow(/Not a transport/);
    expect(() => resolveTransport(undefined as never)).toThrow(ConfigError);
  });

  it('delivers through a resolved URL (real dev capture server, no auth)', async () => {
    const server = await startSmtpServer({ noStartTls: true });
    const t = resolveTransport(`smtp://127.0.0.1:${server.port}?pool=false`) as SmtpTransport;
    const message = buildMessage(await prepareEnvelope('dev@example.com', { to: 'ada@163.com' }), {
      subject: 'via URL',
      html: '<p>hi</p>',
      text: 'hi',
    });
    const result = await t.send(message);
    await t.close();
    await server.close();
    expect(result.accepted).toEqual(['ada@163.com']);
    expect(server.messages).toHaveLength(1);
    expect(server.connections).toBe(1);
  });
});
