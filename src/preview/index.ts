/**
 * @module
 * `mailsmith preview` and `mailsmith dev`: the preview web app, live reload, the SMTP capture server
 * and the on-disk dev inbox, as functions the CLI and tests share.
 */
export { type DevInbox, type DevInboxOptions, startDevInbox } from './dev.js';
export { type SmtpCapture, type SmtpCaptureOptions, startSmtpCapture } from './inbox/smtp.js';
export {
  createInboxStore,
  type InboxEvent,
  type InboxStore,
  type InboxStoreOptions,
  type InboxSummary,
} from './inbox/store.js';
export { inboxTransport } from './inbox/transport.js';
export { startPreviewServer } from './server.js';
export type { PreviewMailer, PreviewServer, PreviewServerOptions } from './types.js';
