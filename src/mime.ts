import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import type Mail from 'nodemailer/lib/mailer/index.js';
import type { OutgoingMessage } from './types.js';

/** Maps a message onto nodemailer's mail options (the one place that knows both shapes). */
export function toNodemailer(message: OutgoingMessage): Mail.Options {
  return {
    messageId: message.messageId,
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
      ...('path' in a ? { path: a.path } : { content: a.content }),
    })),
    envelope: { from: message.envelope.from, to: message.envelope.to },
  };
}

/** Builds the RFC 5322 source of a message (multipart/alternative, attachments, inline cid images). */
export function buildMime(message: OutgoingMessage, options: { keepBcc?: boolean } = {}): Promise<Buffer> {
  const node = new MailComposer(toNodemailer(message)).compile();
  // Bcc is dropped from the headers by default, as on the wire; a local outbox keeps it for inspection.
  if (options.keepBcc) (node as unknown as { keepBcc: boolean }).keepBcc = true;
  return new Promise((resolve, reject) =>
    node.build((error, source) => (error ? reject(error) : resolve(source))),
  );
}
