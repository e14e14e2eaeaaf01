import type Mail from 'nodemailer/lib/mailer/index.js';
import { quoteString } from 'nodemailer/lib/mime-funcs/index.js';
import type { Address, ComposedMessage } from '../types.js';

/**
 * RFC 5322 §2.1.1: a line is at most 998 characters. Headers are folded at whitespace, so a "word"
 * with none in it (a 3,000-character subject, a display name or file name without spaces) cannot be
 * folded and has to be encoded instead: RFC 2047 encoded-words for the subject and display names,
 * RFC 2231 continuations for the `name` parameter nodemailer adds to an attachment's Content-Type.
 */

/**
 * A run of non-whitespace that might not fit a line once written: folding puts it on a line of its
 * own, with a few characters around it (`Subject: `, ` name="…"`), and quoting at most doubles it.
 * Shorter runs are left exactly as nodemailer writes them.
 */
const LONG_WORD = /\S{490,}/;

/** Whether a message has a header word that folding alone cannot bring under the line limit. */
export function hasLongWord(message: {
  subject: string;
  from: Address;
  to: readonly Address[];
  cc: readonly Address[];
  replyTo: readonly Address[];
  attachments: readonly { filename?: string }[];
}): boolean {
  const names = [message.from, ...message.to, ...message.cc, ...message.replyTo].map((a) => a.name ?? '');
  return [message.subject, ...names, ...message.attachments.map((a) => a.filename ?? '')].some((s) =>
    LONG_WORD.test(s),
  );
}

/** `text` as UTF-8 base64 encoded-words of at most 75 characters, separated by spaces (fold points). */
export function encodedWords(text: string): string {
  const words: string[] = [];
  let chunk = '';
  for (const char of text) {
    // 45 bytes of UTF-8 are 60 characters of base64: 72 with the `=?UTF-8?B?` … `?=` frame.
    if (Buffer.byteLength(chunk + char) > 45) {
      words.push(chunk);
      chunk = '';
    }
    chunk += char;
  }
  if (chunk) words.push(chunk);
  return words.map((w) => `=?UTF-8?B?${Buffer.from(w).toString('base64')}?=`).join(' ');
}

/** A subject with a word too long to fold goes out as encoded-words (ASCII, so nodemailer keeps them). */
export function lineSafe(mail: Mail.Options, message: ComposedMessage): Mail.Options {
  return LONG_WORD.test(message.subject) ? { ...mail, subject: encodedWords(message.subject) } : mail;
}

/**
 * Rewrites what nodemailer cannot fold in the built message: an ASCII display name with a long word
 * (written bare or as a quoted string) becomes encoded-words folded one per line, and the file name
 * nodemailer adds to an attachment's Content-Type as `name="…"` (for webmail clients that ignore
 * Content-Disposition) becomes an RFC 2231 continuation, as Content-Disposition's `filename` is.
 * Such a run (hundreds of characters without whitespace) cannot occur in a body nodemailer encoded,
 * whose lines are at most 76 characters.
 */
export function foldLongWords(raw: Buffer, message: ComposedMessage): Buffer {
  const long = message.attachments.filter((a) => a.filename && LONG_WORD.test(a.filename));
  const addresses = [message.from, ...message.to, ...message.cc, ...message.replyTo].filter(
    (a) => a.name && LONG_WORD.test(a.name) && /^[\x20-\x7e]*$/.test(a.name), // non-ASCII is encoded already
  );
  if (long.length === 0 && addresses.length === 0) return raw;
  let text = raw.toString('latin1');
  for (const { name, address } of addresses) {
    const folded = `${encodedWords(name as string)
      .split(' ')
      .join('\r\n ')}\r\n <${address}>`;
    for (const written of [name as string, quoteString(name as string)]) {
      // nodemailer folds at the name's own spaces and before the address, so any space may be a fold.
      const pattern = `${escapeRegExp(written)} <${escapeRegExp(address)}>`.replace(/ /g, '(?: |\r\n )');
      text = text.replace(new RegExp(pattern, 'g'), () => folded);
    }
  }
  for (const { filename } of long) {
    // A non-ASCII name is already encoded-words (foldable); an ASCII one is written bare or quoted.
    for (const written of [`name=${JSON.stringify(filename)}`, `name=${filename}`]) {
      text = text.split(written).join(continuation(filename as string));
    }
  }
  return Buffer.from(text, 'latin1');
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function continuation(value: string): string {
  const encoded = encodeURIComponent(value).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  const parts: string[] = [];
  for (let i = 0; i < encoded.length; ) {
    let end = Math.min(i + 60, encoded.length);
    // Never split a %XX escape.
    if (encoded[end - 1] === '%') end -= 1;
    else if (encoded[end - 2] === '%') end -= 2;
    parts.push(encoded.slice(i, end));
    i = end;
  }
  return parts.map((p, n) => `name*${n}*=${n === 0 ? "utf-8''" : ''}${p}`).join(';\r\n ');
}
