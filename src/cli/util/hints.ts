/**
 * What to fix for a failed `verify`, by error code. Used only when the transport's error carries no
 * hint of its own; the transports know the provider and usually say it better.
 */
const VERIFY_HINTS: Record<string, string> = {
  AUTH_FAILED:
    'check user and password; QQ Mail / 163 / 126 need the 授权码 (authorization code), not the account password',
  TLS: 'pair the port with the TLS mode: 465 is implicit TLS (smtps://), 587 and 25 are STARTTLS (smtp://)',
  CONNECTION:
    'check host and port, and that SMTP is enabled for the account (QQ Mail: Settings → Account → POP3/SMTP service)',
  TIMEOUT: 'the server did not answer: check host, port and firewall; 465 expects smtps://, 587 smtp://',
  SENDER_MISMATCH: 'send from the account you log in as (set --from or MAILSMITH_FROM to the login address)',
  CONFIG: 'pass --transport <url> or set MAILSMITH_TRANSPORT, or MAILSMITH_SMTP_USER and MAILSMITH_SMTP_PASS',
};

export function verifyHint(code: string): string | undefined {
  return VERIFY_HINTS[code];
}
