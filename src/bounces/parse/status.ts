import type { BounceKind } from '../types.js';

const ENHANCED = /\b([245])\.(\d{1,3})\.(\d{1,3})\b/;
const BASIC = /\b([45])\d\d\b/;

/** The first RFC 3463 enhanced status code in a text (`5.1.1`), if any. */
export function enhancedStatus(text: string): string | undefined {
  const m = ENHANCED.exec(text);
  return m ? `${m[1]}.${m[2]}.${m[3]}` : undefined;
}

// Notices without an enhanced code (QQ's "550 Mailbox not found.", qmail's "Sorry, no mailbox here") still
// say what happened; these texts map to the codes a standard DSN would carry.
const TEXT_STATUS: Array<[RegExp, string]> = [
  [/mailbox (is )?full|quota|over ?quota|insufficient (system )?storage|邮箱(空间)?已满|容量已满/i, '4.2.2'],
  [
    /no such (user|mailbox|recipient)|user (unknown|not found|doesn't exist)|mailbox (not found|does not exist)|unknown (user|recipient)|recipient (address )?rejected|address rejected|invalid recipient|用户不存在|收件人不存在|地址不存在|帐号不存在|账号不存在/i,
    '5.1.1',
  ],
  [/(host|domain) (not found|unknown)|no such domain|unrouteable|域名不存在/i, '5.1.2'],
];

/**
 * The status of a failure from its diagnostic text: an enhanced code when present, else one matched from
 * well-known wording, else the reply code's class (`550` → `5.0.0`); `fallback` when nothing says.
 */
export function statusFrom(text: string, fallback: string): string {
  const enhanced = enhancedStatus(text);
  if (enhanced && enhanced[0] !== '2') return enhanced;
  const basic = BASIC.exec(text);
  for (const [pattern, status] of TEXT_STATUS) {
    // A worded match refines a bare reply code, but never turns a 4xx into a permanent failure.
    if (pattern.test(text)) {
      if (basic?.[1] === '4' && status[0] === '5') return `4.${status.slice(2)}`;
      return status;
    }
  }
  if (basic) return `${basic[1]}.0.0`;
  return fallback;
}

/**
 * Hard or soft. 5.x.x is hard, 4.x.x soft, except "mailbox full" (x.2.2), which servers often send as 552
 * 5.2.2 but clears on its own, so it is counted like any soft bounce.
 */
export function kindOf(status: string): BounceKind {
  if (/^\d\.2\.2$/.test(status)) return 'soft';
  return status.startsWith('5') ? 'hard' : 'soft';
}
