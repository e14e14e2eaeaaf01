import addressparser from 'nodemailer/lib/addressparser/index.js';
import { InvalidAddressError } from '../errors/InvalidAddressError.js';
import type { Address } from '../types.js';

const LOCAL_PART = /^[^\s@<>()[\]\\,;:"]+$/u;
const DOMAIN = /^(?!-)[\p{L}\p{N}-]+(\.[\p{L}\p{N}-]+)*$/u;
/** CR or LF: a header value or address holding one could inject headers. */
export const LINE_BREAK = /[\r\n]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it finds
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** Parses one address field into mailboxes; rejects anything that is not a plain, single-line address. */
export function parseAddresses(field: string, value: string | string[] | undefined): Address[] {
  if (value === undefined) return [];
  const values = Array.isArray(value) ? value : [value];
  const out: Address[] = [];
  for (const raw of values) {
    if (typeof raw !== 'string') throw new InvalidAddressError(field, String(raw), 'expected a string');
    if (LINE_BREAK.test(raw)) throw new InvalidAddressError(field, raw, 'contains a line break');
    // addressparser silently drops these, so "a\0b@x.cn" would go to ab@x.cn.
    if (CONTROL.test(raw)) throw new InvalidAddressError(field, raw, 'contains a control character');
    const parsed = addressparser(raw, { flatten: true });
    if (parsed.length === 0) throw new InvalidAddressError(field, raw, 'no address found');
    for (const { name, address } of parsed) {
      // addressparser is lenient: "ada@exa mple.com" parses as address "ada@exa", name "mple.com".
      if (address && name && !raw.includes('<')) {
        throw new InvalidAddressError(field, raw, `unexpected text "${name}"; write "Name <local@domain>"`);
      }
      const reason = addressProblem(address);
      if (reason) throw new InvalidAddressError(field, raw, reason);
      out.push({ name: name ?? '', address });
    }
  }
  return out;
}

function addressProblem(address: string | undefined): string | undefined {
  if (!address) return 'no address found';
  const at = address.lastIndexOf('@');
  if (at < 1 || at === address.length - 1) return 'expected local@domain';
  const local = address.slice(0, at);
  const domain = address.slice(at + 1);
  if (!LOCAL_PART.test(local) || local.startsWith('.') || local.endsWith('.') || local.includes('..')) {
    return `"${local}" is not a valid mailbox name`;
  }
  if (!DOMAIN.test(domain)) return `"${domain}" is not a valid domain`;
  return undefined;
}
