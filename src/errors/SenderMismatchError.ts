import { TransportError, type TransportErrorDetails } from './TransportError.js';

export interface SenderMismatchDetails extends TransportErrorDetails {
  /** The From address that was refused, when known. */
  from?: string;
  /** The account the transport logs in as, when known (SMTP); HTTP providers have none. */
  login?: string;
}

/**
 * The sender is not allowed: the From address differs from the account the transport logs in as
 * (QQ Mail, Tencent Exmail and NetEase refuse such mail, `501 mail from address must be same as
 * authorization user`, so SMTP checks it before connecting), or a provider API reports the sender
 * unverified (with its `requestId`). One class for both, so callers handle `SENDER_MISMATCH` once.
 *
 * @example
 * catch (e) { if (e instanceof SenderMismatchError) console.log(e.from, e.login, e.requestId) }
 */
export class SenderMismatchError extends TransportError {
  override name = 'SenderMismatchError';
  declare readonly code: 'SENDER_MISMATCH';
  readonly from?: string;
  readonly login?: string;

  constructor(message: string, details: SenderMismatchDetails = {}) {
    super('SENDER_MISMATCH', message, details);
    this.from = details.from;
    this.login = details.login;
  }
}
