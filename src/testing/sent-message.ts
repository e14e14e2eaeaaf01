import { Parser } from 'htmlparser2';
import type { MemoryMessage } from '../transports/memory.js';
import type { Address, ComposedMessage } from '../types.js';

/** An attachment as it was sent, its content decoded into a Buffer. */
export interface SentAttachment {
  filename?: string;
  contentType?: string;
  cid?: string;
  content: Buffer;
}

/** A message as a transport received it (base64 attachments) or as the memory transport kept it (Buffers). */
export type SentSource = ComposedMessage | MemoryMessage;

/**
 * One message a test mailer (or fake transport) sent: the real rendered output plus where it went.
 * Addresses are bare strings (`ada@163.com`), so `to.includes(…)` and `toEqual([...])` read naturally.
 */
export interface SentMessage<N extends string = string, D = unknown> {
  /** Template it was rendered from (`undefined` for messages not sent through `mailer.send`). */
  readonly template: N;
  /** Data it was rendered with, exactly as passed to `send`. */
  readonly data: D;
  readonly messageId: string;
  readonly from: string;
  readonly to: string[];
  readonly cc: string[];
  readonly bcc: string[];
  readonly replyTo: string[];
  readonly subject: string;
  /** The HTML part, byte for byte what a client receives. */
  readonly html: string;
  /** The text part: what a text-only client shows. */
  readonly text: string;
  readonly attachments: SentAttachment[];
  /** Custom headers given to `send`. */
  readonly headers: Record<string, string>;
  /**
   * The locale it was rendered in (`'zh-CN'`), as in its `Content-Language`; `undefined` when the
   * templates have no catalogs (`_locales/`).
   */
  readonly locale?: string;
  /** The HTML with volatile ids (UUIDs, MJML's random carousel/navbar ids) replaced: stable for `toMatchSnapshot()`. */
  readonly normalizedHtml: string;
  /** The full message as the transport received it (names included in `from`/`to`). */
  readonly message: SentSource;
  /**
   * URLs of the links (`<a href>`) in the HTML part, in document order, each once, entities decoded.
   * @example
   * const url = mailer.outbox.last()!.links().find((l) => l.includes('/verify'));
   */
  links(): string[];
  /**
   * The first link matching `pattern` (substring or RegExp). Throws, listing the links, when none does,
   * so a test following a verification link fails with a useful message.
   * @example
   * const res = await app.request(new URL(message.link('/verify')).pathname + '?' + …);
   */
  link(pattern: string | RegExp): string;
}

const UUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;
// MJML gives carousels, navbars and accordions a random 16-hex id per render.
const MJML_ID = /\b(mj-[a-z]+)-[0-9a-f]{16}\b/g;

/** Options of {@link normalizeHtml}: extra replacements for ids your own templates make volatile. */
export interface NormalizeOptions {
  replace?: Array<[pattern: RegExp, replacement: string]>;
}

/**
 * Makes rendered HTML stable for snapshots: UUIDs become `[uuid]`, MJML's random ids become `[id]`,
 * line endings become `\n` and trailing spaces go. Content is otherwise untouched.
 * @example
 * expect(normalizeHtml(message.html, { replace: [[/token=\w+/g, 'token=[token]']] })).toMatchSnapshot();
 */
export function normalizeHtml(html: string, options: NormalizeOptions = {}): string {
  let out = html.replace(/\r\n?/g, '\n').replace(UUID, '[uuid]').replace(MJML_ID, '$1-[id]');
  for (const [pattern, replacement] of options.replace ?? []) out = out.replace(pattern, replacement);
  return out
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n');
}

/** The `href`s of `<a>` elements, decoded and deduplicated, in order. */
export function extractLinks(html: string): string[] {
  const links = new Set<string>();
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        const href = attributes.href?.trim();
        if (name === 'a' && href && !href.startsWith('#')) links.add(href);
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.end(html);
  return [...links];
}

const bare = (addresses: Address[]): string[] => addresses.map((a) => a.address);

/**
 * `welcome → ada@163.com, cc bob@126.com: Welcome` (`welcome [zh-CN] → …` when rendered in a locale):
 * how failure messages name a sent message.
 */
export function describeMessage(message: SentMessage): string {
  const parts = [message.to.join(', ')];
  if (message.cc.length > 0) parts.push(`cc ${message.cc.join(', ')}`);
  if (message.bcc.length > 0) parts.push(`bcc ${message.bcc.join(', ')}`);
  const recipients = parts.filter(Boolean).join(', ');
  const locale = message.locale === undefined ? '' : ` [${message.locale}]`;
  return `${message.template ?? '(no template)'}${locale} → ${recipients}: ${message.subject}`;
}

class Sent implements SentMessage {
  readonly template: string;
  readonly data: unknown;
  readonly messageId: string;
  readonly from: string;
  readonly to: string[];
  readonly cc: string[];
  readonly bcc: string[];
  readonly replyTo: string[];
  readonly subject: string;
  readonly html: string;
  readonly text: string;
  readonly attachments: SentAttachment[];
  readonly headers: Record<string, string>;
  // Declared, not a class field: an own `locale: undefined` would show in every printed record.
  declare readonly locale?: string;
  declare readonly message: SentSource;

  constructor(message: SentSource) {
    this.template = message.template as string;
    this.data = message.data;
    this.messageId = message.messageId;
    this.from = message.from.address;
    this.to = bare(message.to);
    this.cc = bare(message.cc);
    this.bcc = bare(message.bcc);
    this.replyTo = bare(message.replyTo);
    this.subject = message.subject;
    this.html = message.html;
    this.text = message.text;
    this.attachments = message.attachments.map((a) =>
      Buffer.isBuffer(a.content)
        ? (a as SentAttachment)
        : { ...a, content: Buffer.from(a.content, 'base64') },
    );
    this.headers = message.headers;
    // Only where there is one, so records of catalog-less templates print and compare as before.
    if (message.locale !== undefined) (this as { locale?: string }).locale = message.locale;
    // Non-enumerable: keeps printed records and toEqual diffs readable.
    Object.defineProperty(this, 'message', { value: message, enumerable: false });
  }

  get normalizedHtml(): string {
    return normalizeHtml(this.html);
  }

  links(): string[] {
    return extractLinks(this.html);
  }

  link(pattern: string | RegExp): string {
    const links = this.links();
    const found = links.find((l) => (typeof pattern === 'string' ? l.includes(pattern) : pattern.test(l)));
    if (found !== undefined) return found;
    const list = links.length > 0 ? links.map((l) => `\n  - ${l}`).join('') : ' none';
    throw new Error(`No link matching ${String(pattern)} in ${describeMessage(this)}. Its links:${list}`);
  }
}

const records = new WeakMap<SentSource, SentMessage>();

/** The record for a message a transport received; the same object each time for the same message. */
export function toSentMessage(message: SentSource): SentMessage {
  let record = records.get(message);
  if (!record) {
    record = new Sent(message);
    records.set(message, record);
  }
  return record;
}

/** True for records made by {@link toSentMessage}. */
export function isSentMessage(value: unknown): value is SentMessage {
  return value instanceof Sent;
}

/** True for anything shaped like an {@link ComposedMessage} (e.g. `memory().messages[0]`). */
export function isComposedMessage(value: unknown): value is SentSource {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as Partial<ComposedMessage>;
  return typeof m.subject === 'string' && Array.isArray(m.to) && typeof m.html === 'string' && !!m.envelope;
}
