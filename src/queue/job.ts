import { createHash } from 'node:crypto';
import { InvalidAttachmentError } from '../errors/InvalidAttachmentError.js';
import { checkAttachments, DEFAULT_MAX_ATTACHMENT_BYTES, readAttachments } from '../message/attachments.js';
import type { Attachment, ComposedAttachment, ComposedMessage, SendOptions } from '../types.js';

/** Send options as they travel in a job: plain JSON, attachments already read into base64. */
export type QueuedSendOptions = Omit<SendOptions, 'attachments'> & { attachments?: ComposedAttachment[] };

/**
 * What a job carries. A template job is rendered by the worker (so template fixes apply to mail
 * still queued); a composed job was rendered at enqueue and is delivered as it is. Never credentials:
 * the worker's mailer owns the transport.
 */
export type MailJobData =
  | { kind: 'template'; template: string; data: unknown; options: QueuedSendOptions; error?: QueuedError }
  | { kind: 'composed'; message: ComposedMessage; error?: QueuedError };

/** A delivery error as a failed job keeps it: the typed fields, not a stack. */
export interface QueuedError {
  code: string;
  message: string;
  hint?: string;
  retryable: boolean;
  /** SMTP reply code and line, and the command that got it, when a server refused. */
  responseCode?: number;
  response?: string;
  command?: string;
  /** HTTP status of a provider API, when one refused. */
  status?: number;
}

/**
 * The job id for an idempotency key: a hash, because BullMQ refuses `:` and all-digit custom ids
 * and keys like `welcome:42` are the natural ones. The prefix keeps it from ever being all digits.
 */
export function jobIdFor(idempotencyKey: string): string {
  return `idem-${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 40)}`;
}

function isStream(content: unknown): boolean {
  return (
    typeof content === 'object' &&
    content !== null &&
    !Buffer.isBuffer(content) &&
    typeof (content as { pipe?: unknown }).pipe === 'function'
  );
}

/**
 * Reads attachments into base64 for the job, under the compose cap. A stream is refused: a job may
 * be retried, by another process, and a stream can be read only once, here.
 */
export async function queueAttachments(
  attachments: Attachment[] | undefined,
  maxBytes = DEFAULT_MAX_ATTACHMENT_BYTES,
): Promise<ComposedAttachment[] | undefined> {
  if (attachments === undefined) return undefined;
  for (const [index, attachment] of (Array.isArray(attachments) ? attachments : []).entries()) {
    if (attachment && 'content' in attachment && isStream(attachment.content)) {
      throw new InvalidAttachmentError(
        attachment.filename ?? `#${index + 1}`,
        'is a stream, which a queued job cannot carry (a retried job could not read it again)',
        { hint: 'pass a Buffer or a { path } (read at enqueue), or use mailer.send() for streams' },
      );
    }
  }
  return readAttachments(await checkAttachments(attachments), maxBytes);
}

/** Back to what `mailer.compose` takes: base64 attachments become Buffers again. */
export function toSendOptions(options: QueuedSendOptions): SendOptions {
  const { attachments, ...rest } = options;
  if (attachments === undefined) return rest;
  return {
    ...rest,
    attachments: attachments.map(({ content, ...meta }) => ({
      ...meta,
      content: Buffer.from(content, 'base64'),
    })),
  };
}

/** The typed fields of an error, for the failed job (what `queue.failed()` returns). */
export function toQueuedError(error: unknown): QueuedError {
  if (typeof error !== 'object' || error === null) {
    return { code: 'TRANSPORT', message: String(error), retryable: false };
  }
  const e = error as Partial<QueuedError> & { message?: string };
  const defined = <T>(v: T | undefined) => v !== undefined && v !== null;
  return {
    code: typeof e.code === 'string' ? e.code : 'TRANSPORT',
    message: e.message ?? String(error),
    retryable: e.retryable === true,
    ...(defined(e.hint) ? { hint: e.hint } : {}),
    ...(defined(e.responseCode) ? { responseCode: e.responseCode } : {}),
    ...(defined(e.response) ? { response: e.response } : {}),
    ...(defined(e.command) ? { command: e.command } : {}),
    ...(defined(e.status) ? { status: e.status } : {}),
  };
}
