import { type SmtpCapture, type SmtpCaptureOptions, startSmtpCapture } from './inbox/smtp.js';
import { createInboxStore, type InboxStore } from './inbox/store.js';
import { startPreviewServer } from './server.js';
import type { PreviewMailer, PreviewServer, PreviewServerOptions } from './types.js';

/** Options of {@link startDevInbox}: the preview's, plus the SMTP capture and the inbox folder. */
export interface DevInboxOptions extends Omit<PreviewServerOptions, 'inbox' | 'smtpUrl' | 'mailer'> {
  /**
   * Mailer for "send test"; a function receives the inbox and SMTP address, e.g. to send into the
   * inbox with `inboxTransport(inbox)`.
   */
  mailer?:
    | PreviewMailer
    | ((dev: { inbox: InboxStore; smtpUrl: string }) => PreviewMailer | Promise<PreviewMailer>);
  /** SMTP capture port; `0` picks a free one. @default 1025 */
  smtpPort?: number;
  /** SMTP capture interface. @default '127.0.0.1' */
  smtpHost?: string;
  /** Offer STARTTLS on the capture server (see {@link SmtpCaptureOptions.tls}). @default false */
  tls?: SmtpCaptureOptions['tls'];
  /** Folder captured mail is kept in. @default '.mailsmith/inbox' */
  inboxDir?: string;
  /** Most messages kept; older ones are dropped. @default 500 */
  maxMessages?: number;
}

/** The running preview, SMTP capture and inbox of `mailsmith dev`. */
export interface DevInbox {
  readonly preview: PreviewServer;
  readonly smtp: SmtpCapture;
  readonly inbox: InboxStore;
  /** Web app URL. */
  readonly url: string;
  /** Where apps send, e.g. `smtp://127.0.0.1:1025`. */
  readonly smtpUrl: string;
  close(): Promise<void>;
}

/**
 * Starts `mailsmith dev`: the preview web app plus an SMTP server that captures every message an app
 * sends into an on-disk inbox shown live in the app's Inbox view.
 *
 * @example
 * const dev = await startDevInbox({ templates: './templates', port: 3030, smtpPort: 1025 });
 * // point the app at dev.smtpUrl (smtp://127.0.0.1:1025), then open dev.url + '/inbox'
 */
export async function startDevInbox(options: DevInboxOptions = {}): Promise<DevInbox> {
  const inbox = await createInboxStore({ dir: options.inboxDir, max: options.maxMessages });
  const smtp = await startSmtpCapture({
    store: inbox,
    port: options.smtpPort ?? 1025,
    host: options.smtpHost,
    tls: options.tls,
  });
  let preview: PreviewServer;
  try {
    const mailer =
      typeof options.mailer === 'function'
        ? await options.mailer({ inbox, smtpUrl: smtp.url })
        : options.mailer;
    preview = await startPreviewServer({ ...options, mailer, inbox, smtpUrl: smtp.url });
  } catch (error) {
    await smtp.close();
    throw error;
  }
  return {
    preview,
    smtp,
    inbox,
    url: preview.url,
    smtpUrl: smtp.url,
    async close() {
      await Promise.all([preview.close(), smtp.close()]);
    },
  };
}
