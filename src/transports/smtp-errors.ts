import type { TransportErrorCode } from '../errors/MailerError.js';
import { SenderMismatchError } from '../errors/SenderMismatchError.js';
import { TransportError } from '../errors/TransportError.js';

/** The fields nodemailer puts on its errors (`SMTPConnection._formatError`), plus Node's socket codes. */
export interface SmtpErrorLike {
  message?: string;
  code?: string;
  responseCode?: number;
  response?: string;
  command?: string;
}

export interface ClassifyContext {
  /** The transport as its redacted URL, kept on the error. */
  transport?: string;
  /** Provider preset (`qq`, `exmail`, `163`, `126`, `aliyun-dm`, `tencent-ses`) for provider-specific hints. */
  provider?: string;
  /** Strings to scrub from every message and response (see {@link authSecrets} for SMTP credentials). */
  secrets?: readonly (string | undefined)[];
}

interface Rule {
  code: TransportErrorCode;
  when: (
    e: Required<Pick<SmtpErrorLike, 'message' | 'code' | 'response' | 'command'>> & SmtpErrorLike,
  ) => boolean;
  summary: string;
  retryable: boolean;
  hint?: (ctx: ClassifyContext) => string | undefined;
}

const AUTH_HINTS: Record<string, string> = {
  qq:
    'QQ Mail wants the 16-character 授权码 (authorization code), not your QQ password, and the SMTP service ' +
    'must be on: QQ Mail web → 设置 → 账户 → enable "POP3/IMAP/SMTP/Exchange/CardDAV/CalDAV 服务" → 生成授权码. ' +
    'Changing the QQ password revokes existing codes. A correct code can also fail for a while; if it worked ' +
    'before, retry later',
  exmail:
    'Tencent Exmail with 安全登录 on wants a 客户端专用密码 (client-specific password, 设置 → 邮箱绑定), not the ' +
    'account password; for a personal QQ account use the 16-character 授权码 (QQ Mail → 设置 → 账户 → enable ' +
    'the SMTP service → 生成授权码). A correct password can also fail for a while; retry later if it worked before',
  netease:
    'NetEase wants its 授权码 (客户端授权密码), not the account password: mail.163.com/126.com → 设置 → ' +
    'POP3/SMTP/IMAP → enable the SMTP service and create a code. A correct code can also fail for a while',
  'aliyun-dm':
    'DirectMail logs in with the sender address (发信地址) and its SMTP password, set in the DirectMail ' +
    'console → 发信地址 → 设置SMTP密码; the Alibaba Cloud password and AccessKey do not work here',
  'tencent-ses':
    'Tencent Cloud SES logs in with the sender address (发信地址) and its SMTP password, set in the SES ' +
    'console → 发信地址 → 设置SMTP密码; the Tencent Cloud password and SecretKey do not work here',
  other:
    'check the user name and password. For QQ Mail use the 16-character 授权码, not the QQ password, and enable ' +
    'the SMTP service in QQ Mail settings (设置 → 账户 → 生成授权码); a correct code can also fail for a while',
};

const CERT =
  /certificate|self[- ]signed|CERT_|unable to (get|verify)|altnames|Hostname\/IP does not match|SELF_SIGNED/i;
const SOCKET_CODES =
  /^(ECONNECTION|ESOCKET|EDNS|EPROXY|ECONNREFUSED|ECONNRESET|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|EPIPE|EAI_AGAIN)$/;

/**
 * Ordered: the first rule that matches wins. QQ's older 535 arrives in GBK and shows as mojibake, so rules
 * key on reply codes, commands and ASCII fragments (help URLs), never on Chinese text.
 */
const RULES: Rule[] = [
  {
    code: 'SENDER_MISMATCH',
    when: (e) => /authori[sz](ed|ation) user|Local user only/i.test(e.response),
    summary: 'The server refused the sender: the From address must be the account you log in as',
    retryable: false,
    hint: () => 'send from the SMTP user (set "from" to "Your Name <user@qq.com>"), or log in as the sender',
  },
  {
    code: 'AUTH_FAILED',
    when: (e) => e.responseCode === 535 || e.code === 'EAUTH' || /no=1001256/.test(e.response),
    summary: 'SMTP authentication failed',
    retryable: false,
    hint: (ctx) =>
      AUTH_HINTS[ctx.provider === '163' || ctx.provider === '126' ? 'netease' : (ctx.provider ?? 'other')] ??
      AUTH_HINTS.other,
  },
  {
    code: 'RATE_LIMITED',
    when: (e) =>
      /frequency limited|MI:STC|Mailbox unavailable or access denied|too many (messages|connections)/i.test(
        e.response,
      ),
    summary: 'The server is rate-limiting this sender',
    retryable: true,
    hint: () =>
      'retry with a long backoff (minutes to hours); QQ and NetEase also cap mail per day (NetEase MI:STC: ' +
      'daily quota, resets at midnight). Send fewer messages per connection and per minute',
  },
  {
    code: 'MESSAGE_TOO_LARGE',
    when: (e) =>
      e.responseCode === 552 ||
      /message (size )?exceeds|too (big|large)/i.test(e.response) ||
      // nodemailer's own refusal, before MAIL FROM, of a message over the server's advertised SIZE.
      (e.code === 'EMESSAGE' && /size larger than allowed/i.test(e.message)),
    summary: 'The message is too large for the server',
    retryable: false,
    hint: () => 'shrink or link attachments (QQ accepts 70 MiB including ~37 % base64 overhead)',
  },
  {
    code: 'RECIPIENT_REJECTED',
    when: (e) => e.command === 'RCPT TO' && (e.responseCode === undefined || e.responseCode >= 500),
    summary: 'The server rejected the recipient',
    retryable: false,
    hint: () => 'check the recipient address exists; nothing was delivered to it',
  },
  {
    code: 'CONTENT_REJECTED',
    when: (e) =>
      (e.command === 'DATA' && (e.responseCode === 550 || e.responseCode === 554)) ||
      /DT:SPM|content (rejected|denied)|inappropriate|"From" header/i.test(e.response),
    summary: 'The server rejected the message content',
    retryable: false,
    hint: () =>
      'the provider flagged the content: vary the subject (163 "DT:SPM" fires on repeated identical subjects), ' +
      'trim links and wording, and make sure the From header is a valid, RFC 2047-encoded address',
  },
  {
    code: 'TLS',
    when: (e) => CERT.test(`${e.message} ${e.code}`),
    summary: 'The server certificate failed verification',
    retryable: false,
    hint: () =>
      'check the host name matches the certificate; for a self-signed or private CA pass tls: { ca } rather ' +
      'than turning verification off',
  },
  {
    code: 'TLS',
    when: (e) => /wrong version number|packet length too long|unknown protocol/i.test(e.message),
    summary: 'TLS on connect failed: the server expects a plain greeting on this port',
    retryable: false,
    hint: () => 'use port 465 for implicit TLS, or secure: false (STARTTLS) for 587 and other ports',
  },
  {
    code: 'TLS',
    when: (e) => e.code === 'ETLS' || /STARTTLS|not permitted when TLS/i.test(`${e.message} ${e.response}`),
    summary: 'STARTTLS failed',
    retryable: false,
    hint: () =>
      'mailsmith never sends credentials in clear, so the server must offer STARTTLS; use its implicit-TLS ' +
      'port (465) or enable STARTTLS on it',
  },
  {
    code: 'TIMEOUT',
    when: (e) => e.code === 'ETIMEDOUT' || /timed? ?out|Greeting never received/i.test(e.message),
    summary: 'The SMTP server did not answer in time',
    retryable: true,
    hint: () => 'check host and port; "Greeting never received" on 465 means TLS was expected (secure: true)',
  },
  {
    code: 'CONNECTION',
    when: (e) => SOCKET_CODES.test(e.code),
    summary: 'Could not talk to the SMTP server',
    retryable: true,
    hint: () => 'check host, port and network (cloud hosts often block outbound port 25; use 465)',
  },
];

/**
 * Turns a nodemailer/socket error into a {@link TransportError} with a stable code, keeping the SMTP
 * `responseCode`, `response` and `command`, and scrubbing the secrets in `context.secrets`.
 * TLS errors are not retryable: they are wrong port/TLS pairing, a missing STARTTLS, or a certificate
 * that failed verification, none of which a retry fixes.
 *
 * @example
 * try { await transporter.sendMail(mail) }
 * catch (e) { throw classifySmtpError(e, { transport: String(t), provider: 'qq', secrets: [pass] }) }
 */
export function classifySmtpError(error: unknown, context: ClassifyContext = {}): TransportError {
  const raw = (
    typeof error === 'object' && error !== null ? error : { message: String(error) }
  ) as SmtpErrorLike;
  const clean = (s: string | undefined) => (s === undefined ? undefined : scrubSecrets(s, context.secrets));
  const response = clean(raw.response);
  const message = clean(raw.message) ?? 'unknown error';
  const view = {
    ...raw,
    message,
    code: raw.code ?? '',
    response: response ?? '',
    command: raw.command ?? '',
    responseCode: raw.responseCode ?? replyCode(response),
  };
  const rule = RULES.find((r) => r.when(view));
  const code: TransportErrorCode = rule?.code ?? 'TRANSPORT';
  // Unknown failures: a 4xx reply is temporary by definition; anything else is not retried blindly.
  const retryable = rule ? rule.retryable : view.responseCode !== undefined && view.responseCode < 500;
  const detail = response ?? message;
  const where = [
    view.command && `on ${view.command}`,
    context.transport && `via ${context.transport}`,
  ].filter(Boolean);
  const summary = rule?.summary ?? 'SMTP delivery failed';
  const details = {
    responseCode: view.responseCode,
    response,
    command: raw.command,
    transport: context.transport,
    retryable,
    hint: rule?.hint?.(context),
    cause: sanitize(raw, message),
  };
  const text = `${summary}${where.length ? ` (${where.join(' ')})` : ''}: ${detail}`;
  // One class per code that has one: a refused sender is the same error whether mailsmith caught it
  // before connecting or the server replied with it.
  return code === 'SENDER_MISMATCH'
    ? new SenderMismatchError(text, details)
    : new TransportError(code, text, details);
}

/**
 * Every form in which a server could echo SMTP credentials back in a reply: the password; AUTH
 * PLAIN's base64 payload `\0user\0pass` (and `user\0user\0pass`, with an authorization identity);
 * AUTH LOGIN's base64 username and password; base64 with and without `=` padding. Pass the result as
 * `secrets` ({@link scrubSecrets} adds the URL-encoded and base64 form of each).
 *
 * @example
 * classifySmtpError(e, { secrets: authSecrets('me@qq.com', pass) });
 */
export function authSecrets(user: string | undefined, pass: string | undefined): string[] {
  if (!pass) return [];
  const base64 = (s: string) => Buffer.from(s).toString('base64');
  const encoded = [base64(`\0${user ?? ''}\0${pass}`), base64(pass)];
  if (user) encoded.push(base64(`${user}\0${user}\0${pass}`), base64(user));
  const forms = [pass];
  for (const form of encoded) {
    forms.push(form);
    // Unpadded, as some servers print it; too short a fragment would scrub innocent text.
    const bare = form.replace(/=+$/, '');
    if (bare !== form && bare.length >= 8) forms.push(bare);
  }
  return forms;
}

/** Replaces every secret (as given, URL-encoded and base64, as AUTH PLAIN/LOGIN would send it) with `****`. */
export function scrubSecrets(text: string, secrets: ClassifyContext['secrets'] = []): string {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (!secret) continue;
    forms.add(secret).add(encodeURIComponent(secret)).add(Buffer.from(secret).toString('base64'));
  }
  let out = text;
  // Longest first: one form can begin another (base64 of the user starts AUTH PLAIN's authzid form).
  for (const form of [...forms].sort((a, b) => b.length - a.length)) out = out.split(form).join('****');
  return out;
}

/** The reply code a server line starts with: `535` of `'535 Login Fail…'`. */
export function replyCode(response: string | undefined): number | undefined {
  const m = response && /^([2-5]\d\d)(?:[\s-]|$)/.exec(response);
  return m ? Number(m[1]) : undefined;
}

/** The original error, minus anything that could carry a secret (nodemailer keeps no credentials on it). */
function sanitize(raw: SmtpErrorLike, message: string): Error {
  const copy = new Error(message);
  copy.name = raw instanceof Error ? raw.name : 'Error';
  Object.assign(copy, { code: raw.code, command: raw.command, responseCode: raw.responseCode });
  return copy;
}
