import { MailerError, type MailerErrorOptions } from './MailerError.js';

/**
 * A provider event (webhook, SNS notification) that cannot be trusted or read: a signature that does
 * not verify, a stale timestamp, a signing certificate outside the provider's domain, a body that is not
 * the provider's format. Answer the request with 400; nothing was recorded.
 */
export class InvalidEventError extends MailerError {
  override name = 'InvalidEventError';
  declare readonly code: 'INVALID_EVENT';
  /** The provider the event claimed to come from. */
  readonly provider: string;

  constructor(provider: string, message: string, options?: MailerErrorOptions) {
    super('INVALID_EVENT', message, options);
    this.provider = provider;
  }
}
