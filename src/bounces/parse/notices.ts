import { statusFrom } from './status.js';

/** A failed recipient read from a notice written for people rather than machines. */
export interface NoticeRecipient {
  recipient: string;
  status: string;
  diagnostic: string;
}

/** Local parts and display names that mail systems (not people) send notices from. */
const SYSTEM_ADDRESS =
  /^(mailer-daemon|mailerdaemon|mail-daemon|postmaster|mdaemon|mail\.delivery|noreply-dsn)@/i;
const SYSTEM_NAME = /mail delivery (system|subsystem)|mailer-daemon|postmaster|系统退信|邮件系统/i;

/** Wording of a delivery failure, English and Chinese (QQ, NetEase, Tencent Exmail). */
const FAILURE_WORDS =
  /undeliver|could not be delivered|couldn'?t be delivered|delivery (status notification|failure|has failed|failed)|failed permanently|returned mail|returned to sender|failure notice|mail delivery failed|permanent(ly)? (error|fatal)|退信|被退回|退回|无法发送|发送失败|投递失败|未能送达|无法送达|无法投递/i;

const CHINESE_RECIPIENT_LABEL =
  /(收件人|收信人|无法发送到|发送到|投递到|送达|失败的收件人|收件人地址)[^\n@]{0,24}?([A-Za-z0-9._%+'-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,})/g;
const CHINESE_REASON_LABEL =
  /(退信原因|失败原因|错误信息|对方服务器返回|服务器返回|详细信息)[ \t]*[:：]?[ \t]*([^\n]+)/;
const ENGLISH_FAILED_LIST =
  /(following (address|recipient)\(?e?s?\)? (failed|could not be reached|had permanent fatal errors)|could not be delivered to (one or more of its recipients|the following))[^\n]*\n+([\s\S]*?)(\n\s*\n|$)/i;
const ADDRESS = /[A-Za-z0-9._%+'-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
const SMTP_REPLY = /(^|[\s:("])([45]\d\d)([ -][^\n]*)/m;

/** True when a mail system (by its From address or name) sent this and it speaks of a failed delivery. */
export function looksLikeNotice(
  from: Array<{ address?: string; name?: string }>,
  subject: string,
  text: string,
): boolean {
  const system = from.some((f) => SYSTEM_ADDRESS.test(f.address ?? '') || SYSTEM_NAME.test(f.name ?? ''));
  return system && (FAILURE_WORDS.test(subject) || FAILURE_WORDS.test(text));
}

/** The line of the body that explains the failure: a labelled reason, else the first SMTP reply in it. */
function diagnosticOf(text: string): string {
  const labelled = CHINESE_REASON_LABEL.exec(text)?.[2]?.trim();
  const reply = SMTP_REPLY.exec(text);
  const smtp = reply ? `${reply[2]}${reply[3]}`.trim() : undefined;
  if (labelled && smtp && !labelled.includes(smtp)) return `${labelled} ${smtp}`.trim();
  return labelled || smtp || '';
}

/**
 * Reads a human-readable bounce notice: QQ's and NetEase's Chinese ones (收件人 … 退信原因 …, in GBK or UTF-8,
 * already decoded by the MIME parser), or an English one (Exim's "following address(es) failed",
 * `X-Failed-Recipients`). `own` lists addresses never taken as the failed recipient (the mailbox owner, the
 * notice's own sender). Returns nothing when no recipient can be told apart.
 *
 * @example
 * parseNotice('收件人：typo@163.com\n退信原因：550 Mailbox not found.', { own: ['10001@qq.com'] })
 * // [{ recipient: 'typo@163.com', status: '5.1.1', diagnostic: '550 Mailbox not found.' }]
 */
export function parseNotice(
  text: string,
  options: { own?: string[]; failedRecipients?: string[] } = {},
): NoticeRecipient[] {
  const own = new Set((options.own ?? []).map((a) => a.toLowerCase()));
  const body = text.replace(/\r\n?/g, '\n').replace(/\u00a0|\u3000/g, ' ');
  // Stop before the quoted original, whose To/From lines would otherwise look like recipients.
  const cut = body.search(/^(-{2,}\s*(original message|below this line)|原邮件(信息|内容)?\s*[:：]?\s*$)/im);
  const report = cut > 0 ? body.slice(0, cut) : body;
  const found: string[] = [...(options.failedRecipients ?? [])];
  for (const m of body.matchAll(CHINESE_RECIPIENT_LABEL)) if (m[2]) found.push(m[2]);
  if (found.length === 0) {
    const list = ENGLISH_FAILED_LIST.exec(report)?.[4];
    if (list) found.push(...(list.match(ADDRESS) ?? []));
  }
  const diagnostic = diagnosticOf(report) || diagnosticOf(body);
  const status = statusFrom(diagnostic || report, '5.0.0');
  const seen = new Set<string>();
  const out: NoticeRecipient[] = [];
  for (const address of found) {
    const recipient = address.toLowerCase();
    if (own.has(recipient) || seen.has(recipient) || /^(postmaster|mailer-daemon)@/.test(recipient)) continue;
    seen.add(recipient);
    out.push({ recipient, status, diagnostic });
  }
  return out;
}
