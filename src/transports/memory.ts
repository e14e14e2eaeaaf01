import type {
  ComposedAttachment,
  ComposedMessage,
  SendResult,
  Transport,
  TransportFactory,
} from '../types.js';
import { keptLocally } from './local-result.js';
import { PLACEHOLDER_FROM } from './placeholder.js';

import { defineTransport } from './registry.js';

const TRANSPORT_NAME = 'memory';

/** An attachment as the memory transport keeps it: its bytes decoded, ready to compare. */
export interface MemoryAttachment extends Omit<ComposedAttachment, 'content'> {
  content: Buffer;
}

/** A message kept by the memory transport: the composed message with attachments decoded to Buffers. */
export interface MemoryMessage extends Omit<ComposedMessage, 'attachments'> {
  attachments: MemoryAttachment[];
}

export interface MemoryTransport extends Transport {
  /** Every message sent, oldest first. */
  readonly messages: MemoryMessage[];
  /** Forgets every message. */
  clear(): void;
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
    // Nothing leaves the machine, so a mailer needs no `from` to try it: a placeholder sender.
    defaultFrom: PLACEHOLDER_FROM,
    async send(message: ComposedMessage): Promise<SendResult> {
      const attachments = message.attachments.map((a) => ({
        ...a,
        content: Buffer.from(a.content, 'base64'),
      }));
      messages.push({ ...message, attachments });
      return keptLocally(message, '250 Accepted (kept in memory)');
    },
    clear() {
      messages.length = 0;
    },
    toString: () => 'memory://',
  };
};

/** `memory://`: a fresh in-memory transport per URL. */
export const memoryDefinition = defineTransport({
  schemes: ['memory'],
  dsn: { credentials: false },
  create: () => memory(),
});

export default memory;
