import { isAbsolute, relative, sep } from 'node:path';
import { isMailerError } from '../errors/MailerError.js';
import type { DataIssue } from '../errors/TemplateDataError.js';

/** An error as the browser shows it: typed fields, paths relative to the templates folder, no stack. */
export interface PreviewError {
  name: string;
  code?: string;
  message: string;
  hint?: string;
  file?: string;
  line?: number;
  issues?: DataIssue[];
}

/** Serialises any thrown value for the error panel and the send-test result. */
export function toPreviewError(error: unknown, templatesDir: string): PreviewError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const fields = error as Error & { file?: unknown; line?: unknown; issues?: unknown; code?: unknown };
  // Paths relative to the templates folder: shorter, and they do not reveal the machine's layout.
  const out: PreviewError = {
    name: error.name,
    message: error.message.split(`${templatesDir}${sep}`).join(''),
  };
  if (isMailerError(error)) {
    out.code = error.code;
    if (error.hint) out.hint = error.hint;
  } else if (typeof fields.code === 'string') {
    out.code = fields.code;
  }
  if (typeof fields.file === 'string') {
    out.file = isAbsolute(fields.file)
      ? relative(templatesDir, fields.file).split('\\').join('/')
      : fields.file;
  }
  if (typeof fields.line === 'number') out.line = fields.line;
  if (Array.isArray(fields.issues)) out.issues = fields.issues as DataIssue[];
  return out;
}
