import type { ConnectionOptions } from 'node:tls';
import { ConfigError } from '../errors/ConfigError.js';

export type MailboxProtocol = 'imap' | 'pop3';

/** Where bounces are read from. A `mailbox` URL parses into this. */
export interface MailboxConfig {
  protocol: MailboxProtocol;
  host: string;
  /** @default 993 for imaps, 143 for imap, 995 for pop3s, 110 for pop3 */
  port?: number;
  /** Implicit TLS. @default true for imaps:// and pop3s:// */
  secure?: boolean;
  user: string;
  /** Password, or QQ's / NetEase's 授权码. Never printed. */
  pass: string;
  /** IMAP folder to read. @default 'INBOX' */
  folder?: string;
  /** Passed to `tls.connect`, e.g. `{ ca }` for a test server. Verification stays on. */
  tls?: ConnectionOptions;
}

export interface ResolvedMailbox extends Required<Omit<MailboxConfig, 'tls'>> {
  tls?: ConnectionOptions;
}

const SCHEMES: Record<string, { protocol: MailboxProtocol; secure: boolean; port: number }> = {
  'imaps:': { protocol: 'imap', secure: true, port: 993 },
  'imap:': { protocol: 'imap', secure: false, port: 143 },
  'pop3s:': { protocol: 'pop3', secure: true, port: 995 },
  'pop3:': { protocol: 'pop3', secure: false, port: 110 },
};

/**
 * Reads `imaps://user:pass@host:993/Folder` (also `imap://`, `pop3s://`, `pop3://`). Percent-encode `@`
 * and `:` inside the user or password: `imaps://10001%40qq.com:CODE@imap.qq.com:993`.
 * Errors never contain the password.
 */
export function resolveMailbox(mailbox: string | MailboxConfig): ResolvedMailbox {
  if (typeof mailbox !== 'string') {
    const scheme = SCHEMES[`${mailbox.protocol}${mailbox.secure === false ? '' : 's'}:`];
    if (!scheme || !mailbox.host || !mailbox.user) {
      throw new ConfigError('Mailbox needs protocol (imap | pop3), host, user and pass', {
        hint: "e.g. { protocol: 'imap', host: 'imap.qq.com', user: '10001@qq.com', pass: CODE }",
      });
    }
    return {
      protocol: mailbox.protocol,
      host: mailbox.host,
      port: mailbox.port ?? scheme.port,
      secure: mailbox.secure ?? true,
      user: mailbox.user,
      pass: mailbox.pass ?? '',
      folder: mailbox.folder ?? 'INBOX',
      ...(mailbox.tls ? { tls: mailbox.tls } : {}),
    };
  }
  const scheme = /^[a-z0-9]+:/i.exec(mailbox)?.[0]?.toLowerCase();
  const known = scheme ? SCHEMES[scheme] : undefined;
  if (!known) {
    throw new ConfigError(`Mailbox URL must start with imaps://, imap://, pop3s:// or pop3://`, {
      hint: 'e.g. imaps://10001%40qq.com:CODE@imap.qq.com:993 or pop3s://10001%40qq.com:CODE@pop.qq.com:995',
    });
  }
  let url: URL;
  try {
    url = new URL(mailbox);
  } catch {
    // No `cause`: URL's TypeError keeps the whole input, password included.
    throw new ConfigError(`Mailbox URL is malformed (${scheme}//…)`, {
      hint: 'percent-encode "@", ":" and "/" in the user and password (10001%40qq.com)',
    });
  }
  if (!url.hostname || !url.username) {
    throw new ConfigError(`Mailbox URL ${redactMailbox(mailbox)} needs a user and a host`, {
      hint: `write ${scheme}//user:password@host`,
    });
  }
  const folder = decodeURIComponent(url.pathname.replace(/^\//, '')) || 'INBOX';
  return {
    protocol: known.protocol,
    host: url.hostname,
    port: url.port ? Number(url.port) : known.port,
    secure: known.secure,
    user: decodeURIComponent(url.username),
    pass: decodeURIComponent(url.password),
    folder,
  };
}

/** The mailbox as a URL with the password replaced by `****`, for logs and errors. */
export function redactMailbox(mailbox: string | ResolvedMailbox): string {
  if (typeof mailbox === 'string') return mailbox.replace(/(\/\/[^:/@]*:)[^@/]*@/, '$1****@');
  const scheme = `${mailbox.protocol}${mailbox.secure ? 's' : ''}`;
  const folder = mailbox.protocol === 'imap' && mailbox.folder !== 'INBOX' ? `/${mailbox.folder}` : '';
  return `${scheme}://${encodeURIComponent(mailbox.user)}:****@${mailbox.host}:${mailbox.port}${folder}`;
}
