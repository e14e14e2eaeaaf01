import type { MailerError } from '../errors/MailerError.js';
import type { ComposedMessage } from '../types.js';

/** What every event says about the message. Never a body or a secret. */
export interface MessageEventBase {
  /** Template name, when the message came from one. */
  template?: string;
  messageId: string;
  /** Envelope recipients (to, cc and bcc). */
  recipients: string[];
}

/** Events a mailer emits, by name. */
export interface MailerEvents {
  /** A template was rendered into a composed message. */
  rendered: MessageEventBase & { renderMs: number };
  /** The transport accepted the message (`message` is what was sent, after `beforeSend`). */
  sent: MessageEventBase & {
    attempt: number;
    renderMs?: number;
    sendMs: number;
    response: string;
    message: ComposedMessage;
  };
  /** The send failed for good (after the retries it was worth). */
  failed: MessageEventBase & {
    attempt: number;
    renderMs?: number;
    sendMs: number;
    error: MailerError;
    message: ComposedMessage;
  };
  /** An attempt failed with a retryable error; the next one starts after `delayMs`. */
  retrying: MessageEventBase & { attempt: number; delayMs: number; error: MailerError };
}

export type MailerEventName = keyof MailerEvents;
export type MailerListener<E extends MailerEventName> = (event: MailerEvents[E]) => void;

/** The subset of a pino / bunyan / console-style logger mailsmith calls: `logger.info(fields, message)`. */
export interface MailerLogger {
  debug?(fields: object, message?: string): void;
  info(fields: object, message?: string): void;
  warn(fields: object, message?: string): void;
  error(fields: object, message?: string): void;
}

export interface Emitter {
  on<E extends MailerEventName>(event: E, listener: MailerListener<E>): () => void;
  emit<E extends MailerEventName>(event: E, payload: MailerEvents[E]): void;
}

/**
 * A small synchronous emitter. A listener that throws is logged and skipped: observing a send must
 * never break it.
 */
export function createEmitter(logger?: MailerLogger, options: { logBodies?: boolean } = {}): Emitter {
  const listeners = new Map<MailerEventName, Set<(event: never) => void>>();
  return {
    on(event, listener) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(listener as (event: never) => void);
      return () => set.delete(listener as (event: never) => void);
    },
    emit(event, payload) {
      if (logger) logEvent(logger, event, payload, options.logBodies ?? false);
      for (const listener of listeners.get(event) ?? []) {
        try {
          (listener as (event: typeof payload) => void)(payload);
        } catch (error) {
          logger?.warn({ event, err: describe(error) }, `mailsmith: a "${event}" listener threw`);
        }
      }
    },
  };
}

const LEVELS: Record<MailerEventName, keyof MailerLogger> = {
  rendered: 'debug',
  sent: 'info',
  retrying: 'warn',
  failed: 'error',
};

/**
 * Fields only: template, Message-ID, recipients, timings, error code and message. No subject, body,
 * template data or secret, unless `logBodies` asks for the subject and both parts.
 */
function logEvent<E extends MailerEventName>(
  logger: MailerLogger,
  event: E,
  payload: MailerEvents[E],
  logBodies: boolean,
): void {
  const level = LEVELS[event];
  const write = logger[level]?.bind(logger);
  if (!write) return;
  const { error, message, ...fields } = payload as MailerEvents[E] & {
    error?: MailerError;
    message?: ComposedMessage;
  };
  const bodies =
    logBodies && message ? { subject: message.subject, text: message.text, html: message.html } : {};
  write(
    { event: `mailsmith.${event}`, ...fields, ...bodies, ...(error ? { err: describe(error) } : {}) },
    `mailsmith: ${event}${payload.template ? ` ${payload.template}` : ''} ${payload.messageId}`,
  );
}

/** An error as log fields; transport errors are already scrubbed of passwords. */
function describe(error: unknown): Record<string, unknown> {
  if (typeof error !== 'object' || error === null) return { message: String(error) };
  const e = error as Partial<MailerError> & { responseCode?: number; command?: string };
  return {
    code: e.code,
    message: e.message,
    retryable: e.retryable,
    ...(e.responseCode === undefined ? {} : { responseCode: e.responseCode }),
    ...(e.command === undefined ? {} : { command: e.command }),
  };
}
