import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors/ConfigError.js';
import {
  createMailer,
  defineTransport,
  memory,
  registeredSchemes,
  resolveTransport,
} from '../../src/index.js';
import type { Dsn } from '../../src/transports/dsn.js';

describe('transport registry', () => {
  it('registers the built-ins the way a third party would', () => {
    expect(registeredSchemes()).toEqual(
      expect.arrayContaining(['memory', 'outbox', 'smtp', 'smtps', 'qq', 'exmail', '163', '126']),
    );
  });

  it('builds a third-party transport from its URL, in createMailer and failover URLs', async () => {
    const seen: Dsn[] = [];
    const kept = memory();
    defineTransport({
      schemes: ['acmeapi'],
      dsn: { host: 'none' },
      create(dsn) {
        seen.push(dsn);
        return { ...kept, name: 'acmeapi', toString: () => String(dsn) };
      },
    });
    const t = resolveTransport('acmeapi://:tok-3@?region=cn');
    expect(String(t)).toBe('acmeapi://:****@?region=cn');
    expect(seen[0]).toMatchObject({ scheme: 'acmeapi', password: 'tok-3', options: { region: 'cn' } });

    const mailer = createMailer({
      templates: 'test/fixtures/templates/ok',
      transport: 'failover(acmeapi://:tok-4@ memory://)',
      from: 'noreply@acme.test',
    });
    await mailer.send('plain-html' as never, { name: 'Ada', url: 'https://a.test' } as never, {
      to: 'ada@163.com',
    });
    expect(kept.messages).toHaveLength(1);
    expect(String(mailer.transport)).toBe('failover(acmeapi://:****@ memory://)');
  });

  it('lists the registered schemes for an unknown one, never echoing the password', () => {
    let error: unknown;
    try {
      resolveTransport('smtpx://u:hunter2-secret@h:465');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const { message, hint } = error as ConfigError;
    expect(message).toMatch(/Unknown transport scheme "smtpx:\/\/"/);
    for (const s of [
      'smtps://',
      'smtp://',
      'qq://',
      'exmail://',
      '163://',
      '126://',
      'memory://',
      'outbox://',
    ]) {
      expect(hint).toContain(s);
    }
    expect(`${message}${hint}${(error as Error).stack}`).not.toContain('hunter2');
  });

  it('refuses a definition whose scheme is not a URL scheme', () => {
    expect(() => defineTransport({ schemes: ['My API://'], create: () => memory() })).toThrow(
      /"My API:\/\/" is not a URL scheme/,
    );
    expect(() => defineTransport({ schemes: 'x' as never, create: () => memory() })).toThrow(ConfigError);
  });
});
