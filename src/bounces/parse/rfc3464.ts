/** One per-recipient block of a `message/delivery-status` body (RFC 3464 §2.3). */
export interface DsnRecipient {
  /** Final-Recipient (else Original-Recipient) without its address type, lower-cased. */
  recipient: string;
  /** `failed`, `delayed`, `delivered`, `relayed`, `expanded`. */
  action: string;
  status: string;
  /** Diagnostic-Code as written, type included (`smtp; 550 5.1.1 …`); '' when absent. */
  diagnostic: string;
  /** Last-Attempt-Date, else the message's Arrival-Date. */
  date?: Date;
}

/** Splits a field block into lower-cased names and unfolded values. */
function fields(block: string): Map<string, string> {
  const out = new Map<string, string>();
  let last: string | undefined;
  for (const line of block.split('\n')) {
    if (/^[ \t]/.test(line) && last) {
      out.set(last, `${out.get(last)} ${line.trim()}`);
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    last = line.slice(0, colon).trim().toLowerCase();
    out.set(last, line.slice(colon + 1).trim());
  }
  return out;
}

/** `rfc822; Ada@163.com` → `ada@163.com`; a value without a type is taken as it is. */
function addressOf(value: string): string {
  const bare = value.includes(';') ? value.slice(value.indexOf(';') + 1) : value;
  return bare.trim().replace(/^<|>$/g, '').toLowerCase();
}

function dateOf(value: string | undefined): Date | undefined {
  if (!value) return undefined;
  const date = new Date(value.replace(/\s*\([^)]*\)\s*$/, ''));
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/**
 * Reads the per-recipient blocks of a delivery-status body: the first block describes the message
 * (Reporting-MTA, Arrival-Date), each later one a recipient. Blocks without a recipient are skipped.
 *
 * @example
 * parseDeliveryStatus('Reporting-MTA: dns; mx\n\nFinal-Recipient: rfc822; a@b.c\nAction: failed\nStatus: 5.1.1\n')
 * // [{ recipient: 'a@b.c', action: 'failed', status: '5.1.1', diagnostic: '' }]
 */
export function parseDeliveryStatus(body: string): DsnRecipient[] {
  const blocks = body
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n/)
    .map(fields)
    .filter((block) => block.size > 0);
  const message = blocks[0]?.has('reporting-mta') || blocks[0]?.has('arrival-date') ? blocks[0] : undefined;
  const arrival = dateOf(message?.get('arrival-date'));
  const out: DsnRecipient[] = [];
  for (const block of blocks) {
    const recipient = block.get('final-recipient') ?? block.get('original-recipient');
    if (!recipient) continue;
    out.push({
      recipient: addressOf(recipient),
      action: (block.get('action') ?? '').toLowerCase().split(/\s/)[0] ?? '',
      status: (block.get('status') ?? '').split(/\s/)[0] ?? '',
      diagnostic: block.get('diagnostic-code') ?? '',
      date: dateOf(block.get('last-attempt-date')) ?? arrival,
    });
  }
  return out;
}
