import type { Rendered } from '../types.js';

/** Which part of a message a render failure happened in. */
export type RenderPart = 'subject' | 'html' | 'text';

/** A compiled Handlebars template function. */
export type RenderFn = (data: unknown) => string;

/**
 * The per-send path: three compiled functions and a cheap clean-up, nothing else. Shared by templates
 * compiled from source and templates precompiled by `mailsmith build`, so both render the same bytes.
 */
export function renderWith(
  htmlFn: RenderFn,
  textFn: RenderFn,
  subjectFn: RenderFn,
  fail?: (part: RenderPart, error: unknown) => Error,
): (data: unknown) => Rendered {
  if (!fail) {
    return (data) => ({
      subject: foldSubject(subjectFn(data)),
      html: htmlFn(data),
      text: collapseBlankLines(textFn(data)),
    });
  }
  // The try costs nothing until something throws; then `fail` turns the error into one that says
  // which part, helper and line failed (a TemplateRenderError).
  return (data) => {
    let part: RenderPart = 'subject';
    try {
      const subject = foldSubject(subjectFn(data));
      part = 'html';
      const html = htmlFn(data);
      part = 'text';
      return { subject, html, text: collapseBlankLines(textFn(data)) };
    } catch (error) {
      throw fail(part, error);
    }
  };
}

/** A subject is one line: newlines (from the file or the data) become single spaces. */
export function foldSubject(subject: string): string {
  return /[\r\n]/.test(subject) ? subject.replace(/[ \t]*[\r\n]+[ \t]*/g, ' ').trim() : subject.trim();
}

/** Per-send clean-up of a rendered text part: runs of blank lines left by empty sections become one. */
export function collapseBlankLines(text: string): string {
  return text.includes('\n\n\n') ? text.replace(/\n{3,}/g, '\n\n').trim() : text.trim();
}

/**
 * Stamps a render with its locale and, when the template reads `locale` as a variable, provides it
 * in the data (it wins over a data field of that name). Plain `{{locale}}` is inlined at compile
 * time, so most templates skip the copy of the data.
 */
export function withLocale(
  render: (data: unknown) => Rendered,
  locale: string,
  provide: boolean,
): (data: unknown) => Rendered {
  return (data) => {
    // `{ ...data, locale }` copies through V8's object-clone fast path; `{ locale, ...data }` does not.
    const rendered = render(
      provide && data !== null && typeof data === 'object' && !Array.isArray(data)
        ? { ...data, locale }
        : data,
    );
    rendered.locale = locale;
    return rendered;
  };
}
