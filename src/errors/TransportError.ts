import { MailerError, type MailerErrorOptions, type TransportErrorCode } from './MailerError.js';

/**
 * What a transport knows about a failure. SMTP transports fill the reply fields; HTTP providers fill
 * `status`, `providerCode` and `requestId`. Every field is optional.
 */
export interface TransportErrorDetails extends MailerErrorOptions {
  /** SMTP reply code, e.g. 535. */
  responseCode?: number;
  /** The server's reply line, verbatim (secrets scrubbed). */
  response?: string;
  /** The SMTP command that failed: `CONN`, `AUTH PLAIN`, `MAIL FROM`, `RCPT TO`, `DATA`… */
  command?: string;
  /** HTTP status of a provider API's answer, e.g. 429. */
  status?: number;
  /** The provider's own error code, verbatim, e.g. `InvalidSender` or `validation_error`. */
  providerCode?: string;
  /** The provider's request id, to quote to its support. */
  requestId?: string;
  /** The transport, printed as its redacted URL. */
  transport?: string;
}

/** Delivery failed. `code` classifies the failure; what the server or API said is kept verbatim. */
export class TransportError extends MailerError {
  override name = 'TransportError';
  declare readonly code: TransportErrorCode;
  readonly responseCode?: number;
  readonly response?: string;
  readonly command?: string;
  readonly status?: number;
  readonly providerCode?: string;
  readonly requestId?: string;
  readonly transport?: string;

  constructor(code: TransportErrorCode, message: string, details: TransportErrorDetails = {}) {
    super(code, message, { cause: details.cause, hint: details.hint, retryable: details.retryable });
    this.responseCode = details.responseCode;
    this.response = details.response;
    this.command = details.command;
    this.status = details.status;
    this.providerCode = details.providerCode;
    this.requestId = details.requestId;
    this.transport = details.transport;
  }
}
