import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConfigError } from '../../src/errors/ConfigError.js';
import { SenderMismatchError } from '../../src/errors/SenderMismatchError.js';
import { buildMessage, prepareEnvelope } from '../../src/message/compose.js';
import { PRESETS } from '../../src/transports/presets.js';
import { preset } from '../../src/transports/qq.js';
import { resolveTransport } from '../../src/transports/resolve.js';
import type { SmtpTransport } from '../../src/transports/smtp.js';
import { classifySmtpError } from '../../src/transports/smtp-errors.js';

const PASS = 'Smtp-Pass-0123';

function thrown(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    return error as ConfigError;
  }
  throw new Error('expected a throw');
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('sending-service SMTP presets (DirectMail, Tencent Cloud SES)', () => {
  it.each([
    ['aliyun-dm', 'smtpdm.aliyun.com'],
    ['tencent-ses', 'smtp.qcloudmail.com'],
  ] as const)('%s:// targets %s:465 over implicit TLS with the sender as login', (scheme, host) => {
    const t = resolveTransport(`${scheme}://noreply%40mail.acme.cn:${PASS}@`) as SmtpTransport;
    expect(t.name).toBe(scheme);
    expect(t.config).toMatchObject({
      host,
      port: 465,
      secure: true,
      user: 'noreply@mail.acme.cn',
      provider: scheme,
      senderMustMatchUser: true,
    });
    expect(String(t)).toBe(`smtps://noreply@mail.acme.cn:****@${host}:465`);
    expect(String(t)).not.toContain(PASS);
    expect(t.defaultFrom).toBe('noreply@mail.acme.cn');
    // Sending services publish per-account quotas: no mailbox-style 1 message / 2 s default pace.
    expect(t.defaultRateLimit).toBeUndefined();
  });

  it('says where the SMTP password is set when credentials are missing', () => {
    vi.stubEnv('MAILSMITH_SMTP_USER', '');
    vi.stubEnv('MAILSMITH_SMTP_PASS', '');
    const dm = thrown(() => preset('aliyun-dm'));
    expect(dm).toBeInstanceOf(ConfigError);
    expect(dm.message).toMatch(
      /Aliyun DirectMail .* needs credentials: .*preset\('aliyun-dm', \{ user, pass \}\)/,
    );
    expect(dm.hint).toMatch(/DirectMail console → 发信地址 .*→ 设置SMTP密码/);
    const ses = thrown(() => preset('tencent-ses'));
    expect(ses.hint).toMatch(/SES console → 发信地址 .*→ 设置SMTP密码/);
    expect(PRESETS['tencent-ses'].credentialsHint).toMatch(/not your Tencent Cloud password or SecretKey/);
  });

  it('refuses a login that is not an address, with an example at your own domain', () => {
    const error = thrown(() => preset('aliyun-dm', { user: 'noreply', pass: PASS }));
    expect(error.message).toBe(
      'Aliyun DirectMail (阿里云邮件推送) logs in with a full email address, not "noreply"',
    );
    expect(error.hint).toBe('the user must be the full address, e.g. name@yourcompany.com');
  });

  it('refuses a From other than the sender address before connecting', async () => {
    // smtpdm.aliyun.com is never reached: the check runs before any connection.
    const t = preset('aliyun-dm', { user: 'noreply@mail.acme.cn', pass: PASS, connectionTimeout: 1 });
    const message = buildMessage(await prepareEnvelope('billing@mail.acme.cn', { to: 'ada@163.com' }), {
      subject: 's',
      html: 'h',
      text: 't',
    });
    const error = await t.send(message).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SenderMismatchError);
    expect((error as Error).message).toMatch(/Aliyun DirectMail .* rejects such mail/);
    await t.close();
  });

  it('classifies a refused login like QQ, with a hint naming the console page', () => {
    const reply = '535 Authentication failed';
    for (const provider of ['aliyun-dm', 'tencent-ses'] as const) {
      const error = classifySmtpError(
        Object.assign(new Error(`Invalid login: ${reply}`), {
          code: 'EAUTH',
          responseCode: 535,
          response: reply,
          command: 'AUTH PLAIN',
        }),
        { provider },
      );
      expect(error.code).toBe('AUTH_FAILED');
      expect(error.retryable).toBe(false);
      expect(error.hint).toMatch(/发信地址 → 设置SMTP密码/);
    }
  });
});
