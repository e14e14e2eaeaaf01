/**
 * mailsmith/bounces: read bounces back from the sender's mailbox (IMAP or POP3) and keep a suppression
 * list, so the mailer stops sending to addresses that bounce. imapflow, mailparser and ioredis are
 * optional peers, loaded on first use.
 */
export { InvalidEventError } from '../errors/InvalidEventError.js';
export { RecipientSuppressedError } from '../errors/RecipientSuppressedError.js';
export type { ImapMarkOptions } from './imap.js';
export { type MailboxConfig, redactMailbox, resolveMailbox } from './mailbox.js';
export { mayBeBounce } from './parse/candidate.js';
export { parseBounce, TEMPLATE_HEADER } from './parse/index.js';
export {
  applyProviderEvents,
  type Complaint,
  type EventProvider,
  type ProviderEvent,
  type ProviderEventOptions,
  parseProviderEvent,
} from './provider-events.js';
export { type BounceReader, type BounceReaderOptions, createBounceReader } from './reader.js';
export {
  type RedisSuppressionStore,
  type RedisSuppressionsOptions,
  redisSuppressions,
} from './redis-suppressions.js';
export type { CertificateLoader } from './sns.js';
export { fileReaderState, memoryReaderState, type ReaderState, type ReaderStateData } from './state.js';
export {
  fileSuppressions,
  memorySuppressions,
  type Suppression,
  type SuppressionInput,
  type SuppressionReason,
  type SuppressionStore,
} from './suppressions.js';
export type { Bounce, BounceKind } from './types.js';
