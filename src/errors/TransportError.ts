import { MailerError, type MailerErrorCode } from './MailerError.js';

export interface TransportErrorDetails {
  /** SMTP reply code, e.g. 535. */
  responseCode?: number;
  /** The server's reply line, verbatim. */
  response?: string;
  /** The SMTP command that failed: `CONN`, `AUTH PLAIN`, `MAIL FROM`, `RCPT TO`, `DATA`… */
  command?: string;
  /** The transport, printed as its redacted URL. */
  transport?: string;
  hint?: string;
  retryable?: boolean;
  cause?: unknown;
}

/** Delivery failed. `code` classifies the failure; the SMTP reply is kept verbatim. */
export class TransportError extends MailerError {
  override name = 'TransportError';
  readonly responseCode?: number;
  readonly response?: string;
  readonly command?: string;
  readonly transport?: string;

  constructor(code: MailerErrorCode, message: string, details: TransportErrorDetails = {}) {
    super(code, message, { cause: details.cause, hint: details.hint, retryable: details.retryable });
    this.responseCode = details.responseCode;
    this.response = details.response;
    this.command = details.command;
    this.transport = details.transport;
  }
}
