/** The header that names the template of a mailsmith send; bounces echo it back with the original. */
export const TEMPLATE_HEADER = 'X-Mailsmith-Template';

export interface OriginalRef {
  messageId?: string;
  template?: string;
}

/** The header block of an embedded message (`message/rfc822` or `text/rfc822-headers`), unfolded. */
function headerBlock(source: string): string {
  const text = source.replace(/\r\n?/g, '\n');
  const end = text.search(/\n\n/);
  return (end === -1 ? text : text.slice(0, end)).replace(/\n[ \t]+/g, ' ');
}

function header(block: string, name: string): string | undefined {
  const m = new RegExp(`^${name}:[ \\t]*(.*)$`, 'im').exec(block);
  return m?.[1]?.trim() || undefined;
}

/**
 * Reads Message-ID and X-Mailsmith-Template of our original send from the copy a bounce carries
 * (whole message or headers only).
 */
export function originalFromHeaders(source: string): OriginalRef {
  const block = headerBlock(source);
  const id = header(block, 'Message-ID')?.match(/<[^<>\s]+>/)?.[0];
  const template = header(block, TEMPLATE_HEADER);
  return { messageId: id, template };
}

/**
 * When a notice quotes no headers, its own threading headers or its text may still name the original:
 * `In-Reply-To`/`References` (Exchange, some Chinese notices), or a `Message-ID: <…>` line in the body.
 */
export function originalFromNotice(inReplyTo: string | undefined, text: string): OriginalRef {
  const quoted = /^\s*Message-ID:\s*(<[^<>\s]+>)/im.exec(text)?.[1];
  const template = new RegExp(`^\\s*${TEMPLATE_HEADER}:\\s*(\\S+)`, 'im').exec(text)?.[1];
  return { messageId: inReplyTo?.match(/<[^<>\s]+>/)?.[0] ?? quoted, template };
}
