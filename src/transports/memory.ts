import type { Readable } from 'node:stream';
import type { Attachment, OutgoingMessage, SendResult, Transport, TransportFactory } from '../types.js';

const TRANSPORT_NAME = 'memory';

/** A message kept by the memory transport: the full rendered message, attachments read into Buffers. */
export interface MemoryMessage extends OutgoingMessage {
  attachments: Array<Attachment & { content: Buffer | string }>;
}

export interface MemoryTransport extends Transport {
  /** Every message sent, oldest first. */
  readonly messages: MemoryMessage[];
  /** Forgets every message. */
  clear(): void;
}

async function readStream(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks);
}

// Streams can be read once; keeping their bytes lets tests inspect what was attached.
async function materialize(attachment: Attachment): Promise<Attachment & { content: Buffer | string }> {
  if ('path' in attachment) {
    const { readFile } = await import('node:fs/promises');
    const { basename } = await import('node:path');
    return {
      ...attachment,
      filename: attachment.filename ?? basename(attachment.path),
      content: await readFile(attachment.path),
    };
  }
  const { content } = attachment;
  if (typeof content === 'string' || Buffer.isBuffer(content)) return { ...attachment, content };
  return { ...attachment, content: await readStream(content) };
}

/**
 * Keeps every message in memory instead of sending it. What tests swap in.
 *
 * @example
 * const transport = memory();
 * const mailer = createMailer({ transport, from: 'noreply@example.com' });
 * await mailer.send('welcome', data, { to: 'ada@163.com' });
 * transport.messages[0].subject; // rendered subject
 */
export const memory: TransportFactory<void, MemoryTransport> = () => {
  const messages: MemoryMessage[] = [];
  return {
    name: TRANSPORT_NAME,
    messages,
    async send(message: OutgoingMessage): Promise<SendResult> {
      const attachments = await Promise.all(message.attachments.map(materialize));
      messages.push({ ...message, attachments });
      return {
        messageId: message.messageId,
        accepted: [...message.envelope.to],
        rejected: [],
        response: '250 Accepted (kept in memory)',
        envelope: message.envelope,
      };
    },
    clear() {
      messages.length = 0;
    },
    toString: () => 'memory://',
  };
};

export default memory;
