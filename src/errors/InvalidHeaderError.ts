import { MailerError } from './MailerError.js';

/** A header name is not a token, or a header value (or subject) would inject another header. */
export class InvalidHeaderError extends MailerError {
  override name = 'InvalidHeaderError';
  declare readonly code: 'INVALID_HEADER';
  readonly header: string;

  constructor(header: string, reason: string) {
    super('INVALID_HEADER', `Invalid header ${JSON.stringify(header)}: ${reason}`, {
      hint: 'header names are letters, digits and dashes; values may not contain CR or LF',
    });
    this.header = header;
  }
}
