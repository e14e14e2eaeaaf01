import { MailerError, type MailerErrorOptions } from './MailerError.js';

/** An attachment's `path` does not exist or is not a regular file. Thrown before any connection. */
export class AttachmentNotFoundError extends MailerError {
  override name = 'AttachmentNotFoundError';
  declare readonly code: 'ATTACHMENT_NOT_FOUND';
  readonly path: string;

  /** `reason` replaces "not found" when something exists at the path but is not a file. */
  constructor(path: string, { reason, ...options }: MailerErrorOptions & { reason?: string } = {}) {
    super('ATTACHMENT_NOT_FOUND', reason ? `Attachment ${path} ${reason}` : `Attachment not found: ${path}`, {
      ...options,
      hint: options.hint ?? 'check the path (relative paths resolve from the process working directory)',
    });
    this.path = path;
  }
}
