import { MailerError } from './MailerError.js';

/** No template of that name exists in the templates folder. */
export class TemplateNotFoundError extends MailerError {
  override name = 'TemplateNotFoundError';
  declare readonly code: 'TEMPLATE_NOT_FOUND';
  readonly template: string;
  readonly available: string[];

  constructor(template: string, dir: string, available: string[]) {
    const list = available.length ? available.join(', ') : '(none)';
    super('TEMPLATE_NOT_FOUND', `Template "${template}" not found in ${dir}. Available templates: ${list}`, {
      hint: `create ${dir}/${template}/html.mjml (or html.hbs) and subject.hbs, or use one of the names above`,
    });
    this.template = template;
    this.available = available;
  }
}
