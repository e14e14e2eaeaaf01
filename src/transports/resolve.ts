import { ConfigError } from '../errors/ConfigError.js';
import type { Transport } from '../types.js';
import './builtins.js';
import { Dsn } from './dsn.js';
import { failover } from './failover.js';
import { registeredSchemes, transportDefinition } from './registry.js';
import { roundRobin } from './round-robin.js';

const GROUP = /^(failover|roundrobin)\s*\((.*)\)$/is;
const SCHEME = /^([a-z0-9][a-z0-9+.-]*):\/\//i;

/**
 * Returns a transport as is, or builds one from its URL through the transport registry:
 * `smtps://user:pass@host:465`, `smtp://user:pass@host:587` (STARTTLS required), `qq://user:code@`,
 * `exmail://user:pass@`, `163://user:code@`, `126://user:code@`, `memory://`, `outbox://./outbox`, any
 * scheme registered with `defineTransport`, and groups: `failover(url url …)`, `roundrobin(url url …)`.
 * Percent-encode `:` `?` `/` and spaces in the user; an `@` in the user may stay as is.
 *
 * @example
 * resolveTransport(process.env.MAILSMITH_TRANSPORT ?? 'outbox://./outbox');
 * resolveTransport('failover(qq://a@qq.com:CODE@ smtps://u:p@smtp.example.com:465)');
 * @throws ConfigError for an unknown scheme (listing the registered ones), a missing host or a bad port
 * (the message never holds the password).
 */
export function resolveTransport(input: Transport | string): Transport {
  if (typeof input !== 'string') {
    if (input && typeof input === 'object' && typeof input.send === 'function') return input;
    throw new ConfigError(`Not a transport: ${describe(input)}`, {
      hint: "pass smtp({...}), qq({...}), memory(), outbox({ dir }) or a URL such as 'smtps://user:pass@host:465'",
    });
  }
  const url = input.trim();
  const group = GROUP.exec(url);
  if (group) {
    const members = splitMembers(group[2] as string).map(resolveTransport);
    return group[1]?.toLowerCase() === 'failover' ? failover(...members) : roundRobin(...members);
  }
  const scheme = SCHEME.exec(url)?.[1]?.toLowerCase();
  const definition = scheme === undefined ? undefined : transportDefinition(scheme);
  if (!definition) {
    if (scheme === undefined) Dsn.parse(url); // throws the "must look like scheme://…" error
    throw new ConfigError(`Unknown transport scheme "${scheme}://"`, {
      hint:
        `registered schemes: ${registeredSchemes()
          .map((s) => `${s}://`)
          .join(', ')}, and failover(…) / roundrobin(…); ` +
        'a third-party transport registers its scheme with defineTransport() when its module is imported',
    });
  }
  return definition.create(Dsn.parse(url, definition.dsn));
}

/** Splits `a://… b://…` on whitespace outside parentheses, so groups can nest. */
function splitMembers(inner: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of inner) {
    if (char === '(') depth++;
    if (char === ')') depth--;
    if (/\s/.test(char) && depth === 0) {
      if (current) out.push(current);
      current = '';
    } else current += char;
  }
  if (current) out.push(current);
  return out;
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  return typeof value === 'object'
    ? `an object without send() (keys: ${Object.keys(value).join(', ')})`
    : typeof value;
}
