import { ConfigError } from '../errors/ConfigError.js';
import type { Transport } from '../types.js';
import type { Dsn, DsnShape } from './dsn.js';

/** What `defineTransport` takes: the URL schemes a transport answers to and how to build it from one. */
export interface TransportDefinition<T extends Transport = Transport> {
  /** Lower-case URL schemes, e.g. `['smtp', 'smtps']` for `smtp://…` and `smtps://…`. */
  schemes: readonly string[];
  /** Builds the transport from a parsed URL. Throw a `ConfigError` for a URL it cannot use. */
  create(dsn: Dsn): T;
  /** How the URL is read (credentials or a location, host required or forbidden). */
  dsn?: DsnShape;
}

const SCHEME = /^[a-z0-9][a-z0-9+.-]*$/;
const definitions = new Map<string, TransportDefinition>();

/**
 * Registers a transport under one or more URL schemes, so `createMailer({ transport: 'myapi://…' })`,
 * `MAILSMITH_TRANSPORT` and `failover(…)` URLs can build it. Built-in transports register exactly this
 * way. A later registration of the same scheme replaces the earlier one (e.g. to wrap `smtp`).
 *
 * @example
 * import { defineTransport, type Transport } from 'mailsmith';
 * defineTransport({
 *   schemes: ['postmark'],
 *   dsn: { host: 'none', example: 'postmark://:SERVER_TOKEN@' },
 *   create: (dsn) => postmarkTransport({ token: dsn.password }),
 * });
 * createMailer({ transport: 'postmark://:token@' });
 * @returns the definition, unchanged
 */
export function defineTransport<T extends Transport>(
  definition: TransportDefinition<T>,
): TransportDefinition<T> {
  if (!definition || typeof definition.create !== 'function' || !Array.isArray(definition.schemes)) {
    throw new ConfigError('defineTransport() needs { schemes: string[], create(dsn) }');
  }
  for (const scheme of definition.schemes) {
    if (typeof scheme !== 'string' || !SCHEME.test(scheme)) {
      throw new ConfigError(`defineTransport(): "${String(scheme)}" is not a URL scheme`, {
        hint: 'use lower-case letters, digits, "+", "-" or "." (starting with a letter or digit), without "://"',
      });
    }
  }
  for (const scheme of definition.schemes) definitions.set(scheme, definition as TransportDefinition);
  return definition;
}

/** The definition registered for a scheme, if any. */
export function transportDefinition(scheme: string): TransportDefinition | undefined {
  return definitions.get(scheme.toLowerCase());
}

/** Every registered scheme, in registration order. */
export function registeredSchemes(): string[] {
  return [...definitions.keys()];
}
