import { MailerError } from './MailerError.js';

/**
 * An attachment's `path` does not exist or is not a readable file, or an attachment has no usable
 * content. Thrown before any connection.
 */
export class AttachmentNotFoundError extends MailerError {
  override name = 'AttachmentNotFoundError';
  readonly path: string;

  /** `reason` replaces "not found" when the attachment exists but cannot be sent as given. */
  constructor(path: string, cause?: unknown, reason?: string) {
    super('ATTACHMENT_NOT_FOUND', reason ? `Attachment ${path} ${reason}` : `Attachment not found: ${path}`, {
      cause,
      hint: reason
        ? 'give each attachment a file { path } or { content } as a Buffer, string or readable stream'
        : 'check the path (relative paths resolve from the process working directory)',
    });
    this.path = path;
  }
}
