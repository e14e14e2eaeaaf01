import { ConfigError } from '../errors/ConfigError.js';
import { signerOf } from '../message/dkim.js';
import type { ComposedMessage, Transport, TransportCapabilities } from '../types.js';

/** The features a transport may lack, in the order a refusal names them. */
export const CAPABILITIES = ['attachments', 'cc', 'bcc', 'headers', 'dkim'] as const;
export type Capability = (typeof CAPABILITIES)[number];

// Headers every mailsmith message carries for its own bookkeeping: a provider that cannot send custom
// headers leaves them out (its event feed carries its own message id instead); anything else is refused.
const OWN_HEADERS = /^x-mailsmith-template$/i;

/** What `message` needs that a transport might not carry, with a description for the refusal. */
export function needs(message: ComposedMessage): Array<{ capability: Capability; what: string }> {
  const out: Array<{ capability: Capability; what: string }> = [];
  const n = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;
  if (message.attachments.length > 0) {
    out.push({
      capability: 'attachments',
      what: `attachments (${n(message.attachments.length, 'file', 'files')})`,
    });
  }
  if (message.cc.length > 0)
    out.push({ capability: 'cc', what: `cc (${n(message.cc.length, 'address', 'addresses')})` });
  if (message.bcc.length > 0) {
    out.push({ capability: 'bcc', what: `bcc (${n(message.bcc.length, 'address', 'addresses')})` });
  }
  const custom = Object.keys(message.headers).filter((h) => !OWN_HEADERS.test(h));
  if (custom.length > 0) out.push({ capability: 'headers', what: `headers (${custom.join(', ')})` });
  if (signerOf(message)) out.push({ capability: 'dkim', what: 'dkim (the mailer signs with DKIM)' });
  return out;
}

/** True when `capabilities` (absent: everything) covers `capability`. DKIM needs raw MIME too. */
export function supports(capabilities: TransportCapabilities | undefined, capability: Capability): boolean {
  if (!capabilities) return true;
  if (capability === 'dkim') return capabilities.dkim !== false && capabilities.rawMime !== false;
  return capabilities[capability] !== false;
}

/**
 * Refuses, before any request, a message that needs a feature the transport does not declare: a
 * provider API without attachments must not send the mail without them. The error names every field
 * the message needs and the transport cannot carry, and the hint points to a transport that can.
 *
 * @example
 * assertCapabilities(transport, message); // throws ConfigError: "… cannot send attachments (2 files), cc (1 address)"
 */
export function assertCapabilities(transport: Transport, message: ComposedMessage): void {
  const caps = transport.capabilities;
  if (!caps) return;
  const missing = needs(message).filter((n) => !supports(caps, n.capability));
  if (missing.length === 0) return;
  const fields = missing.filter((m) => m.capability !== 'dkim').map((m) => m.capability);
  const what = [
    fields.length > 0 && `leave ${fields.join(', ')} out of this message`,
    missing.some((m) => m.capability === 'dkim') &&
      "remove the mailer's dkim option (the provider signs with the DKIM key set up in its console)",
  ].filter(Boolean);
  const alternative = caps.alternative
    ? `send through ${caps.alternative}, which carries all of it, or `
    : '';
  throw new ConfigError(
    `${transport.name} transport (${String(transport)}) cannot send ${missing.map((m) => m.what).join(', ')}`,
    { hint: `${alternative}${what.join(' and ')}` },
  );
}
