import { TemplateSyntaxError } from '../errors/TemplateSyntaxError.js';
import type { SharedFiles, SourceFile, TemplateFiles } from './load.js';
import { lineAt, SourceText } from './source.js';

/** The MJML document of a template: layout applied, MJML partials inlined, lines traceable. */
export interface Assembled {
  source: SourceText;
  /** Files that went into it (template, layout, MJML partials), for cache invalidation and checks. */
  files: SourceFile[];
}

const LAYOUT_COMMENT = /^\uFEFF?[ \t]*\{\{!<\s*([\w.-]+)\s*\}\}[ \t]*/;
const BODY = /\{\{\{\s*body\s*\}\}\}/g;
const HEAD = /<mj-head\s*>([\s\S]*?)<\/mj-head\s*>/;
const PARTIAL = /\{\{~?>\s*([\w./-]+)([^}]*?)~?\}\}/g;

/** Name of the layout a template asks for with a first-line `{{!< name}}`, if any. */
export function layoutComment(source: string): string | undefined {
  return LAYOUT_COMMENT.exec(source)?.[1];
}

/**
 * Wraps a template's html.mjml in its layout (unless it has its own `<mjml>` root) and inlines
 * `{{> name}}` calls of `_partials/name.mjml`. An `<mj-head>` in the template is merged into the
 * layout's head, so a template can set its own mj-preview or mj-title.
 */
export function assemble(template: TemplateFiles, shared: SharedFiles): Assembled {
  const html = template.html;
  const files: SourceFile[] = [html];
  const out = new SourceText();
  const requested = layoutComment(html.source);
  // Blank the comment rather than delete it, so line numbers stay those of the file.
  const body = html.source.replace(LAYOUT_COMMENT, '');
  const add = (text: string, file: SourceFile, line: number) =>
    inline(out, text, file, line, shared, files, []);

  if (/<mjml[\s>]/.test(body) && !requested) {
    add(body, html, 1);
    return { source: out, files };
  }
  const layoutName = requested ?? 'default';
  const layout = shared.layouts.get(layoutName);
  if (!layout) {
    const available = [...shared.layouts.keys()].join(', ') || '(none)';
    const why = requested
      ? `layout "${layoutName}" not found in ${shared.layoutsDir} (available: ${available})`
      : `no <mjml> root and no ${shared.layoutsDir}/default.mjml to wrap it in (available layouts: ${available})`;
    throw new TemplateSyntaxError({ kind: 'layout', file: html.path, line: 1, detail: why });
  }
  files.push(layout);
  const slots = [...layout.source.matchAll(BODY)];
  if (slots.length !== 1) {
    throw new TemplateSyntaxError({
      kind: 'layout',
      file: layout.path,
      detail: 'a layout needs exactly one {{{body}}} where templates go',
    });
  }
  const bodyAt = slots[0]!.index;
  const bodyEnd = bodyAt + slots[0]![0].length;

  const head = HEAD.exec(body);
  const ownBody = head ? blank(body, head.index, head.index + head[0].length) : body;
  const headClose = layout.source.indexOf('</mj-head>');
  if (head && (headClose === -1 || headClose > bodyAt)) {
    throw new TemplateSyntaxError({
      kind: 'layout',
      file: layout.path,
      detail: 'the template has an <mj-head> but the layout has none',
    });
  }
  if (head) {
    add(layout.source.slice(0, headClose), layout, 1);
    add(head[1]!, html, lineAt(body, head.index));
    add(layout.source.slice(headClose, bodyAt), layout, lineAt(layout.source, headClose));
  } else {
    add(layout.source.slice(0, bodyAt), layout, 1);
  }
  add(ownBody, html, 1);
  add(layout.source.slice(bodyEnd), layout, lineAt(layout.source, bodyEnd));
  return { source: out, files };
}

/** Replaces a range by as many newlines as it held (keeps the lines after it where they were). */
function blank(text: string, from: number, to: number): string {
  return text.slice(0, from) + '\n'.repeat(text.slice(from, to).split('\n').length - 1) + text.slice(to);
}

function inline(
  out: SourceText,
  text: string,
  file: SourceFile,
  line: number,
  shared: SharedFiles,
  files: SourceFile[],
  stack: string[],
): void {
  let last = 0;
  for (const m of text.matchAll(PARTIAL)) {
    const name = m[1]!;
    const partial = shared.mjmlPartials.get(name);
    if (!partial) continue; // a Handlebars partial (or a missing one, reported by the Handlebars check)
    const at = line + lineAt(text, m.index) - 1;
    if (m[2]!.trim()) {
      throw new TemplateSyntaxError({
        kind: 'layout',
        file: file.path,
        line: at,
        detail:
          `{{> ${name}${m[2]}}} passes parameters to an MJML partial (${partial.path}), which is inlined at ` +
          `compile time and cannot take any. Use a Handlebars partial instead: _partials/${name}.hbs`,
      });
    }
    if (stack.includes(name)) {
      throw new TemplateSyntaxError({
        kind: 'layout',
        file: file.path,
        line: at,
        detail: `partial cycle: ${[...stack, name].join(' → ')}`,
      });
    }
    out.push(text.slice(last, m.index), file.path, line + lineAt(text, last) - 1);
    if (!files.includes(partial)) files.push(partial);
    inline(out, partial.source.replace(/\n$/, ''), partial, 1, shared, files, [...stack, name]);
    last = m.index + m[0].length;
  }
  out.push(text.slice(last), file.path, line + lineAt(text, last) - 1);
}
