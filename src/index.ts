/**
 * @module
 * mailsmith: typed, templated notification email for Node.js. MJML + Handlebars templates compiled
 * once into CSS-inlined HTML plus a text part, delivered through QQ Mail SMTP, any SMTP server, or a
 * local transport.
 */
export * from './errors/index.js';
export {
  type BoundMailer,
  createMailer,
  type Mailer,
  type MailerOptions,
  type RegistryWith,
  type TemplateDataOf,
  type TemplateNameOf,
} from './mailer.js';
export { createRenderer } from './render/renderer.js';
export type { CompiledTemplate, Renderer, RendererOptions, TemplateSources } from './render/types.js';
export { type MemoryMessage, type MemoryTransport, memory } from './transports/memory.js';
export { type OutboxOptions, type OutboxResult, type OutboxTransport, outbox } from './transports/outbox.js';
export { qq } from './transports/qq.js';
export { resolveTransport } from './transports/resolve.js';
export { smtp } from './transports/smtp.js';
export type {
  Address,
  Attachment,
  Envelope,
  OutgoingMessage,
  Rendered,
  SendOptions,
  SendResult,
  TemplateData,
  TemplateName,
  TemplateRegistry,
  Transport,
  TransportFactory,
} from './types.js';
export type { TemplateSchemas } from './validate/index.js';
