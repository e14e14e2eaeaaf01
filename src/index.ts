/**
 * @module
 * mailsmith: typed, templated notification email for Node.js. MJML + Handlebars templates compiled
 * once into CSS-inlined HTML plus a text part, delivered through QQ Mail SMTP, any SMTP server, or a
 * local transport.
 */

export { type CheckConfig, defineConfig, type MailsmithConfig } from './config.js';
export { assertCapabilities } from './delivery/capabilities.js';
export type { MailerEventName, MailerEvents, MailerListener, MailerLogger } from './delivery/events.js';
export { type BeforeSend, redirectAll } from './delivery/hooks.js';
export {
  type IdempotencyClaim,
  type IdempotencyOptions,
  type IdempotencyStore,
  memoryIdempotencyStore,
} from './delivery/idempotency.js';
export type { RetryOptions } from './delivery/retry.js';
export type {
  SendManyItem,
  SendManyOptions,
  SendManyProgress,
  SendManyResult,
} from './delivery/send-many.js';
export type { SuppressionList, SuppressionPolicy } from './delivery/suppression.js';
export * from './errors/index.js';
export {
  type BoundMailer,
  createMailer,
  type DeliverOptions,
  type Mailer,
  type MailerOptions,
  type RegistryWith,
  type SendManyItemOf,
  type TemplateDataOf,
  type TemplateNameOf,
  type UnsubscribeOption,
} from './mailer.js';
export type { DkimOptions } from './message/dkim.js';
export { type ToMimeOptions, toMime } from './message/mime.js';
export type { CompiledTemplates, PrebuiltTemplate, TemplateSpec } from './render/prebuilt.js';
export { type AliyunOptions, type AliyunTransport, aliyun } from './transports/aliyun.js';
export { Dsn, type DsnOption, type DsnShape } from './transports/dsn.js';
export { failover } from './transports/failover.js';
export type { GroupOptions, TransportGroup } from './transports/group.js';
export { type MemoryMessage, type MemoryTransport, memory } from './transports/memory.js';
export { type OutboxOptions, type OutboxResult, type OutboxTransport, outbox } from './transports/outbox.js';
export { PRESET_NAMES, PRESETS, type PresetName, type SmtpPreset } from './transports/presets.js';
export { type PresetOptions, preset, type QqOptions, qq } from './transports/qq.js';
export { defineTransport, registeredSchemes, type TransportDefinition } from './transports/registry.js';
export { type ResendOptions, type ResendTransport, resend } from './transports/resend.js';
export { resolveTransport } from './transports/resolve.js';
export { roundRobin } from './transports/round-robin.js';
export { type SesCredentials, type SesOptions, type SesTransport, ses } from './transports/ses.js';
export { type SmtpConfig, type SmtpOptions, type SmtpTransport, smtp } from './transports/smtp.js';
export { type TencentOptions, type TencentTransport, tencent } from './transports/tencent.js';
export type {
  Address,
  Attachment,
  ComposedAttachment,
  ComposedMessage,
  Envelope,
  LocaleName,
  LocaleRegistry,
  RateLimit,
  Rendered,
  SendOptions,
  SendResult,
  TemplateRegistry,
  Transport,
  TransportCapabilities,
  TransportFactory,
} from './types.js';
export {
  type UnsubscribeHandlerOptions,
  type UnsubscribeSink,
  unsubscribeHandler,
} from './unsubscribe/handler.js';
export type { UnsubscribeTarget } from './unsubscribe/headers.js';
export {
  type UnsubscribeClaim,
  type UnsubscribeUrlOptions,
  unsubscribeUrl,
  verifyUnsubscribe,
} from './unsubscribe/token.js';
export type { TemplateSchemas } from './validate/index.js';
