/** A provider's SMTP settings, as data. */
export interface SmtpPreset {
  /** Preset name, also the URL scheme (`qq://user:code@`). */
  name: PresetName;
  description: string;
  host: string;
  port: number;
  secure: boolean;
  /** Mailbox domains served by this provider. */
  domains: string[];
  /** The provider answers 501/553 when From is not the login, so it is checked before connecting. */
  senderMustMatchUser: true;
  /** Few connections for mailbox providers: they rate-limit per IP and per connection. */
  maxConnections: number;
  maxMessages: number;
  /**
   * Mailer-wide pace used when the mailer sets no `rateLimit`. These providers publish no quota and
   * answer bursts with `550 … frequency limited` (blocks lasting minutes to the rest of the day).
   * Absent for sending services (DirectMail, Tencent SES), whose quotas are per account and published.
   */
  defaultRateLimit?: { messages: number; perMs: number };
  /** What the password field must hold and how to get it. */
  credentialsHint: string;
}

/** One message every 2 s (30 a minute): slow enough not to trip QQ's undisclosed frequency limits. */
const CONSERVATIVE_PACE = { messages: 1, perMs: 2000 } as const;

/** Preset names in display order (object keys like '163' would sort first). */
export const PRESET_NAMES = ['qq', 'exmail', '163', '126', 'aliyun-dm', 'tencent-ses'] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

const QQ_CODE_HOWTO =
  'the password is a 16-character 授权码 (authorization code), not your QQ password: QQ Mail web → 设置 → 账户 → ' +
  'enable "POP3/IMAP/SMTP/Exchange/CardDAV/CalDAV 服务" → 生成授权码 (needs SMS or WeChat verification)';
const NETEASE_CODE_HOWTO = (domain: string) =>
  `the password is a 授权码 (客户端授权密码), not your account password: mail.${domain} → 设置 → POP3/SMTP/IMAP → ` +
  'enable the SMTP service → create an authorization code';

// Sending services: the SMTP login is a sender address (发信地址) created and verified in the console,
// and its SMTP password is set per address there; neither is the account's console password or API key.
const ALIYUN_DM_HOWTO =
  'user is the sender address (发信地址) created in the DirectMail console, e.g. noreply@mail.acme.cn; the ' +
  'password is its SMTP password: DirectMail console → 发信地址 (Sender Addresses) → 设置SMTP密码 (Set SMTP ' +
  'Password), not your Alibaba Cloud password or AccessKey';
const TENCENT_SES_HOWTO =
  'user is the sender address (发信地址) created in the Tencent Cloud SES console, e.g. noreply@mail.acme.cn; ' +
  'the password is its SMTP password: SES console → 发信地址 (Sender Address) → 设置SMTP密码 (Set SMTP ' +
  'Password), not your Tencent Cloud password or SecretKey';

/**
 * Built-in providers (hosts and ports from nodemailer's well-known services; domains extended with
 * vip.qq.com and foxmail.com, which nodemailer misses).
 */
export const PRESETS: Readonly<Record<PresetName, SmtpPreset>> = {
  qq: {
    name: 'qq',
    description: 'QQ Mail',
    host: 'smtp.qq.com',
    port: 465,
    secure: true,
    domains: ['qq.com', 'vip.qq.com', 'foxmail.com'],
    senderMustMatchUser: true,
    maxConnections: 2,
    maxMessages: 100,
    defaultRateLimit: CONSERVATIVE_PACE,
    credentialsHint: `user is the full address (10001@qq.com); ${QQ_CODE_HOWTO}`,
  },
  exmail: {
    name: 'exmail',
    description: 'Tencent Exmail (腾讯企业邮箱)',
    host: 'smtp.exmail.qq.com',
    port: 465,
    secure: true,
    domains: ['exmail.qq.com'],
    senderMustMatchUser: true,
    maxConnections: 2,
    maxMessages: 100,
    defaultRateLimit: CONSERVATIVE_PACE,
    credentialsHint:
      'user is your company address; with 安全登录 on, the password is a 客户端专用密码 (client-specific ' +
      'password) from 设置 → 邮箱绑定, otherwise the account password',
  },
  '163': {
    name: '163',
    description: '163 Mail (NetEase)',
    host: 'smtp.163.com',
    port: 465,
    secure: true,
    domains: ['163.com'],
    senderMustMatchUser: true,
    maxConnections: 2,
    maxMessages: 100,
    defaultRateLimit: CONSERVATIVE_PACE,
    credentialsHint: `user is the full address (name@163.com); ${NETEASE_CODE_HOWTO('163.com')}`,
  },
  '126': {
    name: '126',
    description: '126 Mail (NetEase)',
    host: 'smtp.126.com',
    port: 465,
    secure: true,
    domains: ['126.com'],
    senderMustMatchUser: true,
    maxConnections: 2,
    maxMessages: 100,
    defaultRateLimit: CONSERVATIVE_PACE,
    credentialsHint: `user is the full address (name@126.com); ${NETEASE_CODE_HOWTO('126.com')}`,
  },
  'aliyun-dm': {
    name: 'aliyun-dm',
    description: 'Aliyun DirectMail (阿里云邮件推送)',
    host: 'smtpdm.aliyun.com',
    port: 465,
    secure: true,
    // The sender's own (verified) domain: any domain.
    domains: [],
    // The login is the sender address; DirectMail refuses a From that is not it.
    senderMustMatchUser: true,
    maxConnections: 5,
    maxMessages: 100,
    credentialsHint: ALIYUN_DM_HOWTO,
  },
  'tencent-ses': {
    name: 'tencent-ses',
    description: 'Tencent Cloud SES (腾讯云邮件推送)',
    host: 'smtp.qcloudmail.com',
    port: 465,
    secure: true,
    domains: [],
    // As with DirectMail, each SMTP password belongs to one sender address, which is the login.
    senderMustMatchUser: true,
    maxConnections: 5,
    maxMessages: 100,
    credentialsHint: TENCENT_SES_HOWTO,
  },
};
