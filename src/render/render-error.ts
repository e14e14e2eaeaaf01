import { TemplateRenderError } from '../errors/TemplateRenderError.js';
import type { RenderPart } from './finish.js';
import { HelperFailure } from './helper-guard.js';

/** The files a render error can point at (path and text as the author wrote them). */
interface SourceFile {
  path: string;
  source: string;
}

/**
 * A render failure as a TemplateRenderError. The subject and a written text.hbs are compiled as
 * authored, so Handlebars' line is theirs; the HTML (and a derived text) went through MJML, so the
 * call is looked up in the files the author wrote instead.
 */
export function renderError(
  template: string,
  part: RenderPart,
  error: unknown,
  files: { subject?: SourceFile; text?: SourceFile; authored: SourceFile[] },
): TemplateRenderError {
  const helper = error instanceof HelperFailure ? error.helper : undefined;
  const original = error instanceof HelperFailure ? error.original : error;
  const reason = original instanceof Error ? original.message : String(original);
  let file: string | undefined;
  let line: number | undefined;
  const own = part === 'subject' ? files.subject : part === 'text' ? files.text : undefined;
  if (own) {
    file = own.path;
    line = error instanceof HelperFailure ? error.line : undefined;
  } else if (helper) {
    const name = helper.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const call = new RegExp(`\\{\\{[~#]?\\s*${name}(?![\\w-])|\\(\\s*${name}(?![\\w-])`);
    for (const f of files.authored) {
      const at = f.source.split('\n').findIndex((l) => call.test(l));
      if (at !== -1) {
        file = f.path;
        line = at + 1;
        break;
      }
    }
  }
  return new TemplateRenderError(
    {
      template,
      helper,
      file,
      line,
      detail: helper ? `helper "${helper}" threw: ${reason}` : reason,
    },
    {
      cause: original,
      hint: helper
        ? `fix the helper "${helper}" or the data it is given; nothing was sent`
        : 'check the data against the template; nothing was sent',
    },
  );
}
