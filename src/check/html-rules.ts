import { Parser } from 'htmlparser2';
import { lineAt } from '../render/source.js';
import type { CheckIssue } from './types.js';

type Finding = Pick<CheckIssue, 'rule' | 'message' | 'line'>;

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
 * In MJML sources: `<mj-image>` without `alt` (MJML always renders `alt=""`, so the rendered HTML
 * cannot tell a forgotten alt from a decorative image; the source can), and an `<mj-button>` a reader
 * cannot use: no href to follow, or no label to click on.
 */
export function mjmlSourceFindings(source: string): Finding[] {
  const findings: Finding[] = [];
  let button: { line: number; text: string; href: string } | undefined;
  let defaults = 0; // inside <mj-attributes>, where <mj-button …/> sets defaults and is no button
  const parser: Parser = new Parser(
    {
      onopentag(name, attributes) {
        const line = lineAt(source, parser.startIndex);
        if (name === 'mj-attributes') defaults++;
        if (name === 'mj-button' && defaults === 0) {
          button = { line, text: '', href: (attributes.href ?? '').trim() };
        }
        if (name === 'mj-image' && !('alt' in attributes)) {
          findings.push({
            rule: 'img-alt',
            message: `<mj-image${attributes.src ? ` src="${attributes.src}"` : ''}> has no alt text (add alt="..." or alt="" if decorative)`,
            line,
          });
        }
      },
      ontext(text) {
        if (button) button.text += text;
      },
      onclosetag(name) {
        if (name === 'mj-attributes') defaults--;
        if (name !== 'mj-button' || !button) return;
        const label = button.text.replace(/\s+/g, ' ').trim();
        if (button.href === '' || button.href === '#') {
          findings.push({
            rule: 'empty-button',
            message: `<mj-button> "${label.slice(0, 40)}" has no href: it renders as text nobody can click (add href="…")`,
            line: button.line,
          });
        } else if (label === '') {
          findings.push({
            rule: 'empty-button',
            message: `<mj-button href="${button.href}"> has no text: the button is empty (put its label between the tags)`,
            line: button.line,
          });
        }
        button = undefined;
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
