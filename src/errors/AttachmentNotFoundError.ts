import { MailerError } from './MailerError.js';

/** An attachment's `path` does not exist or is not a readable file. Thrown before any connection. */
export class AttachmentNotFoundError extends MailerError {
  override name = 'AttachmentNotFoundError';
  readonly path: string;

  constructor(path: string, cause?: unknown) {
    super('ATTACHMENT_NOT_FOUND', `Attachment not found: ${path}`, {
      cause,
      hint: 'check the path (relative paths resolve from the process working directory)',
    });
    this.path = path;
  }
}
