import { MailerError } from './MailerError.js';

/** An address in to/cc/bcc/replyTo/from is malformed or missing. Thrown before any connection. */
export class InvalidAddressError extends MailerError {
  override name = 'InvalidAddressError';
  declare readonly code: 'INVALID_ADDRESS';
  readonly field: string;
  readonly value: string;

  constructor(field: string, value: string, reason: string, hint?: string) {
    super('INVALID_ADDRESS', `Invalid "${field}" address ${JSON.stringify(value)}: ${reason}`, {
      hint: hint ?? `pass "${field}" as "name@example.com" or "Name <name@example.com>"`,
    });
    this.field = field;
    this.value = value;
  }
}
