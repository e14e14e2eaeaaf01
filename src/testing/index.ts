/**
 * @module
 * mailsmith/testing: test the mail your app sends. `createTestMailer()` is the production mailer with a
 * recording transport, so every record is the real rendered message; `fakeTransport({ fail })` injects
 * SMTP failures through the production error classifier; `testTransport()` is the conformance suite
 * for transports. Framework-agnostic: pair it with `mailsmith/vitest` for `expect(mailer).toHaveSent()`.
 *
 * @example
 * import { createTestMailer } from 'mailsmith/testing';
 * const mailer = createTestMailer({ templates: './templates' });
 * await signup(mailer, 'ada@163.com');
 * mailer.outbox.last()?.subject;            // 'Welcome, Ada'
 * mailer.outbox.for('ada@163.com').length;   // 1
 * mailer.outbox.last()?.link('/verify');     // the verification URL
 */
export {
  type ReceivedMessage,
  type TestTransportOptions,
  testTransport,
} from './conformance.js';
export {
  type FailOption,
  type FailRule,
  type FakeTransport,
  type FakeTransportOptions,
  fakeTransport,
  type SmtpReply,
} from './fake-transport.js';
export { Outbox, type SentMessageOf, SentMessages } from './outbox.js';
export {
  extractLinks,
  type NormalizeOptions,
  normalizeHtml,
  type SentAttachment,
  type SentMessage,
} from './sent-message.js';
export { createTestMailer, type TestMailer, type TestMailerOptions } from './test-mailer.js';
