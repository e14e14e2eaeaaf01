import { statusFrom } from './status.js';

/** One failed recipient of a qmail bounce. */
export interface QsbmfRecipient {
  recipient: string;
  status: string;
  diagnostic: string;
}

const START = /^Hi\. This is the [^\n]*(program|qmail)/i;
const BREAK =
  /^--- (Below this line is a copy of the message|Enclosed are the original headers of the message)/m;

/** True when a plain-text body is a qmail-send bounce (QSBMF: http://cr.yp.to/proto/qsbmf.txt). */
export function isQsbmf(text: string): boolean {
  return START.test(text.trimStart());
}

/**
 * Reads qmail's "qmail-send bounce message format": after the greeting, one paragraph per recipient that
 * starts with `<address>:` and explains the failure; the copy of the message follows a `--- ` line.
 * The status is qmail's `(#5.1.1)` when given, else read from the reply (`remote said: 550 …`).
 *
 * @example
 * parseQsbmf("Hi. This is the qmail-send program at mx.\n…\n\n<a@b.c>:\nSorry, no mailbox here by that name. (#5.1.1)\n")
 * // [{ recipient: 'a@b.c', status: '5.1.1', diagnostic: 'Sorry, no mailbox here by that name. (#5.1.1)' }]
 */
export function parseQsbmf(text: string): QsbmfRecipient[] {
  const normalized = text.replace(/\r\n?/g, '\n');
  const cut = normalized.search(BREAK);
  const report = cut === -1 ? normalized : normalized.slice(0, cut);
  // qmail says the failure is permanent in the greeting; its temporary notices say so too.
  const permanent = !/temporary (error|failure)/i.test(report.split(/\n\n/)[0] ?? '');
  const out: QsbmfRecipient[] = [];
  for (const paragraph of report.split(/\n[ \t]*\n/)) {
    const m = /^<([^<>\s]+@[^<>\s]+)>:[ \t]*\n?([\s\S]*)$/.exec(paragraph.trim());
    if (!m?.[1]) continue;
    const diagnostic = (m[2] ?? '').replace(/\s*\n\s*/g, ' ').trim();
    out.push({
      recipient: m[1].toLowerCase(),
      status: statusFrom(diagnostic, permanent ? '5.0.0' : '4.0.0'),
      diagnostic,
    });
  }
  return out;
}
