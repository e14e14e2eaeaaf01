import type { Readable } from 'node:stream';

/**
 * Map of template names to the data each one needs. Empty by default (untyped mode:
 * any name, any data). `mailsmith types` generates a declaration that augments it:
 *
 * @example
 * declare module 'mailsmith' {
 *   interface TemplateRegistry {
 *     welcome: { name: string; verifyUrl: string };
 *   }
 * }
 */
// biome-ignore lint/suspicious/noEmptyInterface: augmented by users and by `mailsmith types`
export interface TemplateRegistry {}

/**
 * The locales that have a catalog (`templates/_locales/<locale>.json`). Empty by default: any string
 * is a locale. `mailsmith types` fills it when the templates have catalogs, so a `locale` that has
 * no catalog fails to compile:
 *
 * @example
 * declare module 'mailsmith' {
 *   interface LocaleRegistry {
 *     en: true;
 *     'zh-CN': true;
 *   }
 * }
 */
// biome-ignore lint/suspicious/noEmptyInterface: augmented by users and by `mailsmith types`
export interface LocaleRegistry {}

/** A locale `send`, `render` and the mailer accept: one of {@link LocaleRegistry}, or any string while it is empty. */
export type LocaleName = [keyof LocaleRegistry] extends [never]
  ? string
  : Extract<keyof LocaleRegistry, string>;

/** A rendered template: what a client shows. */
export interface Rendered {
  subject: string;
  html: string;
  text: string;
  /** The locale it was rendered in; only when the templates have catalogs (`_locales/`). */
  locale?: string;
}

/** An attachment, from a file, a Buffer/string or a stream. Give `cid` to reference it as `<img src="cid:…">`. */
export type Attachment = {
  filename?: string;
  contentType?: string;
  /** Content-ID for inline images: `<img src="cid:logo">` with `cid: 'logo'`. */
  cid?: string;
} & ({ path: string } | { content: Buffer | string | Readable });

/** Options of one send. Addresses are strings (`"Ada" <ada@163.com>` or `ada@163.com`) or arrays of them. */
export interface SendOptions {
  to?: string | string[];
  cc?: string | string[];
  bcc?: string | string[];
  replyTo?: string | string[];
  /** Overrides the mailer's default sender. */
  from?: string;
  attachments?: Attachment[];
  /** Extra headers. Names must be header tokens; values may not contain CR or LF. */
  headers?: Record<string, string>;
  /**
   * Sends with this key happen once: a repeat returns the first result, and every attempt carries
   * the same Message-ID. Scope it to the action, e.g. `order-42-receipt`.
   */
  idempotencyKey?: string;
  /**
   * One-click unsubscribe for this send (RFC 8058): adds `List-Unsubscribe` and `List-Unsubscribe-Post`
   * and gives templates `{{unsubscribeUrl}}`. Overrides the mailer's `unsubscribe`; `false` sends none.
   */
  unsubscribe?: { url: string; mailto?: string } | false;
  /**
   * Renders in this locale (catalog `_locales/<locale>.json`, per-locale files); the message gets
   * `Content-Language`. An unknown locale is a CONFIG error. @default the mailer's `locale`
   */
  locale?: LocaleName;
}

/** A parsed mailbox. */
export interface Address {
  name: string;
  address: string;
}

/** The SMTP envelope: who the server is told the mail is from and to (bcc included). */
export interface Envelope {
  from: string;
  to: string[];
}

/** An attachment of a composed message: its bytes read at compose time, base64-encoded. */
export interface ComposedAttachment {
  filename?: string;
  contentType?: string;
  /** Content-ID, for `<img src="cid:…">`. */
  cid?: string;
  /** The bytes, base64. */
  content: string;
}

/**
 * A message that is checked, rendered and ready to deliver: what `mailer.compose()` returns and what
 * transports receive. Plain JSON (attachments are base64), so a queue or a log can carry it and
 * `mailer.deliver()` can send it later, elsewhere.
 */
export interface ComposedMessage {
  messageId: string;
  /** RFC 2822 / ISO date for the Date header; the send time when absent. */
  date?: string;
  from: Address;
  to: Address[];
  cc: Address[];
  bcc: Address[];
  replyTo: Address[];
  subject: string;
  html: string;
  text: string;
  headers: Record<string, string>;
  attachments: ComposedAttachment[];
  envelope: Envelope;
  /** The template and data it was rendered from, when it came from a mailer. */
  template?: string;
  data?: unknown;
  locale?: string;
  /** The key that makes its sends idempotent (and its Message-ID deterministic). */
  idempotencyKey?: string;
}

/** What a send resolves to. */
export interface SendResult {
  messageId: string;
  accepted: string[];
  rejected: string[];
  /** The server's last reply, or a transport's description of what it did. */
  response: string;
  envelope: Envelope;
  /** True when a `beforeSend` hook cancelled the send: nothing was sent. */
  cancelled?: true;
  /** The provider's own id for the message (an HTTP API's), to match its event feed. */
  providerMessageId?: string;
  /** Recipients left out because they are on the suppression list (mailer option `suppressionPolicy`). */
  suppressed?: Array<{ address: string; reason: string; scope?: string; detail?: string }>;
}

/**
 * A transport delivers a {@link ComposedMessage}. Only `name` and `send` are required; `verify`
 * and `close` are used when present. `toString()` returns the transport's URL with secrets redacted.
 */
export interface Transport<R extends SendResult = SendResult> {
  readonly name: string;
  send(message: ComposedMessage): Promise<R>;
  verify?(): Promise<void>;
  /** Waits for sends in flight (up to `timeoutMs`), then releases connections; later sends fail with `CLOSED`. */
  close?(options?: { timeoutMs?: number }): Promise<void>;
  /** The sender to use when neither the mailer nor the send gives one (e.g. the SMTP login). */
  readonly defaultFrom?: string;
  /** The pace a mailer keeps with this transport when it sets no `rateLimit` (provider presets set one). */
  readonly defaultRateLimit?: RateLimit;
  /**
   * What the transport can carry. Absent: everything (SMTP, memory, outbox). A message that needs an
   * undeclared feature is refused with `CONFIG` before any request, never sent without it.
   */
  readonly capabilities?: TransportCapabilities;
  toString(): string;
}

/**
 * The features an HTTP provider may lack. `dkim` needs `rawMime` too: a provider that takes fields
 * rather than MIME signs with its own key.
 */
export interface TransportCapabilities {
  attachments: boolean;
  cc: boolean;
  bcc: boolean;
  /** Custom headers (`List-Unsubscribe`, your own). mailsmith's `X-Mailsmith-Template` may be left out. @default true */
  headers?: boolean;
  /** The transport sends mailsmith's MIME (`toMime()`) as is. */
  rawMime: boolean;
  /** A mailer `dkim` option signs what it sends. */
  dkim: boolean;
  /** A transport that carries what this one cannot, named in refusals, e.g. `aliyun-dm://sender:SMTPPASS@`. */
  alternative?: string;
}

/** At most `messages` sends per `perMs` milliseconds, across every pooled connection of a mailer. */
export interface RateLimit {
  messages: number;
  perMs: number;
}

/** A plain factory that builds a transport from its options. */
export type TransportFactory<O, T extends Transport = Transport> = (options: O) => T;
