import { ConfigError } from '../errors/ConfigError.js';
import { PRESET_NAMES, PRESETS, type PresetName } from './presets.js';
import { defineTransport } from './registry.js';
import { type SmtpOptions, type SmtpTransport, smtp, smtpUrlOptions } from './smtp.js';

/** Options of a provider preset: credentials plus SMTP tuning (host, port and TLS come from the preset). */
export type PresetOptions = Omit<
  SmtpOptions,
  'host' | 'port' | 'secure' | 'provider' | 'senderMustMatchUser'
>;

export interface QqOptions extends PresetOptions {
  /** Tencent Exmail (腾讯企业邮箱, smtp.exmail.qq.com) instead of personal QQ Mail. @default false */
  enterprise?: boolean;
}

/**
 * QQ Mail over smtp.qq.com:465 (implicit TLS, verified), pooled with 2 connections. Credentials default to
 * `MAILSMITH_SMTP_USER` / `MAILSMITH_SMTP_PASS`; the password is the 16-character 授权码, not the QQ password.
 * From must be the logged-in address (checked before connecting).
 *
 * @example
 * const t = qq({ user: '10001@qq.com', pass: process.env.QQ_SMTP_CODE });
 * const ex = qq({ enterprise: true }); // smtp.exmail.qq.com, credentials from the environment
 */
export function qq(options: QqOptions = {}): SmtpTransport {
  const { enterprise, ...rest } = options;
  return preset(enterprise ? 'exmail' : 'qq', rest);
}

/**
 * Any built-in provider by name: `qq`, `exmail`, `163` (smtp.163.com), `126` (smtp.126.com), `aliyun-dm`
 * (Aliyun DirectMail, smtpdm.aliyun.com) or `tencent-ses` (Tencent Cloud SES, smtp.qcloudmail.com), all on
 * 465 with implicit TLS. Credentials default to `MAILSMITH_SMTP_USER` / `MAILSMITH_SMTP_PASS`.
 *
 * @example
 * const t = preset('163', { user: 'name@163.com', pass: process.env.NETEASE_CODE });
 * const dm = preset('aliyun-dm', { user: 'noreply@mail.acme.cn', pass: process.env.DM_SMTP_PASS });
 */
export function preset(name: PresetName, options: PresetOptions = {}): SmtpTransport {
  const p = Object.hasOwn(PRESETS, name) ? PRESETS[name] : undefined;
  if (!p) {
    throw new ConfigError(`Unknown SMTP preset "${String(name)}"`, {
      hint: `valid presets: ${PRESET_NAMES.join(', ')}`,
    });
  }
  const user = options.auth?.user ?? options.user ?? (process.env.MAILSMITH_SMTP_USER || undefined);
  const pass = options.auth?.pass ?? options.pass ?? (process.env.MAILSMITH_SMTP_PASS || undefined);
  const missing = [!user && 'MAILSMITH_SMTP_USER', !pass && 'MAILSMITH_SMTP_PASS'].filter(Boolean);
  if (missing.length) {
    const call =
      name === 'qq'
        ? 'qq({ user, pass })'
        : name === 'exmail'
          ? 'qq({ enterprise: true, user, pass })'
          : `preset('${name}', { user, pass })`;
    throw new ConfigError(
      `${p.description} needs credentials: set ${missing.join(' and ')}, or pass ${call}`,
      {
        hint: p.credentialsHint,
      },
    );
  }
  if (!user!.includes('@')) {
    // QQ Mail and NetEase log in with the whole address; a bare QQ number fails AUTH and leaves no sender.
    // Exmail and the sending services (DirectMail, Tencent SES) log in with an address at your own domain.
    const own = name === 'exmail' || p.domains.length === 0;
    const example = own ? 'name@yourcompany.com' : `${user}@${p.domains[0]}`;
    throw new ConfigError(`${p.description} logs in with a full email address, not "${user}"`, {
      hint: `the user must be the full address, e.g. ${example}`,
    });
  }
  return smtp({
    maxConnections: p.maxConnections,
    maxMessages: p.maxMessages,
    defaultRateLimit: p.defaultRateLimit,
    ...options,
    auth: undefined,
    user,
    pass,
    host: p.host,
    port: p.port,
    secure: p.secure,
    provider: p.name,
    senderMustMatchUser: p.senderMustMatchUser,
  });
}

/**
 * `qq://user:code@`, `exmail://…`, `163://…`, `126://…`, `aliyun-dm://…`, `tencent-ses://…`: the preset
 * knows host, port and TLS.
 */
export const presetDefinition = defineTransport({
  schemes: PRESET_NAMES,
  dsn: { host: 'none', example: 'qq://USER:CODE@ (e.g. qq://10001@qq.com:abcdefghijklmnop@)' },
  create: (dsn) =>
    preset(dsn.scheme as PresetName, { ...smtpUrlOptions(dsn), user: dsn.user, pass: dsn.password }),
});
