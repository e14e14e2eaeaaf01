import { domainToASCII } from 'node:url';
import addressparser from 'nodemailer/lib/addressparser/index.js';
import { InvalidAddressError } from '../errors/InvalidAddressError.js';
import type { Address } from '../types.js';

const LOCAL_PART = /^[^\s@<>()[\]\\,;:"]+$/u;
const DOMAIN = /^(?!-)[\p{L}\p{N}-]+(\.[\p{L}\p{N}-]+)*$/u;
const NON_ASCII = /[\u0080-\uffff]/;
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
    const known = PARSED.get(raw);
    if (known) {
      for (const { name, address } of known) out.push({ name, address });
      continue;
    }
    const first = out.length;
    if (LINE_BREAK.test(raw)) throw new InvalidAddressError(field, raw, 'contains a line break');
    // addressparser silently drops these, so "a\0b@x.cn" would go to ab@x.cn.
    if (CONTROL.test(raw)) throw new InvalidAddressError(field, raw, 'contains a control character');
    const typo = inputMethodTypo(raw);
    if (typo) throw new InvalidAddressError(field, raw, typo.reason, typo.hint);
    const parsed = addressparser(raw, { flatten: true });
    if (parsed.length === 0) throw new InvalidAddressError(field, raw, 'no address found');
    for (const { name, address } of parsed) {
      // addressparser is lenient: "ada@exa mple.com" parses as address "ada@exa", name "mple.com".
      if (address && name && !raw.includes('<')) {
        throw new InvalidAddressError(field, raw, `unexpected text "${name}"; write "Name <local@domain>"`);
      }
      const reason = addressProblem(address);
      if (reason) throw new InvalidAddressError(field, raw, reason);
      const bare = bareProviderDomain(address);
      if (bare) throw new InvalidAddressError(field, raw, bare.reason, bare.hint);
      out.push({ name: name ?? '', address });
    }
    if (PARSED.size >= PARSED_MAX) PARSED.clear();
    PARSED.set(
      raw,
      out.slice(first).map(({ name, address }) => ({ name, address })),
    );
  }
  return out;
}

/**
 * Addresses already parsed and checked, by the string given: the same sender and recipients come back
 * send after send, and nodemailer's parser was ~15 % of a send to memory://. Only strings that passed
 * every check are kept (a bad one throws each time); callers get copies.
 */
const PARSED = new Map<string, readonly Address[]>();
const PARSED_MAX = 1024;

/**
 * Characters a Chinese input method types in place of ASCII ones: they look right and never deliver.
 * Named in the error, with the address as it should be.
 */
const LOOKALIKES: [string, string, string][] = [
  ['＠', '@', 'a full-width "＠" (U+FF20)'],
  ['。', '.', 'a Chinese full stop "。" (U+3002)'],
  ['．', '.', 'a full-width "．" (U+FF0E)'],
];

function inputMethodTypo(raw: string): { reason: string; hint: string } | undefined {
  const found = LOOKALIKES.filter(([c]) => raw.includes(c));
  if (found.length === 0) return undefined;
  let fixed = raw;
  for (const [c, ascii] of found) fixed = fixed.split(c).join(ascii);
  return {
    reason: `contains ${found.map(([, , name]) => name).join(' and ')}, typed by an input method in Chinese mode`,
    hint: `use ASCII: ${fixed}`,
  };
}

/** Mail providers people type without their ".com"/".cn": `zhangsan@qq` is meant as `zhangsan@qq.com`. */
const PROVIDERS: Record<string, string> = {
  qq: 'qq.com',
  foxmail: 'foxmail.com',
  '163': '163.com',
  '126': '126.com',
  yeah: 'yeah.net',
  sina: 'sina.com',
  sohu: 'sohu.com',
  aliyun: 'aliyun.com',
  gmail: 'gmail.com',
  outlook: 'outlook.com',
  hotmail: 'hotmail.com',
  yahoo: 'yahoo.com',
  icloud: 'icloud.com',
};

function bareProviderDomain(address: string): { reason: string; hint: string } | undefined {
  const at = address.lastIndexOf('@');
  const domain = address.slice(at + 1).toLowerCase();
  const full = Object.hasOwn(PROVIDERS, domain) ? PROVIDERS[domain] : undefined;
  if (!full) return undefined;
  return {
    reason: `the domain "${domain}" has no dot (mail cannot be delivered to it)`,
    hint: `write the whole domain: ${address.slice(0, at)}@${full}`,
  };
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

/** The bare, lower-cased address of `ada@163.com` or `"Ada" <Ada@163.com>`. */
export function bareAddress(address: string): string {
  try {
    return (parseAddresses('address', address)[0]?.address ?? address).toLowerCase();
  } catch {
    return address.trim().toLowerCase();
  }
}

/**
 * The address as the SMTP envelope carries it. An ASCII mailbox at an internationalized domain
 * (`ada@例子.中国`) goes out with the domain in punycode, which every server accepts; a non-ASCII
 * mailbox name (`用户@例子.中国`) stays UTF-8 and needs a server that offers SMTPUTF8 (RFC 6531).
 */
export function envelopeAddress(address: string): string {
  const at = address.lastIndexOf('@');
  const local = address.slice(0, at);
  const domain = address.slice(at + 1);
  if (at < 0 || NON_ASCII.test(local) || !NON_ASCII.test(domain)) return address;
  return `${local}@${domainToASCII(domain) || domain}`;
}

/** Whether the envelope address needs the server's SMTPUTF8 extension. */
export function needsSmtpUtf8(address: string): boolean {
  return NON_ASCII.test(address);
}
