import { ConfigError } from '../errors/ConfigError.js';
import type { Transport } from '../types.js';
import { Dsn, type DsnOption } from './dsn.js';
import { memory } from './memory.js';
import { outbox } from './outbox.js';
import type { PresetName } from './presets.js';
import { preset } from './qq.js';
import { type SmtpOptions, smtp } from './smtp.js';

/** Query options a URL may carry, e.g. `smtps://u:p@host:465?pool=false&maxConnections=1`. */
const NUMBER_OPTIONS = [
  'maxConnections',
  'maxMessages',
  'rateLimit',
  'rateDelta',
  'connectionTimeout',
  'greetingTimeout',
  'socketTimeout',
] as const;
const URL_OPTIONS = ['pool', 'name', ...NUMBER_OPTIONS] as const;

/**
 * Returns a transport as is, or builds one from its URL:
 * `smtps://user:pass@host:465`, `smtp://user:pass@host:587` (STARTTLS required), `qq://user:code@`,
 * `exmail://user:pass@`, `163://user:code@`, `126://user:code@`, `memory://`, `outbox://./outbox`.
 * Percent-encode `:` `?` `/` in the user; an `@` in the user may stay as is.
 *
 * @example
 * resolveTransport(process.env.MAILSMITH_TRANSPORT ?? 'outbox://./outbox');
 * @throws ConfigError for an unknown scheme, a missing host or a bad port (the message never holds the password).
 */
export function resolveTransport(input: Transport | string): Transport {
  if (typeof input !== 'string') {
    if (input && typeof input === 'object' && typeof input.send === 'function') return input;
    throw new ConfigError(`Not a transport: ${describe(input)}`, {
      hint: "pass smtp({...}), qq({...}), memory(), outbox({ dir }) or a URL such as 'smtps://user:pass@host:465'",
    });
  }
  const dsn = Dsn.parse(input);
  switch (dsn.scheme) {
    case 'memory':
      return memory();
    case 'outbox':
      return outbox({ dir: `${dsn.host}${dsn.path}` || './outbox' });
    case 'smtp':
    case 'smtps':
      return smtp({
        ...smtpUrlOptions(dsn),
        host: dsn.host,
        port: dsn.port,
        secure: dsn.scheme === 'smtps',
        user: dsn.user,
        pass: dsn.password,
      });
    default:
      return preset(dsn.scheme as PresetName, { ...smtpUrlOptions(dsn), user: dsn.user, pass: dsn.password });
  }
}

function smtpUrlOptions(dsn: Dsn): Partial<SmtpOptions> {
  const out: Record<string, DsnOption> = {};
  for (const [key, value] of Object.entries(dsn.options)) {
    if (!(URL_OPTIONS as readonly string[]).includes(key)) {
      throw new ConfigError(`Unknown option "${key}" in ${dsn}`, {
        hint: `valid options: ${URL_OPTIONS.join(', ')}`,
      });
    }
    const wanted = key === 'pool' ? 'boolean' : key === 'name' ? 'string' : 'number';
    if (typeof value !== wanted) {
      throw new ConfigError(`Option "${key}" in ${dsn} must be a ${wanted}`);
    }
    out[key] = value;
  }
  return out as Partial<SmtpOptions>;
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  return typeof value === 'object'
    ? `an object without send() (keys: ${Object.keys(value).join(', ')})`
    : typeof value;
}
