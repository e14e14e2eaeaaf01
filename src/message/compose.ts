import { createHash, randomUUID } from 'node:crypto';
import { ConfigError } from '../errors/ConfigError.js';
import { InvalidAddressError } from '../errors/InvalidAddressError.js';
import { foldSubject } from '../render/finish.js';
import type { Address, ComposedAttachment, ComposedMessage, Rendered, SendOptions } from '../types.js';
import { envelopeAddress, parseAddresses } from './address.js';
import { checkAttachments, readAttachments } from './attachments.js';
import { checkHeaders } from './headers.js';

export type { ComposedAttachment, ComposedMessage };

/** Everything about a message that can be checked before rendering or connecting. */
export interface PreparedEnvelope {
  from: Address;
  to: Address[];
  cc: Address[];
  bcc: Address[];
  replyTo: Address[];
  headers: Record<string, string>;
  attachments: ComposedAttachment[];
}

export interface PrepareOptions {
  /** Cap on the attachments' total size. @default 10 MB */
  maxAttachmentBytes?: number;
}

/**
 * Validates the addressing part of a send and reads the attachments.
 * Throws InvalidAddressError / InvalidHeaderError / InvalidAttachmentError / AttachmentNotFoundError, or ConfigError above the size cap.
 */
export async function prepareEnvelope(
  from: string,
  options: SendOptions,
  prepare: PrepareOptions = {},
): Promise<PreparedEnvelope> {
  const [sender, ...extra] = parseAddresses('from', from);
  if (!sender || extra.length > 0)
    throw new InvalidAddressError('from', from, 'expected exactly one address');
  const to = parseAddresses('to', options.to);
  const cc = parseAddresses('cc', options.cc);
  const bcc = parseAddresses('bcc', options.bcc);
  if (to.length + cc.length + bcc.length === 0) {
    throw new InvalidAddressError('to', '', 'no recipients: pass "to" (or cc/bcc)');
  }
  const replyTo = parseAddresses('replyTo', options.replyTo);
  const headers = checkHeaders(options.headers);
  const checked = await checkAttachments(options.attachments);
  return {
    from: sender,
    to,
    cc,
    bcc,
    replyTo,
    headers,
    attachments: await readAttachments(checked, prepare.maxAttachmentBytes),
  };
}

/**
 * The Message-ID of a send: random, or derived from the idempotency key so that every attempt of one
 * logical send carries the same id (receivers and our own logs can then spot a duplicate).
 */
export function messageIdFor(fromAddress: string, idempotencyKey?: string): string {
  const domain = fromAddress.slice(fromAddress.lastIndexOf('@') + 1);
  if (idempotencyKey === undefined) return `<${randomUUID()}@${domain}>`;
  const digest = createHash('sha256').update(`${fromAddress}\n${idempotencyKey}`).digest('hex');
  return `<${digest.slice(0, 32)}.idem@${domain}>`;
}

/** What the message was made from: kept on it for tests, logs, and the outbox file names. */
export interface MessageSource {
  template?: string;
  data?: unknown;
  locale?: string;
  idempotencyKey?: string;
}

/**
 * Names the template in the message, so that a bounce, which quotes the original headers, can be traced
 * back to it (mailsmith/bounces). Only names that are plain header text; a header set by the caller wins.
 */
function withTemplateHeader(headers: Record<string, string>, template?: string): Record<string, string> {
  if (!template || !/^[\x21-\x7e]{1,200}$/.test(template)) return headers;
  if (Object.keys(headers).some((k) => k.toLowerCase() === 'x-mailsmith-template')) return headers;
  return { 'X-Mailsmith-Template': template, ...headers };
}

/** Joins a checked envelope and a render into the message a transport delivers. */
export function buildMessage(
  envelope: PreparedEnvelope,
  rendered: Rendered,
  source: MessageSource = {},
): ComposedMessage {
  const subject = foldSubject(rendered.subject);
  const defined = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined));
  return {
    messageId: messageIdFor(envelope.from.address, source.idempotencyKey),
    from: envelope.from,
    to: envelope.to,
    cc: envelope.cc,
    bcc: envelope.bcc,
    replyTo: envelope.replyTo,
    subject,
    html: rendered.html,
    text: rendered.text,
    headers: withTemplateHeader(envelope.headers, source.template),
    attachments: envelope.attachments,
    envelope: {
      from: envelopeAddress(envelope.from.address),
      to: [...envelope.to, ...envelope.cc, ...envelope.bcc].map((a) => envelopeAddress(a.address)),
    },
    ...defined,
  };
}

/**
 * Checks a composed message that may have travelled (a queue, a file, another process) before it is
 * delivered: its shape, its addresses and headers, so a hand-edited or truncated payload fails with a
 * typed error instead of deep inside a transport.
 * @throws ConfigError for a missing or mistyped field; InvalidAddressError / InvalidHeaderError as compose would
 */
export function checkComposed(message: unknown): asserts message is ComposedMessage {
  const m = message as Partial<ComposedMessage> | null;
  const problem = (what: string) =>
    new ConfigError(`Not a composed message: ${what}`, {
      hint: 'deliver() takes what mailer.compose() returned (a JSON round trip is fine)',
    });
  if (typeof m !== 'object' || m === null) throw problem(`got ${m === null ? 'null' : typeof m}`);
  for (const key of ['messageId', 'subject', 'html', 'text'] as const) {
    if (typeof m[key] !== 'string') throw problem(`"${key}" is not a string`);
  }
  if (!isAddress(m.from)) throw problem('"from" is not an address { name, address }');
  for (const key of ['to', 'cc', 'bcc', 'replyTo'] as const) {
    if (!Array.isArray(m[key]) || !m[key].every(isAddress))
      throw problem(`"${key}" is not a list of addresses`);
  }
  const envelope = m.envelope;
  if (
    typeof envelope?.from !== 'string' ||
    !Array.isArray(envelope.to) ||
    envelope.to.length === 0 ||
    !envelope.to.every((a) => typeof a === 'string')
  ) {
    throw problem('"envelope" must be { from, to: [at least one address] }');
  }
  if (!Array.isArray(m.attachments) || !m.attachments.every((a) => typeof a?.content === 'string')) {
    throw problem('"attachments" must be a list of { content: base64 string }');
  }
  for (const address of [m.from.address, envelope.from, ...envelope.to]) parseAddresses('envelope', address);
  checkHeaders(m.headers ?? {});
}

function isAddress(value: unknown): value is Address {
  const a = value as Partial<Address> | null;
  return (
    typeof a === 'object' && a !== null && typeof a.address === 'string' && typeof (a.name ?? '') === 'string'
  );
}
