import { SentMessages } from '../testing/outbox.js';
import {
  describeMessage,
  isComposedMessage,
  isSentMessage,
  type SentMessage,
  toSentMessage,
} from '../testing/sent-message.js';

const MAX_LISTED = 20;

function toRecords(list: readonly unknown[], matcher: string): SentMessages {
  const out = new SentMessages();
  for (const item of list) {
    if (isSentMessage(item)) out.push(item);
    else if (isComposedMessage(item)) out.push(toSentMessage(item));
    else throw new TypeError(`${matcher}() got an array holding ${typeof item}, not sent messages`);
  }
  return out;
}

/**
 * What was sent, from anything a test has at hand: a test mailer, a fake or memory transport, an app
 * mailer whose transport is one of those (after `useTransport`), or an array of records.
 */
export function sentMessagesOf(received: unknown, matcher: string): SentMessages {
  if (received instanceof SentMessages) return received;
  if (Array.isArray(received)) return toRecords(received, matcher);
  if (typeof received === 'object' && received !== null) {
    const value = received as { outbox?: unknown; messages?: unknown; transport?: unknown };
    // A mailer's current transport wins: after useTransport(memory()) that is where mail goes.
    if (typeof value.transport === 'object' && value.transport !== null) {
      const transport = value.transport as { name?: string; outbox?: unknown; messages?: unknown };
      if (transport.outbox instanceof SentMessages || Array.isArray(transport.messages)) {
        return sentMessagesOf(transport, matcher);
      }
      throw new TypeError(
        `${matcher}() can only see what a recording transport kept, but this mailer uses "${transport.name}": ` +
          'use createTestMailer(), or mailer.useTransport(fakeTransport()) first',
      );
    }
    if (value.outbox instanceof SentMessages) return value.outbox;
    if (Array.isArray(value.messages)) return toRecords(value.messages, matcher);
  }
  throw new TypeError(
    `${matcher}() needs a test mailer, a fake or memory transport, or an array of sent messages; got ${describeValue(received)}`,
  );
}

/** The message a message-level matcher checks; a clear error when a lookup came back empty. */
export function sentMessageOf(received: unknown, matcher: string): SentMessage {
  if (isSentMessage(received)) return received;
  if (isComposedMessage(received)) return toSentMessage(received);
  if (received === undefined) {
    throw new TypeError(
      `${matcher}() needs a sent message, but got undefined: nothing was sent, or the lookup (last(), for(), of()) found none`,
    );
  }
  const hint =
    received instanceof SentMessages || Array.isArray(received) || (received as { outbox?: unknown })?.outbox
      ? ': pick one, e.g. expect(mailer.outbox.last())'
      : '';
  throw new TypeError(`${matcher}() needs a sent message, got ${describeValue(received)}${hint}`);
}

function describeValue(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'object')
    return `an object (${Object.keys(value).slice(0, 5).join(', ') || 'no keys'})`;
  return typeof value;
}

/** `nothing was sent` / `sent: welcome → ada@163.com: Welcome` / `sent:` and one line per message. */
export function listSent(messages: readonly SentMessage[]): string {
  if (messages.length === 0) return 'nothing was sent';
  if (messages.length === 1) return `sent: ${describeMessage(messages[0] as SentMessage)}`;
  const shown = messages.slice(0, MAX_LISTED).map((m) => `\n  - ${describeMessage(m)}`);
  const more = messages.length > MAX_LISTED ? `\n  … and ${messages.length - MAX_LISTED} more` : '';
  return `sent:${shown.join('')}${more}`;
}

/** `"welcome" → ada@163.com`: how message-level failures name the message. */
export function labelOf(message: SentMessage): string {
  const to = [...message.to, ...message.cc, ...message.bcc].join(', ');
  return `${message.template === undefined ? 'the message' : `"${message.template}"`} → ${to}`;
}

/** Long parts shortened for failure messages, whole lines kept. */
export function excerpt(text: string, max = 600): string {
  const trimmed = text.trim();
  return trimmed.length <= max ? trimmed : `${trimmed.slice(0, max)}…`;
}

/** Indents a block under a failure line. */
export const indent = (block: string): string =>
  block
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n');
