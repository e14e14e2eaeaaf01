import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConfigError } from '../../src/errors/ConfigError.js';
import { SenderMismatchError } from '../../src/errors/SenderMismatchError.js';
import { buildMessage, prepareEnvelope } from '../../src/message/compose.js';
import { preset, qq } from '../../src/transports/qq.js';

/** What `fn` throws, message and hint (the hint says what to do; tests check both). */
function thrown(fn: () => unknown): { message: string; hint: string } {
  try {
    fn();
  } catch (error) {
    return { message: (error as Error).message, hint: (error as { hint?: string }).hint ?? '' };
  }
  throw new Error('expected a throw');
}

const CODE = 'abcdefghijklmnop';

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('qq()', () => {
  it('targets smtp.qq.com:465 with implicit TLS, verified, pooled with 2 connections', () => {
    const t = qq({ user: '10001@qq.com', pass: CODE });
    expect(t.name).toBe('qq');
    expect(t.config).toEqual({
      host: 'smtp.qq.com',
      port: 465,
      secure: true,
      requireTLS: false,
      user: '10001@qq.com',
      pool: true,
      maxConnections: 2,
      maxMessages: 100,
      provider: 'qq',
      senderMustMatchUser: true,
    });
    expect(String(t)).toBe('smtps://10001@qq.com:****@smtp.qq.com:465');
    expect(t.defaultFrom).toBe('10001@qq.com');
  });

  it('targets smtp.exmail.qq.com with enterprise: true', () => {
    const t = qq({ enterprise: true, user: 'ops@acme.cn', pass: CODE });
    expect(t.config).toMatchObject({
      host: 'smtp.exmail.qq.com',
      port: 465,
      secure: true,
      provider: 'exmail',
    });
    expect(t.name).toBe('exmail');
  });

  it('reads MAILSMITH_SMTP_USER / MAILSMITH_SMTP_PASS when not given', () => {
    vi.stubEnv('MAILSMITH_SMTP_USER', '10002@qq.com');
    vi.stubEnv('MAILSMITH_SMTP_PASS', CODE);
    expect(qq().config.user).toBe('10002@qq.com');
    expect(qq({ user: '10003@qq.com' }).config.user).toBe('10003@qq.com');
  });

  it('refuses a bare QQ number as the user, saying to use the full address', () => {
    const error = (() => {
      try {
        qq({ user: '10001', pass: CODE });
      } catch (e) {
        return e as ConfigError;
      }
      throw new Error('expected a ConfigError');
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message.split('\n')[0]).toBe('QQ Mail logs in with a full email address, not "10001"');
    expect(error.hint).toBe('the user must be the full address, e.g. 10001@qq.com');
  });

  it('names the missing variable and how to get a 授权码', () => {
    vi.stubEnv('MAILSMITH_SMTP_USER', '');
    vi.stubEnv('MAILSMITH_SMTP_PASS', '');
    expect(() => qq()).toThrow(ConfigError);
    expect(() => qq()).toThrow(
      /set MAILSMITH_SMTP_USER and MAILSMITH_SMTP_PASS, or pass qq\(\{ user, pass \}\)/,
    );
    const { message, hint } = thrown(() => qq({ user: '10001@qq.com' }));
    expect(message).toMatch(/QQ Mail needs credentials: set MAILSMITH_SMTP_PASS,/);
    expect(message).not.toMatch(/MAILSMITH_SMTP_USER/);
    expect(hint).toMatch(/16-character 授权码/);
    expect(hint).toMatch(/设置 → 账户 → enable .*SMTP.* → 生成授权码/);
    expect(thrown(() => qq({ enterprise: true })).hint).toMatch(/客户端专用密码/);
  });

  it('refuses a From other than the login before connecting', async () => {
    // Port 465 of smtp.qq.com is never reached: the check runs before any connection.
    const t = qq({ user: '10001@qq.com', pass: CODE, connectionTimeout: 1 });
    const message = buildMessage(await prepareEnvelope('someone@qq.com', { to: 'ada@163.com' }), {
      subject: 's',
      html: 'h',
      text: 't',
    });
    await expect(t.send(message)).rejects.toBeInstanceOf(SenderMismatchError);
    await expect(t.send(message)).rejects.toThrow(/QQ Mail rejects such mail/);
    await t.close();
  });
});

describe('preset()', () => {
  it.each([
    ['163', 'smtp.163.com'],
    ['126', 'smtp.126.com'],
  ] as const)('%s targets %s:465 over implicit TLS', (name, host) => {
    const t = preset(name, { user: `me@${name}.com`, pass: CODE });
    expect(t.config).toMatchObject({
      host,
      port: 465,
      secure: true,
      senderMustMatchUser: true,
      provider: name,
    });
    expect(String(t)).toBe(`smtps://me@${name}.com:****@${host}:465`);
  });

  it('lets SMTP tuning through but never host, port or TLS', () => {
    const t = preset('163', { user: 'me@163.com', pass: CODE, maxConnections: 1, pool: false });
    expect(t.config).toMatchObject({ maxConnections: 1, pool: false, host: 'smtp.163.com' });
    const sneaky = { user: 'me@163.com', pass: CODE, host: 'evil.example', port: 25 } as never;
    expect(preset('163', sneaky).config).toMatchObject({ host: 'smtp.163.com', port: 465 });
  });

  it('says which call to make for NetEase and rejects unknown presets', () => {
    vi.stubEnv('MAILSMITH_SMTP_USER', '');
    vi.stubEnv('MAILSMITH_SMTP_PASS', '');
    expect(() => preset('126')).toThrow(/preset\('126', \{ user, pass \}\)/);
    expect(thrown(() => preset('126')).hint).toMatch(/客户端授权密码/);
    expect(thrown(() => preset('gmail' as never)).hint).toMatch(
      /valid presets: qq, exmail, 163, 126, aliyun-dm, tencent-ses/,
    );
  });
});
