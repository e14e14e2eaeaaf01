import { randomUUID } from 'node:crypto';
import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import addressparser from 'nodemailer/lib/addressparser/index.js';
import { AttachmentNotFoundError } from './errors/AttachmentNotFoundError.js';
import { InvalidAddressError } from './errors/InvalidAddressError.js';
import { InvalidHeaderError } from './errors/InvalidHeaderError.js';
import type { Address, Attachment, OutgoingMessage, Rendered, SendOptions } from './types.js';

const LOCAL_PART = /^[^\s@<>()[\]\\,;:"]+$/u;
const DOMAIN = /^(?!-)[\p{L}\p{N}-]+(\.[\p{L}\p{N}-]+)*$/u;
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const LINE_BREAK = /[\r\n]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it finds
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
// Headers the message builds itself; setting them through `headers` would duplicate or contradict them.
const RESERVED_HEADERS = new Map([
  ['from', 'from'],
  ['to', 'to'],
  ['cc', 'cc'],
  ['bcc', 'bcc'],
  ['reply-to', 'replyTo'],
  ['subject', 'the subject.hbs template'],
  ['message-id', 'the generated Message-ID'],
  ['content-type', 'the rendered parts'],
  ['content-transfer-encoding', 'the rendered parts'],
  ['mime-version', 'the rendered parts'],
]);

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

/** Checks custom headers: token names, single-line values, nothing the message sets itself. */
export function checkHeaders(headers: Record<string, string> | undefined): Record<string, string> {
  if (!headers) return {};
  // Object.entries of a string or an array would turn each character or item into a header.
  if (typeof headers !== 'object' || Array.isArray(headers)) {
    throw new InvalidHeaderError('headers', 'expected an object such as { "X-Campaign": "spring" }');
  }
  for (const [name, value] of Object.entries(headers)) {
    if (!HEADER_NAME.test(name)) throw new InvalidHeaderError(name, 'the name is not a header token');
    const owner = RESERVED_HEADERS.get(name.toLowerCase());
    if (owner) throw new InvalidHeaderError(name, `it is set by mailsmith; use ${owner} instead`);
    if (typeof value !== 'string') throw new InvalidHeaderError(name, 'the value must be a string');
    if (LINE_BREAK.test(value)) throw new InvalidHeaderError(name, 'the value contains a line break');
  }
  return { ...headers };
}

/** Checks that every attachment given by path is a readable file, before anything connects. */
export async function checkAttachments(attachments: Attachment[] | undefined): Promise<Attachment[]> {
  if (attachments === undefined) return [];
  if (!Array.isArray(attachments)) {
    throw new AttachmentNotFoundError('list', undefined, 'must be an array: attachments: [{ path }, …]');
  }
  for (const [index, attachment] of attachments.entries()) {
    if (typeof attachment !== 'object' || attachment === null) {
      throw new AttachmentNotFoundError(
        `#${index + 1}`,
        undefined,
        `is ${String(attachment)}, not an object`,
      );
    }
    if ('path' in attachment) {
      if (typeof attachment.path !== 'string' || attachment.path === '') {
        throw new AttachmentNotFoundError(`#${index + 1}`, undefined, 'has a path that is not a file name');
      }
      const info = await stat(attachment.path).catch((error: unknown) => {
        throw new AttachmentNotFoundError(attachment.path, error);
      });
      if (!info.isFile()) throw new AttachmentNotFoundError(attachment.path, undefined, 'is not a file');
    } else if (!('content' in attachment) || attachment.content == null) {
      throw new AttachmentNotFoundError(attachment.filename ?? '(unnamed attachment)');
    } else if (!isContent(attachment.content)) {
      throw new AttachmentNotFoundError(
        attachment.filename ?? `#${index + 1}`,
        undefined,
        `has content of type ${typeof attachment.content}, not a Buffer, string or readable stream`,
      );
    }
    // Nodemailer drops CR/LF from these silently, which would break `cid:` references or the type.
    for (const [field, header] of [
      ['filename', 'Content-Disposition'],
      ['cid', 'Content-ID'],
      ['contentType', 'Content-Type'],
    ] as const) {
      const value = attachment[field];
      if (value !== undefined && (typeof value !== 'string' || LINE_BREAK.test(value))) {
        throw new InvalidHeaderError(header, `the attachment ${field} must be a single-line string`);
      }
    }
  }
  return attachments;
}

function isContent(content: unknown): boolean {
  return (
    typeof content === 'string' ||
    Buffer.isBuffer(content) ||
    (typeof content === 'object' && content !== null && typeof (content as Readable).pipe === 'function')
  );
}

/** Everything about a message that can be checked before rendering or connecting. */
export interface PreparedEnvelope {
  from: Address;
  to: Address[];
  cc: Address[];
  bcc: Address[];
  replyTo: Address[];
  headers: Record<string, string>;
  attachments: Attachment[];
}

/** Validates the addressing part of a send. Throws InvalidAddressError / InvalidHeaderError / AttachmentNotFoundError. */
export async function prepareEnvelope(from: string, options: SendOptions): Promise<PreparedEnvelope> {
  const [sender, ...extra] = parseAddresses('from', from);
  if (!sender || extra.length > 0)
    throw new InvalidAddressError('from', from, 'expected exactly one address');
  const to = parseAddresses('to', options.to);
  const cc = parseAddresses('cc', options.cc);
  const bcc = parseAddresses('bcc', options.bcc);
  if (to.length + cc.length + bcc.length === 0) {
    throw new InvalidAddressError('to', '', 'no recipients: pass "to" (or cc/bcc)');
  }
  return {
    from: sender,
    to,
    cc,
    bcc,
    replyTo: parseAddresses('replyTo', options.replyTo),
    headers: checkHeaders(options.headers),
    attachments: await checkAttachments(options.attachments),
  };
}

/** Joins a checked envelope and a render into the message a transport delivers. */
export function buildMessage(
  envelope: PreparedEnvelope,
  rendered: Rendered,
  source?: { template: string; data: unknown },
): OutgoingMessage {
  const subject = rendered.subject.replace(/\s*[\r\n]+\s*/g, ' ').trim();
  const domain = envelope.from.address.slice(envelope.from.address.lastIndexOf('@') + 1);
  return {
    messageId: `<${randomUUID()}@${domain}>`,
    from: envelope.from,
    to: envelope.to,
    cc: envelope.cc,
    bcc: envelope.bcc,
    replyTo: envelope.replyTo,
    subject,
    html: rendered.html,
    text: rendered.text,
    headers: envelope.headers,
    attachments: envelope.attachments,
    envelope: {
      from: envelope.from.address,
      to: [...envelope.to, ...envelope.cc, ...envelope.bcc].map((a) => a.address),
    },
    ...(source ?? {}),
  };
}
