import { ConfigError } from '../errors/ConfigError.js';

/**
 * How a scheme's URL is read. Transports declare it in `defineTransport({ dsn })`; the default reads
 * `scheme://user:pass@host:port/path?options` with every part optional.
 */
export interface DsnShape {
  /** `false`: everything after `//` is a location (an `@` is part of a path). @default true */
  credentials?: boolean;
  /** `required`: refuse a URL without host; `none`: refuse one with (the transport knows it). @default 'optional' */
  host?: 'required' | 'none' | 'optional';
  /** Example shown when the host is missing or unexpected, e.g. `smtps://user:pass@smtp.example.com:465`. */
  example?: string;
  /**
   * `true`: credentials end at the last `@` before the query, so query values may hold addresses
   * (`aliyun://KEY:SECRET@cn-hangzhou?accountName=noreply@mail.acme.cn`); the password may then not
   * hold an unencoded `?`. @default false
   */
  addressesInQuery?: boolean;
}
const SECRET_OPTION = /pass|secret|token|key/i;

export type DsnOption = string | number | boolean;

/**
 * A transport URL taken apart, in the spirit of Symfony Mailer's `Dsn`. WHATWG `URL` rejects schemes
 * starting with a digit (`163://`) and empty hosts (`qq://u:p@`), hence this small parser.
 * The password is kept in a private field so it never shows up in `console.log`, JSON or `toString()`.
 *
 * @example
 * const dsn = Dsn.parse('smtps://10001@qq.com:abcdefghijklmnop@smtp.qq.com:465');
 * dsn.user;        // '10001@qq.com'
 * String(dsn);     // 'smtps://10001@qq.com:****@smtp.qq.com:465'
 */
export class Dsn {
  readonly #password: string | undefined;

  constructor(
    readonly scheme: string,
    readonly host: string,
    readonly user: string | undefined,
    password: string | undefined,
    readonly port: number | undefined,
    /** Everything from the first `/` after the host, e.g. `/outbox` in `outbox://./outbox`. */
    readonly path: string,
    readonly options: Readonly<Record<string, DsnOption>> = {},
  ) {
    this.#password = password;
  }

  /** The percent-decoded password (or 授权码), if any. */
  get password(): string | undefined {
    return this.#password;
  }

  /**
   * Parses a transport URL of any scheme (which schemes exist is the registry's business). The user
   * may contain an unencoded `@` (`qq://10001@qq.com:code@`): the credentials end at the last `@`.
   * User and password are percent-decoded; query values `"true"`, `"false"` and integers are coerced.
   * @throws ConfigError with a message that never contains the password.
   */
  static parse(input: string, shape: DsnShape = {}): Dsn {
    const match = /^([a-z0-9][a-z0-9+.-]*):\/\/(.*)$/is.exec(input.trim());
    if (!match) {
      throw new ConfigError(`Transport URL must look like scheme://…, e.g. smtps://user:pass@host:465`, {
        hint: 'e.g. smtps://user:pass@smtp.example.com:465, qq://USER:CODE@, memory://',
      });
    }
    const scheme = match[1]!.toLowerCase();
    let rest = match[2]!;
    let user: string | undefined;
    let password: string | undefined;
    // Credentials end at the last "@" anywhere, so a password may hold unencoded "?", "/" or "@".
    const scope = shape.addressesInQuery && rest.includes('?') ? rest.slice(0, rest.indexOf('?')) : rest;
    const at = shape.credentials === false ? -1 : scope.lastIndexOf('@');
    if (at >= 0) {
      const userinfo = rest.slice(0, at);
      rest = rest.slice(at + 1);
      const colon = userinfo.indexOf(':');
      user = decode(colon >= 0 ? userinfo.slice(0, colon) : userinfo) || undefined;
      password = colon >= 0 ? decode(userinfo.slice(colon + 1)) : undefined;
    }
    let query = '';
    const q = rest.indexOf('?');
    if (q >= 0) [rest, query] = [rest.slice(0, q), rest.slice(q + 1)];
    const slash = rest.indexOf('/');
    const authority = slash >= 0 ? rest.slice(0, slash) : rest;
    const path = slash >= 0 ? rest.slice(slash) : '';
    const shown = redact(scheme, user, password, authority);

    if (shape.host === 'none' && authority) {
      // Most often a forgotten trailing "@": qq://user:code would read "code" as a host, so echo nothing.
      throw new ConfigError(`A ${scheme}:// URL names no host (the transport knows it); end it with "@"`, {
        hint: `write ${shape.example ?? `${scheme}://USER:PASS@`}`,
      });
    }
    const { host, port } = splitHostPort(authority, redact(scheme, user, password, ''));
    if (shape.host === 'required' && !host) {
      throw new ConfigError(`Transport URL ${shown} has no host`, {
        hint: `write ${shape.example ?? `${scheme}://user:pass@host`}`,
      });
    }
    return new Dsn(scheme, host, user, password, port, path, parseOptions(query));
  }

  /** The URL with the password shown as `****`, safe for logs. */
  toString(): string {
    const query = Object.entries(this.options)
      .map(
        ([k, v]) =>
          `${encodeURIComponent(k)}=${SECRET_OPTION.test(k) ? '****' : encodeURIComponent(String(v))}`,
      )
      .join('&');
    const authority = `${this.host}${this.port === undefined ? '' : `:${this.port}`}`;
    return `${redact(this.scheme, this.user, this.#password, authority)}${this.path}${query ? `?${query}` : ''}`;
  }
}

/** `scheme://user:****@authority`; the user keeps a readable `@` (the parser splits on the last one). */
function redact(scheme: string, user: string | undefined, password: string | undefined, authority: string) {
  const u = user ? encodeURIComponent(user).replace(/%40/g, '@') : '';
  const creds = user || password !== undefined ? `${u}${password !== undefined ? ':****' : ''}@` : '';
  return `${scheme}://${creds}${authority}`;
}

function splitHostPort(authority: string, prefix: string): { host: string; port?: number } {
  const m = /^(\[[^\]]*\]|[^:]*)(?::(.*))?$/.exec(authority);
  const host = m?.[1] ?? authority;
  const rawPort = m?.[2];
  if (rawPort === undefined) return { host };
  const port = /^\d+$/.test(rawPort) ? Number(rawPort) : Number.NaN;
  if (!(port >= 1 && port <= 65535)) {
    // A "port" that is not 1-5 digits is often a password whose "@" went missing (NetEase and
    // Exmail passwords can be all digits), so it is never echoed.
    const what = /^\d{1,5}$/.test(rawPort)
      ? `${rawPort} is out of range`
      : /^\d+$/.test(rawPort)
        ? 'it has more than 5 digits'
        : 'it is not a number';
    throw new ConfigError(`Invalid port in ${prefix}${host}:…: ${what}`, {
      hint: 'use 465 (implicit TLS) or 587 (STARTTLS); percent-encode ":" "@" "/" "?" in user or password',
    });
  }
  return { host, port };
}

function parseOptions(query: string): Record<string, DsnOption> {
  const options: Record<string, DsnOption> = {};
  for (const [key, value] of new URLSearchParams(query)) {
    options[key] =
      value === 'true' ? true : value === 'false' ? false : /^-?\d+$/.test(value) ? Number(value) : value;
  }
  return options;
}

/** Percent-decodes, keeping the raw text when it is not valid percent-encoding (e.g. a password with "%"). */
function decode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
