import type { ComposedMessage, SendResult } from '../types.js';

/**
 * The result of a transport that keeps the message on this machine (memory, outbox, the dev inbox):
 * nothing can refuse a recipient there, so every envelope recipient is accepted.
 */
export function keptLocally(message: ComposedMessage, response: string): SendResult {
  return {
    messageId: message.messageId,
    accepted: [...message.envelope.to],
    rejected: [],
    response,
    envelope: message.envelope,
  };
}
