/** Every stable error code mailsmith throws. */
export type MailerErrorCode =
  | 'CONFIG'
  | 'TEMPLATE_NOT_FOUND'
  | 'TEMPLATE_SYNTAX'
  | 'TEMPLATE_RENDER'
  | 'TEMPLATE_DATA_INVALID'
  | 'INVALID_ADDRESS'
  | 'INVALID_HEADER'
  | 'INVALID_ATTACHMENT'
  | 'ATTACHMENT_NOT_FOUND'
  | 'IDEMPOTENCY_IN_FLIGHT'
  | 'RECIPIENT_SUPPRESSED'
  | 'INVALID_EVENT'
  | TransportErrorCode;

/** The codes a transport reports when delivery fails; `TransportError.code` is one of these. */
export type TransportErrorCode =
  | 'SENDER_MISMATCH'
  | 'AUTH_FAILED'
  | 'RECIPIENT_REJECTED'
  | 'CONTENT_REJECTED'
  | 'RATE_LIMITED'
  | 'MESSAGE_TOO_LARGE'
  | 'CONNECTION'
  | 'TIMEOUT'
  | 'TLS'
  | 'DELIVERY_UNKNOWN'
  | 'CLOSED'
  | 'TRANSPORT';

export interface MailerErrorOptions {
  cause?: unknown;
  retryable?: boolean;
  /** What to do about it. Kept apart from the message, which says only what went wrong. */
  hint?: string;
}

/**
 * Base class of every error mailsmith throws. Switch on `code`, which is stable across versions;
 * `message` says what went wrong, `hint` what to do about it, and `retryable` whether sending the
 * same message again later may succeed.
 *
 * @example
 * try { await mailer.send('welcome', data, { to }) }
 * catch (e) { if (isMailerError(e) && e.retryable) queue.retry(job) }
 */
export class MailerError extends Error {
  override name = 'MailerError';
  readonly code: MailerErrorCode;
  readonly retryable: boolean;
  readonly hint?: string;

  constructor(code: MailerErrorCode, message: string, options: MailerErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.code = code;
    this.retryable = options.retryable ?? false;
    this.hint = options.hint;
  }

  /** Brand that survives realms where `instanceof` does not (worker threads, vm contexts). */
  get isMailerError(): true {
    return true;
  }
}

/** True for any error thrown by mailsmith, across realms. */
export function isMailerError(error: unknown): error is MailerError {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as { isMailerError?: unknown }).isMailerError === true
  );
}
