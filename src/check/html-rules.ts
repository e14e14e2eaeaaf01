import { Parser } from 'htmlparser2';
import type { CheckIssue } from './types.js';

type Finding = Pick<CheckIssue, 'rule' | 'message' | 'line'>;

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

function snippet(tag: string, attributes: Record<string, string>): string {
  const attrs = Object.entries(attributes)
    .filter(([name]) => name === 'src' || name === 'href')
    .map(([name, value]) => ` ${name}="${value.length > 60 ? `${value.slice(0, 57)}...` : value}"`)
    .join('');
  return `<${tag}${attrs}>`;
}

/**
 * Images with no `alt` attribute and links whose href is empty or `#`, in rendered HTML. An explicit
 * `alt=""` is fine: it marks a decorative image.
 */
export function htmlFindings(html: string): Finding[] {
  const findings: Finding[] = [];
  const parser = new Parser({
    onopentag(name, attributes) {
      if (name === 'img' && !('alt' in attributes)) {
        findings.push({ rule: 'img-alt', message: `image without alt text: ${snippet(name, attributes)}` });
      }
      if (name === 'a' && 'href' in attributes) {
        const href = (attributes.href ?? '').trim();
        if (href === '' || href === '#') {
          findings.push({
            rule: 'link-href',
            message: `link with ${href === '' ? 'an empty' : 'a "#"'} href`,
          });
        }
      }
    },
  });
  parser.end(html);
  return findings;
}

/**
 * `<mj-image>` without `alt` in MJML sources. MJML always renders `alt=""`, so the rendered HTML
 * cannot tell a forgotten alt from a decorative image; the source can.
 */
export function mjmlSourceFindings(source: string): Finding[] {
  const findings: Finding[] = [];
  const parser: Parser = new Parser(
    {
      onopentag(name, attributes) {
        if (name === 'mj-image' && !('alt' in attributes)) {
          findings.push({
            rule: 'img-alt',
            message: `<mj-image${attributes.src ? ` src="${attributes.src}"` : ''}> has no alt text (add alt="..." or alt="" if decorative)`,
            line: lineAt(source, parser.startIndex),
          });
        }
      },
    },
    { lowerCaseTags: true, recognizeSelfClosing: true },
  );
  parser.end(source);
  return findings;
}

/** Handlebars left in the output (`{{name}}` printed verbatim): an escaped, malformed or unrendered expression. */
export function leftoverBraces(part: 'html' | 'text' | 'subject', output: string): Finding[] {
  const at = output.indexOf('{{');
  if (at === -1) return [];
  const context = output
    .slice(Math.max(0, at - 20), at + 40)
    .replace(/\s+/g, ' ')
    .trim();
  return [{ rule: 'leftover-braces', message: `"{{" left in the rendered ${part}: …${context}…` }];
}
