import type { HelperDelegate } from 'handlebars';
import type { CheckConfig } from '../config.js';
import type { LocaleName, Rendered, SendResult, Transport } from '../types.js';
import type { InboxStore } from './inbox/store.js';

/**
 * What the preview needs from a mailer: `send` for the "send test" form, and optionally `invalidate`
 * (so file changes reach the mailer's cache) and `render` (so schema validation applies).
 * `createMailer()` from `mailsmith` satisfies it.
 */
export interface PreviewMailer {
  send(template: string, data: never, options: { to: string; locale?: LocaleName }): Promise<SendResult>;
  render?(template: string, data: never, options?: { locale?: LocaleName }): Promise<Rendered>;
  invalidate?(name?: string): void;
  readonly transport?: Transport;
}

/** Options of {@link startPreviewServer}. */
export interface PreviewServerOptions {
  /** Templates folder. @default './templates' */
  templates?: string;
  /** TCP port; `0` picks a free one. @default 3030 */
  port?: number;
  /** Interface to bind. Anything other than loopback exposes your templates to the network. @default '127.0.0.1' */
  host?: string;
  /**
   * Mailer used by "send test" (and for rendering when it has `render`). A function is called on the
   * first send, so a missing SMTP configuration only matters when you actually send.
   */
  mailer?: PreviewMailer | (() => PreviewMailer | Promise<PreviewMailer>);
  /** Handlebars helpers the templates call, when no mailer made by `createMailer()` brings its own. */
  helpers?: Record<string, HelperDelegate>;
  /** Sender shown in the headers tab. @default mailer transport's defaultFrom, then MAILSMITH_FROM */
  from?: string;
  /** Captured-mail store; enables the Inbox view (see {@link startDevInbox}). */
  inbox?: InboxStore;
  /** SMTP address shown in the Inbox view (set by {@link startDevInbox}). */
  smtpUrl?: string;
  /** Watch the templates folder and push changes to open pages. @default true */
  watch?: boolean;
  /** Rules and clients of the `mailsmith check` findings shown beside each template (the config's `check`). */
  check?: CheckConfig;
}

/** A running preview server. */
export interface PreviewServer {
  /** Base URL, e.g. `http://127.0.0.1:3030`. */
  readonly url: string;
  readonly port: number;
  readonly host: string;
  /** Absolute templates folder. */
  readonly templates: string;
  /** Stops watching, ends live-reload streams and closes the server. */
  close(): Promise<void>;
}
