import { MailerError, type MailerErrorOptions } from './MailerError.js';

export interface TemplateRenderDetails {
  /** The template being rendered, when known (a compile-time helper check knows only the file). */
  template?: string;
  /** The helper that threw or is not registered, when the failure is a helper's. */
  helper?: string;
  /** The file the call is written in, and its 1-based line, when they can be told. */
  file?: string;
  line?: number;
  /** What went wrong, without the template and place (those are fields). */
  detail: string;
}

/**
 * A template could not be rendered with the data given: a helper threw, or a helper it calls is not
 * registered. Nothing was sent. The original error is `cause`.
 *
 * @example
 * catch (e) { if (e instanceof TemplateRenderError) log.error(e.helper, e.file, e.line, e.cause) }
 */
export class TemplateRenderError extends MailerError {
  override name = 'TemplateRenderError';
  declare readonly code: 'TEMPLATE_RENDER';
  readonly template?: string;
  readonly helper?: string;
  readonly file?: string;
  readonly line?: number;
  readonly detail: string;

  constructor(details: TemplateRenderDetails, options: MailerErrorOptions = {}) {
    const where = details.file ? ` (${details.line ? `${details.file}:${details.line}` : details.file})` : '';
    const what = details.template
      ? `Template "${details.template}" failed to render`
      : 'Template failed to render';
    super('TEMPLATE_RENDER', `${what}${where}: ${details.detail}`, options);
    this.template = details.template;
    this.helper = details.helper;
    this.file = details.file;
    this.line = details.line;
    this.detail = details.detail;
  }
}
