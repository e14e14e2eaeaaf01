import { MailerError, type MailerErrorOptions } from './MailerError.js';

/**
 * An attachment cannot be sent as given: the list is not an array, an entry is not an object, or its
 * content is neither a Buffer, a string nor a readable stream. Thrown before any connection.
 */
export class InvalidAttachmentError extends MailerError {
  override name = 'InvalidAttachmentError';
  declare readonly code: 'INVALID_ATTACHMENT';
  /** Which attachment: its filename, or its position as `#2`; `list` for the list itself. */
  readonly attachment: string;

  constructor(attachment: string, reason: string, options: MailerErrorOptions = {}) {
    super('INVALID_ATTACHMENT', `Attachment ${attachment} ${reason}`, {
      ...options,
      hint:
        options.hint ??
        'give each attachment a file { path } or { content } as a Buffer, string or readable stream',
    });
    this.attachment = attachment;
  }
}
