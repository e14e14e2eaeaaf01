import { loadMailparser } from '../peers.js';
import type { Bounce } from '../types.js';
import { looksLikeNotice, parseNotice } from './notices.js';
import { type OriginalRef, originalFromHeaders, originalFromNotice } from './original.js';
import { isQsbmf, parseQsbmf } from './qsbmf.js';
import { parseDeliveryStatus } from './rfc3464.js';
import { kindOf, statusFrom } from './status.js';

export { TEMPLATE_HEADER } from './original.js';

const STATUS_TYPES = new Set(['message/delivery-status', 'message/global-delivery-status']);
const ORIGINAL_TYPES = new Set([
  'message/rfc822',
  'message/global',
  'text/rfc822-headers',
  'message/global-headers',
]);

type Parsed = Awaited<ReturnType<Awaited<ReturnType<typeof loadMailparser>>['simpleParser']>>;

function addressesOf(field: Parsed['from'] | Parsed['to']): string[] {
  const list = Array.isArray(field) ? field : field ? [field] : [];
  return list.flatMap((f) => f.value.map((v) => v.address ?? '')).filter(Boolean);
}

function headerText(mail: Parsed, name: string): string {
  const value = mail.headers.get(name);
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.join(', ');
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object' && 'text' in value) return String(value.text);
  return String(value);
}

/**
 * The whole notice as text. From its HTML when it has some (QQ sends HTML only): mailparser's own conversion
 * wraps long lines, which would cut a server reply in two; a notice needs lines kept whole.
 */
function textOf(mail: Parsed): string {
  if (typeof mail.html !== 'string' || mail.text?.trim()) return mail.text ?? '';
  return mail.html
    .replace(/<(br|\/p|\/div|\/tr|\/li|\/h\d)[^>]*>/gi, '\n')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/[ \t]+/g, ' ');
}

/**
 * Reads one message from the sender's mailbox. Returns one Bounce per failed recipient, or `[]` when the
 * message is not a bounce — including out-of-office and other auto-replies: a message is recognised by
 * its structure (an RFC 3464 report, qmail's format, or a notice from a mail system that names a failed
 * recipient), never by `Auto-Submitted` alone.
 *
 * @example
 * import { parseBounce } from 'mailsmith/bounces';
 * const [bounce] = await parseBounce(readFileSync('dsn.eml'));
 * bounce?.status; // '5.1.1'
 */
export async function parseBounce(
  source: Buffer | string,
  now: () => Date = () => new Date(),
): Promise<Bounce[]> {
  const { simpleParser } = await loadMailparser();
  const mail = await simpleParser(source, {
    keepDeliveryStatus: true,
    skipHtmlToText: true,
    skipTextLinks: true,
    skipImageLinks: true,
  });
  const contentType = mail.headers.get('content-type') as
    | { value?: string; params?: Record<string, string> }
    | undefined;
  const reportType = contentType?.params?.['report-type']?.toLowerCase() ?? '';
  const at = mail.date ?? now();

  const originals = mail.attachments.filter((a) => ORIGINAL_TYPES.has(a.contentType.toLowerCase()));
  let original: OriginalRef = {};
  for (const part of originals) {
    original = originalFromHeaders(part.content.toString('utf8'));
    if (original.messageId || original.template) break;
  }
  const text = textOf(mail);
  if (!original.messageId) {
    const fallback = originalFromNotice(headerText(mail, 'in-reply-to') || undefined, text);
    original = { messageId: fallback.messageId, template: original.template ?? fallback.template };
  }
  const make = (recipient: string, status: string, diagnostic: string, date?: Date): Bounce => ({
    recipient,
    kind: kindOf(status),
    status,
    diagnostic,
    ...(original.messageId ? { messageId: original.messageId } : {}),
    ...(original.template ? { template: original.template } : {}),
    at: date ?? at,
  });

  // 1. RFC 3464: multipart/report; report-type=delivery-status (Postfix, Exim 4, Exchange, Gmail, QQ, NetEase).
  const report = mail.attachments.find((a) => STATUS_TYPES.has(a.contentType.toLowerCase()));
  if (
    contentType?.value?.toLowerCase() === 'multipart/report' &&
    /delivery-status/.test(reportType) &&
    report
  ) {
    return parseDeliveryStatus(report.content.toString('utf8'))
      .filter((r) => r.action === 'failed' || r.action === 'delayed')
      .map((r) => {
        let status = /^[45]\.\d{1,3}\.\d{1,3}$/.test(r.status) ? r.status : statusFrom(r.diagnostic, '5.0.0');
        // A "delayed" report is a warning: the server is still trying, so it never counts as hard.
        if (r.action === 'delayed' && status.startsWith('5')) status = `4${status.slice(1)}`;
        return make(r.recipient, status, r.diagnostic, r.date);
      });
  }
  // Read receipts, abuse reports and other reports are not bounces.
  if (contentType?.value?.toLowerCase() === 'multipart/report') return [];

  // 2. qmail's QSBMF.
  if (isQsbmf(text)) return parseQsbmf(text).map((r) => make(r.recipient, r.status, r.diagnostic));

  // 3. Notices for people: QQ / NetEase in Chinese, Exim's plain-text ones, anything with X-Failed-Recipients.
  const from = (Array.isArray(mail.from) ? mail.from : mail.from ? [mail.from] : []).flatMap((f) => f.value);
  const failedRecipients = headerText(mail, 'x-failed-recipients')
    .split(/[,\s]+/)
    .filter((a) => a.includes('@'));
  if (failedRecipients.length === 0 && !looksLikeNotice(from, mail.subject ?? '', text)) return [];
  const own = [...addressesOf(mail.from), ...addressesOf(mail.to)];
  return parseNotice(text, { own, failedRecipients }).map((r) => make(r.recipient, r.status, r.diagnostic));
}
