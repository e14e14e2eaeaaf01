import { MailerError, type MailerErrorOptions } from './MailerError.js';

/**
 * Which step refused the template: the Handlebars parser or helper/partial check, MJML, CSS inlining,
 * the layout/MJML-partial assembly, a `preview.json` that is not JSON, or a required file that is missing.
 */
export type TemplateSyntaxKind = 'handlebars' | 'mjml' | 'css' | 'layout' | 'json' | 'missing-file';

export interface TemplateSyntaxDetails {
  kind: TemplateSyntaxKind;
  /** The file at fault (absolute, as the renderer read it). */
  file: string;
  /** 1-based line in `file`, when known. */
  line?: number;
  /** What is wrong, without the file and line (those are fields). */
  detail: string;
}

/** A template, layout, partial or preview.json failed to compile. Nothing was rendered or sent. */
export class TemplateSyntaxError extends MailerError {
  override name = 'TemplateSyntaxError';
  declare readonly code: 'TEMPLATE_SYNTAX';
  readonly kind: TemplateSyntaxKind;
  readonly file: string;
  readonly line?: number;
  readonly detail: string;

  constructor(details: TemplateSyntaxDetails, options: MailerErrorOptions = {}) {
    const where = details.line ? `${details.file}:${details.line}` : details.file;
    super('TEMPLATE_SYNTAX', `Template syntax error in ${where}: ${details.detail}`, {
      ...options,
      hint: options.hint ?? 'fix the file; the cache picks up the change on the next render',
    });
    this.kind = details.kind;
    this.file = details.file;
    this.line = details.line;
    this.detail = details.detail;
  }
}
