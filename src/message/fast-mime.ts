import { randomBytes } from 'node:crypto';
import { detectExtension, detectMimeType, foldLines } from 'nodemailer/lib/mime-funcs/index.js';
import MimeNode from 'nodemailer/lib/mime-node/index.js';
import { encode as qpEncode } from 'nodemailer/lib/qp/index.js';
import type { Address } from '../types.js';
import { hasLongWord } from './line-limit.js';

/**
 * What the fast path reads from a message: the fields of `ComposedMessage` that reach the MIME
 * source (attachments already read into base64). Structural, so any composed message fits.
 */
export interface MimeSource {
  messageId: string;
  /** A Date, or a string `new Date()` understands. @default now */
  date?: string | Date;
  from: Address;
  to: Address[];
  cc: Address[];
  bcc: Address[];
  replyTo: Address[];
  subject: string;
  html: string;
  text: string;
  headers: Record<string, string>;
  attachments: readonly { filename?: string; contentType?: string; cid?: string; content: string }[];
  /** The template it was rendered from: its previous body is the first place to look for unchanged lines. */
  template?: string;
}

/**
 * Why a message goes to nodemailer's composer instead, or `undefined` when the fast path covers it.
 * The fast path covers what `compose()` produces: a text and/or HTML body, attachments and inline
 * images. The rest is rare and handled by the composer, which is always correct:
 * - neither text nor HTML (the composer makes an empty text/plain part, or the attachment the root);
 * - a CR in the text or HTML (a lone CR is data the QP line cache would have to special-case);
 * - a `message/*` attachment (sent unencoded as 7bit/8bit, not base64), or attachment content that is
 *   not unwrapped base64;
 * - a custom header whose name the message sets itself (its position and override rules are the composer's).
 */
export function fastPathProblem(message: MimeSource): string | undefined {
  if (!message.html && !message.text) return 'no text or HTML body';
  // Header words longer than a line need encoding the composer path does (see line-limit.ts).
  if (hasLongWord(message)) return 'a header word too long to fold';
  if (message.html.includes('\r') || message.text.includes('\r')) return 'a CR in the body';
  for (const a of message.attachments) {
    // Unwrapped base64, as compose() writes it; anything else (line breaks, a data: URL) is the composer's to decode.
    if (typeof a.content !== 'string' || !BASE64.test(a.content))
      return 'attachment content is not plain base64';
    if (/^message\//i.test(a.contentType ?? '')) return 'a message/* attachment';
  }
  for (const [name, value] of Object.entries(message.headers)) {
    if (typeof value !== 'string' || STRUCTURAL_HEADERS.has(name.toLowerCase())) return `the ${name} header`;
  }
  return undefined;
}

/**
 * Builds the RFC 5322 source of a message without nodemailer's streaming composer, or returns
 * `undefined` when {@link fastPathProblem} says the composer must do it.
 *
 * The output parses (mailparser) to the same fields, parts, attachments and headers as
 * `MailComposer`'s: the same MIME tree, the same transfer-encoding choice per part and header values
 * encoded by nodemailer's own `MimeNode`. What it saves is the per-send work that does not change:
 * part headers and attachment encodings are cached per shape, and body lines are quoted-printable
 * encoded once and looked up afterwards (a template's HTML is the same lines send after send; only the
 * lines carrying data are encoded again). Boundaries are random per message, so data can never close a part.
 *
 * @example
 * const raw = fastMime(composed) ?? (await composerMime(composed));
 */
export function fastMime(message: MimeSource, options: { keepBcc?: boolean } = {}): Buffer | undefined {
  if (fastPathProblem(message)) return undefined;
  const base = randomBytes(8).toString('hex');
  const tree = layout(message);
  const rootBoundary = `--_NmP-${base}-Part_1`;
  const chunks: string[] = [rootHeaders(message, tree, rootBoundary, options.keepBcc ?? false), '\r\n\r\n'];
  if (tree.kind === 'leaf') {
    // A message ends with a line break; a body that ends with one gets no second (an empty line).
    chunks.push(tree.body.text, tree.body.text.endsWith('\n') ? '' : '\r\n');
  } else {
    writeMultipart(chunks, tree, rootBoundary, base, { next: 2 });
    chunks.push('\r\n');
  }
  return Buffer.from(chunks.join(''), 'utf8');
}

/**
 * A bounded cache in two generations: new entries go to the young map; when it is full it becomes the
 * old one and the previous old one is dropped. An entry found in the old map moves back to the young
 * one, so what every send uses (a template's lines) stays, and what one send used (a line carrying its
 * data) is gone two generations later. Memory stays bounded however many unique lines pass.
 */
class BoundedCache<V> {
  private young = new Map<string, V>();
  private old = new Map<string, V>();
  private chars = 0;
  constructor(
    private readonly maxEntries: number,
    private readonly maxChars: number,
  ) {}
  get(key: string): V | undefined {
    const hit = this.young.get(key);
    if (hit !== undefined) return hit;
    const aged = this.old.get(key);
    if (aged !== undefined) this.set(key, aged);
    return aged;
  }
  set(key: string, value: V): void {
    if (this.young.size >= this.maxEntries || this.chars + key.length > this.maxChars) {
      this.old = this.young;
      this.young = new Map();
      this.chars = 0;
    }
    this.chars += key.length;
    this.young.set(key, value);
  }
}

// MimeNode's header API as used here (its typings predate encodeHeaderValue).
interface HeaderNode {
  setHeader(key: string, value: unknown): void;
  buildHeaders(): string;
  encodeHeaderValue(key: string, value: unknown): string;
  _normalizeHeaderKey(key: string): string;
}

// One node, used only for its header encoders (addresses: punycode, quoting, RFC 2047; text: RFC 2047).
const encoder = new MimeNode() as unknown as HeaderNode;
const headerLines = new BoundedCache<string>(1000, 256 * 1024);

/** One folded header line, as MimeNode writes it: `Key: encoded value` folded at 76 columns. */
function headerLine(key: string, value: unknown): string {
  return foldLines(`${key}: ${encoder.encodeHeaderValue(key, value)}`, 76);
}

/** A header line whose value repeats across sends (the sender, a campaign header): encoded once. */
function cachedHeaderLine(key: string, value: string | Address): string {
  const id = typeof value === 'string' ? `${key}\0${value}` : `${key}\0${value.name}\0${value.address}`;
  let line = headerLines.get(id);
  if (line === undefined) {
    line = headerLine(key, value);
    headerLines.set(id, line);
  }
  return line;
}

/** The root headers, in MailComposer's order: custom headers, addressing, subject, id, date, MIME. */
function rootHeaders(message: MimeSource, tree: Part, boundary: string, keepBcc: boolean): string {
  const out: string[] = [];
  for (const [name, value] of Object.entries(message.headers)) {
    out.push(cachedHeaderLine(encoder._normalizeHeaderKey(name), value));
  }
  const addresses: [string, Address[]][] = [
    ['To', message.to],
    ['Cc', message.cc],
    ['Bcc', keepBcc ? message.bcc : []],
    ['Reply-To', message.replyTo],
  ];
  out.push(cachedHeaderLine('From', message.from));
  for (const [key, list] of addresses) {
    // Recipients differ from send to send (a bulk send would only churn a cache); a list may hold duplicates the encoder merges.
    if (list.length > 0) out.push(headerLine(key, list.length === 1 ? list[0] : list));
  }
  if (message.subject) out.push(headerLine('Subject', message.subject));
  out.push(headerLine('Message-ID', message.messageId));
  const date = message.date === undefined ? new Date() : new Date(message.date);
  out.push(`Date: ${date.toUTCString().replace(/GMT/, '+0000')}`);
  if (tree.kind === 'leaf') {
    out.push(
      `Content-Transfer-Encoding: ${tree.body.encoding}`,
      'MIME-Version: 1.0',
      `Content-Type: ${tree.contentType}`,
    );
  } else {
    out.push('MIME-Version: 1.0', multipartHeader(tree.type, boundary));
  }
  return out.join('\r\n');
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const STRUCTURAL_HEADERS = new Set([
  'from',
  'sender',
  'to',
  'cc',
  'bcc',
  'reply-to',
  'in-reply-to',
  'references',
  'subject',
  'message-id',
  'date',
  'mime-version',
  'content-type',
  'content-transfer-encoding',
  'content-disposition',
  'content-id',
]);

interface Encoded {
  encoding: '7bit' | 'quoted-printable' | 'base64';
  text: string;
}
type Leaf = { kind: 'leaf'; contentType: string; headers: string; body: Encoded };
type Multipart = { kind: 'multipart'; type: string; children: Part[] };
type Part = Leaf | Multipart;

/** The MIME tree MailComposer builds for the same message (mixed › alternative › related). */
function layout(message: MimeSource): Part {
  const alternatives: Leaf[] = [];
  const shape = message.template ?? '';
  if (message.text) alternatives.push(textLeaf('text/plain; charset=utf-8', message.text, `${shape}\0text`));
  const html = message.html
    ? textLeaf('text/html; charset=utf-8', message.html, `${shape}\0html`)
    : undefined;
  if (html) alternatives.push(html);
  const related: Leaf[] = [];
  const attached: Leaf[] = [];
  message.attachments.forEach((attachment, index) => {
    const leaf = attachmentLeaf(attachment, index);
    (html && attachment.cid ? related : attached).push(leaf);
  });
  const relatedNode: Part | undefined =
    html && related.length > 0
      ? { kind: 'multipart', type: 'multipart/related; type="text/html"', children: [html, ...related] }
      : undefined;
  const body = (leaf: Leaf): Part => (leaf === html && relatedNode ? relatedNode : leaf);
  const content: Part =
    alternatives.length > 1
      ? { kind: 'multipart', type: 'multipart/alternative', children: alternatives.map(body) }
      : body(alternatives[0] as Leaf);
  if (attached.length === 0) return content;
  return { kind: 'multipart', type: 'multipart/mixed', children: [content, ...attached] };
}

function writeMultipart(
  out: string[],
  node: Multipart,
  boundary: string,
  base: string,
  counter: { next: number },
): void {
  node.children.forEach((child, index) => {
    out.push(index > 0 ? '\r\n--' : '--', boundary, '\r\n');
    if (child.kind === 'leaf') {
      out.push(child.headers, '\r\n\r\n', child.body.text);
    } else {
      const inner = `--_NmP-${base}-Part_${counter.next++}`;
      out.push(multipartHeader(child.type, inner), '\r\n\r\n');
      writeMultipart(out, child, inner, base, counter);
    }
  });
  out.push('\r\n--', boundary, '--');
}

function multipartHeader(type: string, boundary: string): string {
  return `Content-Type: ${type};\r\n boundary="${boundary}"`;
}

// ---- part headers, built by MimeNode once per shape -------------------------------------------

const partHeaders = new BoundedCache<string>(256, 256 * 1024);

function childNode(contentType: string, filename?: string): HeaderNode {
  const parent = new MimeNode('multipart/mixed');
  return parent.createChild(contentType, { filename }) as unknown as HeaderNode;
}

function textLeaf(contentType: string, content: string, slot: string): Leaf {
  const body = encodeText(content, slot);
  const key = `${contentType}\n${body.encoding}`;
  let headers = partHeaders.get(key);
  if (headers === undefined) {
    // A child node, as in the composer: no Date, Message-ID or MIME-Version of its own.
    const node = childNode(contentType);
    node.setHeader('Content-Transfer-Encoding', body.encoding);
    headers = node.buildHeaders();
    partHeaders.set(key, headers);
  }
  return { kind: 'leaf', contentType, headers, body };
}

function attachmentLeaf(
  attachment: { filename?: string; contentType?: string; cid?: string; content: string },
  index: number,
): Leaf {
  // The same defaults as MailComposer.getAttachments.
  const contentType = attachment.contentType || detectMimeType(attachment.filename || 'bin');
  let filename = attachment.filename || `attachment-${index + 1}`;
  if (!attachment.filename && !filename.includes('.')) filename += `.${detectExtension(contentType)}`;
  const disposition = /^image\//i.test(contentType) && attachment.cid ? 'inline' : 'attachment';
  const key = JSON.stringify([contentType, filename, attachment.cid ?? null, disposition]);
  let headers = partHeaders.get(key);
  if (headers === undefined) {
    const node = childNode(contentType, filename);
    if (attachment.cid) node.setHeader('Content-Id', `<${attachment.cid.replace(/[<>]/g, '')}>`);
    node.setHeader('Content-Transfer-Encoding', 'base64');
    node.setHeader('Content-Disposition', disposition);
    headers = node.buildHeaders();
    partHeaders.set(key, headers);
  }
  return {
    kind: 'leaf',
    contentType,
    headers,
    body: { encoding: 'base64', text: wrapBase64(attachment.content) },
  };
}

// ---- bodies -------------------------------------------------------------------------------------

/** Facts about one body line, cached by its text: most lines of a template's output repeat every send. */
interface LineInfo {
  /** The line quoted-printable encoded and soft-wrapped at 76 columns. */
  qp: string;
  /** Counts behind MimeNode's Q-or-B choice: letters A–Z, and non-ASCII or control characters. */
  latin: number;
  nonLatin: number;
  /** ASCII without control characters (7bit-safe). */
  plain: boolean;
  long: boolean;
}

const lines = new BoundedCache<LineInfo>(4000, 1024 * 1024);
/** The last body per template and part, line by line, with what each line encoded to. */
const previousBodies = new Map<string, { lines: string[]; infos: LineInfo[] }>();
const base64Wrapped = new BoundedCache<string>(32, 8 * 1024 * 1024);

/**
 * Encodes a text part the way MimeNode decides: 7bit when it is plain ASCII with short lines,
 * else quoted-printable when Latin letters outnumber other characters, else base64.
 * Line breaks go out as CRLF (the composer leaves LF for the SMTP client to convert; on the wire
 * both are CRLF).
 */
function encodeText(content: string, slot: string): Encoded {
  const parts = content.split('\n');
  // Lines usually sit where they sat in the previous body of the same template: comparing with that
  // line is a memcmp, cheaper than hashing the line for the cache. Other lines go to the cache.
  const previous = previousBodies.get(slot);
  const infos: LineInfo[] = new Array(parts.length);
  const shift = previous ? previous.lines.length - parts.length : 0;
  let latin = 0;
  let nonLatin = 0;
  let plain = true;
  let long = false;
  for (let i = 0; i < parts.length; i++) {
    const line = parts[i] as string;
    let info: LineInfo | undefined;
    if (previous) {
      // Aligned at the start, else at the end (a loop that ran a different number of times shifts the rest).
      if (previous.lines[i] === line) info = previous.infos[i];
      else if (previous.lines[i + shift] === line) info = previous.infos[i + shift];
    }
    info ??= lines.get(line);
    if (info === undefined) {
      info = lineInfo(line);
      lines.set(line, info);
    }
    infos[i] = info;
    latin += info.latin;
    nonLatin += info.nonLatin;
    plain &&= info.plain;
    long ||= info.long;
  }
  if (previousBodies.size >= 256 && !previous) previousBodies.clear();
  previousBodies.set(slot, { lines: parts, infos });
  // MimeNode's hasLongerLines gives up above 128 KB and calls it long.
  if (plain && !long && content.length <= 128 * 1024) return { encoding: '7bit', text: parts.join('\r\n') };
  if (nonLatin < latin) return { encoding: 'quoted-printable', text: infos.map((i) => i.qp).join('\r\n') };
  return { encoding: 'base64', text: wrap(Buffer.from(content, 'utf8').toString('base64'), 76) };
}

function lineInfo(line: string): LineInfo {
  let latin = 0;
  let nonLatin = 0;
  let plain = true;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c >= 0x80 || (c < 0x20 && c !== 0x09)) {
      // \u2028/\u2029 also end a line for hasLongerLines; they are non-ASCII, so never 7bit anyway.
      plain = false;
      if (c >= 0x80 || (c !== 0x0a && c !== 0x0d)) nonLatin++;
    } else if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) {
      latin++;
    }
  }
  return { qp: wrapQp(qpEncode(line)), latin, nonLatin, plain, long: line.length > 76 };
}

/** Soft-wraps one encoded line (no line breaks inside) at 76 columns without splitting an =XX escape. */
function wrapQp(encoded: string): string {
  if (encoded.length <= 76) return encoded;
  const out: string[] = [];
  let pos = 0;
  while (encoded.length - pos > 76) {
    let end = pos + 75;
    // Do not cut inside "=XX": back up to the '=' when it is one or two characters before the cut.
    if (encoded.charCodeAt(end - 1) === 0x3d) end -= 1;
    else if (encoded.charCodeAt(end - 2) === 0x3d) end -= 2;
    out.push(encoded.slice(pos, end), '=\r\n');
    pos = end;
  }
  out.push(encoded.slice(pos));
  return out.join('');
}

function wrapBase64(content: string): string {
  // Static attachments (a logo) are the same string every send: wrap them once.
  if (content.length > 1024 * 1024) return wrap(content, 76);
  let wrapped = base64Wrapped.get(content);
  if (wrapped === undefined) {
    wrapped = wrap(content, 76);
    base64Wrapped.set(content, wrapped);
  }
  return wrapped;
}

function wrap(text: string, width: number): string {
  if (text.length <= width) return text;
  const out: string[] = new Array(Math.ceil(text.length / width));
  for (let i = 0, k = 0; i < text.length; i += width, k++) out[k] = text.slice(i, i + width);
  return out.join('\r\n');
}
