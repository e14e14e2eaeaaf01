import { MailerError } from './MailerError.js';

/** One problem in the data given to a template. */
export interface DataIssue {
  /** Where, e.g. `items[2].qty`; empty for the root. */
  path: string;
  message: string;
}

/** The data does not satisfy the template's schema or inferred requirements. Nothing was rendered or sent. */
export class TemplateDataError extends MailerError {
  override name = 'TemplateDataError';
  declare readonly code: 'TEMPLATE_DATA_INVALID';
  readonly template: string;
  readonly issues: DataIssue[];

  constructor(template: string, issues: DataIssue[]) {
    const lines = issues.map((i) => `  - ${i.path || '(root)'}: ${i.message}`).join('\n');
    super(
      'TEMPLATE_DATA_INVALID',
      `Invalid data for template "${template}" (${issues.length} problem${issues.length === 1 ? '' : 's'}):\n${lines}`,
      {
        hint: 'fix the data passed to send/render; nothing was sent',
      },
    );
    this.template = template;
    this.issues = issues;
  }
}
