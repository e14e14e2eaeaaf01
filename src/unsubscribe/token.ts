import { createHmac, timingSafeEqual } from 'node:crypto';
import { ConfigError } from '../errors/ConfigError.js';

/** What a verified unsubscribe token says: who leaves which template's mail, valid until when. */
export interface UnsubscribeClaim {
  to: string;
  template?: string;
  /** Epoch milliseconds after which the token is refused. */
  expiresAt: number;
}

export interface UnsubscribeUrlOptions {
  /** HMAC secret (≥ 16 characters), shared with `verifyUnsubscribe`. Keep it out of the repository. */
  secret: string;
  /** The page or endpoint that receives the one-click POST, e.g. `https://acme.cn/unsubscribe`. */
  base: string;
  /** Scope of the unsubscribe: the template the recipient leaves (absent: all marketing mail). */
  template?: string;
  /** How long the link works. @default 90 days */
  ttlMs?: number;
  /** Clock, for tests. @default Date.now */
  now?: () => number;
}

const DEFAULT_TTL_MS = 90 * 24 * 3600 * 1000;
const PARAM = 'token';

function checkSecret(secret: unknown): asserts secret is string {
  if (typeof secret !== 'string' || secret.length < 16) {
    throw new ConfigError('The unsubscribe secret must be a string of at least 16 characters', {
      hint: 'generate one with `node -e "console.log(crypto.randomBytes(32).toString(\'hex\'))"` and keep it in an environment variable',
    });
  }
}

function mac(secret: string, payload: string): string {
  return createHmac('sha256', secret).update(payload).digest('base64url');
}

/**
 * A signed, expiring unsubscribe link: no database needed, `verifyUnsubscribe` checks it.
 * @example
 * const url = unsubscribeUrl('ada@163.com', { secret: process.env.UNSUB_SECRET!, base: 'https://acme.cn/unsubscribe', template: 'digest' });
 * // https://acme.cn/unsubscribe?token=eyJ0IjoiYWRh…
 */
export function unsubscribeUrl(to: string, options: UnsubscribeUrlOptions): string {
  checkSecret(options.secret);
  let url: URL;
  try {
    url = new URL(options.base);
  } catch {
    throw new ConfigError(`The unsubscribe base ${JSON.stringify(options.base)} is not an absolute URL`, {
      hint: "use https://, e.g. base: 'https://acme.cn/unsubscribe'",
    });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ConfigError(`The unsubscribe base must be an http(s) URL, got ${url.protocol}`, {
      hint: 'RFC 8058 one-click needs an https:// URL that accepts a POST',
    });
  }
  const expiresAt = (options.now ?? Date.now)() + (options.ttlMs ?? DEFAULT_TTL_MS);
  const claim: Record<string, unknown> = { t: to, e: expiresAt };
  if (options.template !== undefined) claim.m = options.template;
  const payload = Buffer.from(JSON.stringify(claim)).toString('base64url');
  url.searchParams.set(PARAM, `${payload}.${mac(options.secret, payload)}`);
  return url.toString();
}

/**
 * Checks an unsubscribe link or its token. Returns the claim, or `null` when it was tampered with,
 * signed with another secret, malformed or expired.
 * @example
 * const claim = verifyUnsubscribe(request.url, process.env.UNSUB_SECRET!);
 * if (claim) await suppressions.add({ address: claim.to, reason: 'unsubscribe', scope: claim.template });
 */
export function verifyUnsubscribe(
  urlOrToken: string,
  secret: string,
  options: { now?: () => number } = {},
): UnsubscribeClaim | null {
  checkSecret(secret);
  const token = tokenOf(urlOrToken);
  if (!token) return null;
  const dot = token.indexOf('.');
  if (dot < 1) return null;
  const payload = token.slice(0, dot);
  // Compare the encoded text, not decoded bytes: base64url ignores a final character's spare bits,
  // so two different strings could decode to the same MAC.
  const given = Buffer.from(token.slice(dot + 1));
  const expected = Buffer.from(mac(secret, payload));
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  let claim: { t?: unknown; m?: unknown; e?: unknown };
  try {
    claim = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (typeof claim.t !== 'string' || typeof claim.e !== 'number') return null;
  if (claim.m !== undefined && typeof claim.m !== 'string') return null;
  if ((options.now ?? Date.now)() > claim.e) return null;
  return { to: claim.t, expiresAt: claim.e, ...(claim.m === undefined ? {} : { template: claim.m }) };
}

function tokenOf(input: string): string | null {
  if (typeof input !== 'string') return null;
  if (!input.includes('://')) return input;
  try {
    return new URL(input).searchParams.get(PARAM);
  } catch {
    return null;
  }
}
