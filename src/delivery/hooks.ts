import { ConfigError } from '../errors/ConfigError.js';
import { InvalidAddressError } from '../errors/InvalidAddressError.js';
import { parseAddresses } from '../message/address.js';
import { checkHeaders } from '../message/headers.js';
import type { Address, ComposedMessage } from '../types.js';

/**
 * Runs before each delivery with the composed message: return a changed message, `false` to cancel
 * the send, or nothing to send it as is. Rails' interceptors, Laravel's `alwaysTo`.
 */
export type BeforeSend = (
  message: ComposedMessage,
) => ComposedMessage | false | undefined | Promise<ComposedMessage | false | undefined>;

/** Header that keeps a redirected message's original recipients. */
export const ORIGINAL_RECIPIENTS_HEADER = 'X-Mailsmith-Original-To';

/**
 * A `beforeSend` hook for staging: every message goes to `address` instead, and its original to, cc
 * and bcc are kept in the `X-Mailsmith-Original-To` header (`to: …; cc: …; bcc: …`).
 *
 * @example
 * createMailer({ beforeSend: process.env.STAGING ? redirectAll('qa@163.com') : undefined });
 */
export function redirectAll(address: string): BeforeSend {
  const [target, ...extra] = parseAddresses('redirectAll', address);
  if (!target || extra.length > 0) throw new ConfigError(`redirectAll() needs one address, got "${address}"`);
  return (message) => {
    const list = (field: string, addresses: Address[]) =>
      addresses.length ? `${field}: ${addresses.map((a) => a.address).join(', ')}` : undefined;
    const original = [list('to', message.to), list('cc', message.cc), list('bcc', message.bcc)]
      .filter(Boolean)
      .join('; ');
    return {
      ...message,
      to: [target],
      cc: [],
      bcc: [],
      headers: { ...message.headers, [ORIGINAL_RECIPIENTS_HEADER]: original },
      envelope: { from: message.envelope.from, to: [target.address] },
    };
  };
}

/**
 * Runs the hooks in order. A changed message is checked again (addresses, headers) and its envelope
 * recomputed from to/cc/bcc, so a hook cannot smuggle in a header or a recipient the checks would refuse.
 * @returns the message to send, or `false` when a hook cancelled it
 */
export async function runBeforeSend(
  hooks: BeforeSend | BeforeSend[] | undefined,
  message: ComposedMessage,
): Promise<ComposedMessage | false> {
  let current = message;
  for (const hook of [hooks ?? []].flat()) {
    const next = await hook(current);
    if (next === false) return false;
    if (next === undefined || next === current) continue;
    current = recheck(next);
  }
  return current;
}

function recheck(message: ComposedMessage): ComposedMessage {
  const field = (name: string, addresses: Address[]): Address[] =>
    addresses.map((a) => {
      const parsed = parseAddresses(name, a.address);
      if (parsed.length !== 1) throw new InvalidAddressError(name, a.address, 'expected exactly one address');
      // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it finds
      if (/[\u0000-\u001f\u007f]/.test(a.name ?? '')) {
        throw new InvalidAddressError(
          name,
          a.name,
          'the display name contains a line break or control character',
        );
      }
      return { name: a.name ?? '', address: (parsed[0] as Address).address };
    });
  const to = field('to', message.to);
  const cc = field('cc', message.cc);
  const bcc = field('bcc', message.bcc);
  const [from] = field('from', [message.from]);
  return {
    ...message,
    to,
    cc,
    bcc,
    from: from ?? message.from,
    headers: checkHeaders(message.headers),
    envelope: { from: message.envelope.from, to: [...to, ...cc, ...bcc].map((a) => a.address) },
  };
}
