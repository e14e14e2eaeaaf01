import { createRequire } from 'node:module';
import type MailComposerClass from 'nodemailer/lib/mail-composer/index.js';
import type Mail from 'nodemailer/lib/mailer/index.js';
import type { ComposedMessage } from '../types.js';
import { createSigner, type DkimOptions, signerOf, signMime } from './dkim.js';
import { fastMime } from './fast-mime.js';
import { foldLongWords, lineSafe } from './line-limit.js';

const require = createRequire(import.meta.url);
let MailComposer: typeof MailComposerClass | undefined;

/** Maps a composed message onto nodemailer's mail options (the one place that knows both shapes). */
export function toNodemailer(message: ComposedMessage): Mail.Options {
  return {
    messageId: message.messageId,
    // A Date, so the header is RFC 5322's format whatever string form the message carries.
    ...(message.date === undefined ? {} : { date: new Date(message.date) }),
    from: message.from,
    to: message.to,
    cc: message.cc,
    bcc: message.bcc,
    replyTo: message.replyTo,
    subject: message.subject,
    html: message.html,
    text: message.text,
    headers: message.headers,
    attachments: message.attachments.map((a) => ({
      filename: a.filename,
      contentType: a.contentType,
      cid: a.cid,
      content: a.content,
      encoding: 'base64',
    })),
    envelope: { from: message.envelope.from, to: message.envelope.to },
  };
}

export interface ToMimeOptions {
  /** Keep the Bcc header (a local outbox shows it); on the wire it is dropped. @default false */
  keepBcc?: boolean;
  /** Sign with this key (a mailer's `dkim` is applied without it). */
  dkim?: DkimOptions;
}

/**
 * Builds the RFC 5322 bytes of a composed message (multipart/alternative, attachments, inline cid
 * images): the one MIME builder, used by the SMTP transport, the outbox and anything sending raw MIME.
 * Most messages take the fast path (`fast-mime.ts`: about 10× less CPU than nodemailer's composer,
 * same parse); the rest go through the composer.
 * A message delivered by a mailer with `dkim` comes out signed (DKIM-Signature prepended).
 *
 * @example
 * const composed = await mailer.compose('welcome', { name: 'Ada' }, { to: 'ada@163.com' });
 * const eml = await toMime(composed); // Buffer, ready for an HTTP API's "raw" field or a .eml file
 */
export async function toMime(message: ComposedMessage, options: ToMimeOptions = {}): Promise<Buffer> {
  // The fast path covers what compose() produces and parses the same; see fastPathProblem for the rest
  // (a header word too long to fold included, which the composer re-encodes).
  const source = fastMime(message, options) ?? (await composerMime(message, options));
  const signer = options.dkim ? createSigner(options.dkim) : signerOf(message);
  return signer ? signMime(source, signer) : source;
}

/** nodemailer's composer: everything the fast path declines. */
function composerMime(message: ComposedMessage, options: ToMimeOptions): Promise<Buffer> {
  // Loaded on first use: sending to memory:// never builds MIME, so it never loads the composer.
  MailComposer ??= require('nodemailer/lib/mail-composer') as typeof MailComposerClass;
  // Every header line within RFC 5322's 998 characters, however long a subject, name or file name.
  const node = new MailComposer(lineSafe(toNodemailer(message), message)).compile();
  // Bcc is dropped from the headers by default, as on the wire; a local outbox keeps it for inspection.
  if (options.keepBcc) (node as unknown as { keepBcc: boolean }).keepBcc = true;
  return new Promise<Buffer>((resolve, reject) =>
    node.build((error, built) => (error ? reject(error) : resolve(foldLongWords(built, message)))),
  );
}
