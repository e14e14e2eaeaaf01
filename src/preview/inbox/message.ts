import { type AddressObject, simpleParser } from 'mailparser';

/** A captured message as the Inbox view shows it. */
export interface InboxMessage {
  id: string;
  subject: string;
  from: string;
  to: string;
  cc: string;
  replyTo: string;
  date?: string;
  messageId?: string;
  /** HTML with `cid:` references pointing at the attachment URLs, ready for a sandboxed iframe. */
  html?: string;
  text?: string;
  headers: { key: string; line: string }[];
  attachments: {
    index: number;
    filename: string;
    contentType: string;
    size: number;
    cid?: string;
    inline: boolean;
  }[];
}

export interface InboxAttachment {
  filename: string;
  contentType: string;
  content: Buffer;
}

const text = (a: AddressObject | AddressObject[] | undefined) =>
  [a ?? []]
    .flat()
    .map((x) => x.text)
    .join(', ');

/** Parses a captured source for display; `base` is the URL prefix of the message's attachments. */
export async function parseMessage(id: string, raw: Buffer, base: string): Promise<InboxMessage> {
  // keepCidLinks: inline images are linked to their attachment URL instead of inlined as data: URIs.
  const parsed = await simpleParser(raw, { skipTextLinks: true, keepCidLinks: true });
  let html = typeof parsed.html === 'string' ? parsed.html : undefined;
  const attachments = parsed.attachments.map((a, index) => {
    const cid = a.contentId?.replace(/^<|>$/g, '');
    if (html && cid) html = html.split(`cid:${cid}`).join(`${base}/${index}`);
    return {
      index,
      filename: a.filename ?? `attachment-${index + 1}`,
      contentType: a.contentType,
      size: a.size,
      cid,
      inline: a.related === true,
    };
  });
  return {
    id,
    subject: parsed.subject ?? '',
    from: text(parsed.from),
    to: text(parsed.to),
    cc: text(parsed.cc),
    replyTo: text(parsed.replyTo),
    date: parsed.date?.toISOString(),
    messageId: parsed.messageId,
    html,
    text: parsed.text,
    headers: [...parsed.headerLines],
    attachments,
  };
}

/** One attachment's bytes, or `undefined` when the index is out of range. */
export async function attachmentOf(raw: Buffer, index: number): Promise<InboxAttachment | undefined> {
  const parsed = await simpleParser(raw, { skipHtmlToText: true, skipTextToHtml: true, skipTextLinks: true });
  const a = parsed.attachments[index];
  if (!a) return undefined;
  return {
    filename: a.filename ?? `attachment-${index + 1}`,
    contentType: a.contentType,
    content: a.content,
  };
}
