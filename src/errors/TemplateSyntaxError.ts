import { MailerError } from './MailerError.js';

/** A template, layout or partial failed to compile (Handlebars or MJML). */
export class TemplateSyntaxError extends MailerError {
  override name = 'TemplateSyntaxError';
  readonly file: string;
  readonly line?: number;

  constructor(file: string, line: number | undefined, detail: string, cause?: unknown, hint?: string) {
    const where = line ? `${file}:${line}` : file;
    super('TEMPLATE_SYNTAX', `Template syntax error in ${where}: ${detail}`, {
      cause,
      hint: hint ?? 'fix the file; the cache picks up the change on the next render',
    });
    this.file = file;
    this.line = line;
  }
}
