import type DKIM from 'nodemailer/lib/dkim';
import { isMailerError, type MailerError } from '../errors/MailerError.js';
import { TransportError } from '../errors/TransportError.js';
import { withSigner } from '../message/dkim.js';
import type { ComposedMessage, RateLimit, SendResult, Transport } from '../types.js';
import { assertCapabilities } from './capabilities.js';
import type { Emitter } from './events.js';
import { type BeforeSend, runBeforeSend } from './hooks.js';
import { createIdempotency, type IdempotencyOptions } from './idempotency.js';
import { checkRateLimit, createRateLimiter, type RateLimiter } from './rate-limit.js';
import { type RetryOptions, retryPolicy, withRetry } from './retry.js';
import { checkSuppressions, type SuppressionList, type SuppressionPolicy } from './suppression.js';

export interface DeliveryOptions {
  retry?: RetryOptions | false;
  rateLimit?: RateLimit | false;
  idempotency?: IdempotencyOptions;
  beforeSend?: BeforeSend | BeforeSend[];
  suppressions?: SuppressionList;
  /** DKIM signer: attached at delivery so toMime() signs, whichever transport builds the MIME. */
  signer?: DKIM;
  suppressionPolicy?: SuppressionPolicy;
  events?: Emitter;
}

/** What the facade knows about a message it composed. */
export interface DeliveryMeta {
  renderMs?: number;
}

export type Deliver = (via: Transport, message: ComposedMessage, meta?: DeliveryMeta) => Promise<SendResult>;

/**
 * The delivery policies a mailer composes around `transport.send`, in order: `beforeSend` hooks,
 * the suppression check (before anything connects), idempotency, then attempts with retries, each
 * waiting its turn in the mailer-wide rate limit. Events report each step.
 */
export function createDelivery(options: DeliveryOptions = {}): Deliver {
  const policy = retryPolicy(options.retry);
  if (options.rateLimit) checkRateLimit(options.rateLimit);
  const fixed = options.rateLimit ? createRateLimiter(options.rateLimit) : undefined;
  // A transport's own default pace (QQ and NetEase presets) applies when the mailer sets none.
  const defaults = new WeakMap<Transport, RateLimiter | undefined>();
  const limiterFor = (via: Transport): RateLimiter | undefined => {
    if (options.rateLimit === false) return undefined;
    if (fixed) return fixed;
    if (!defaults.has(via)) {
      defaults.set(via, via.defaultRateLimit ? createRateLimiter(via.defaultRateLimit) : undefined);
    }
    return defaults.get(via);
  };
  const once = createIdempotency(options.idempotency);
  const events = options.events;

  return async (via, composed, meta = {}) => {
    const message = await runBeforeSend(options.beforeSend, composed);
    if (message === false) return cancelled(composed);
    const base = {
      template: message.template,
      messageId: message.messageId,
      recipients: message.envelope.to,
    };
    const started = performance.now();
    let attempt = 0;
    // What goes out: the message, less recipients the suppression policy drops.
    let outgoing = message;
    const attempts = () =>
      withRetry(
        async (n) => {
          attempt = n;
          await limiterFor(via)?.acquire();
          return sendOnce(via, withSigner(outgoing, options.signer));
        },
        policy,
        {
          onRetry: (error, next, delayMs) =>
            events?.emit('retrying', { ...base, attempt: next, delayMs, error: error as MailerError }),
        },
      );
    try {
      // A provider that cannot carry part of the message refuses it before anything is sent.
      assertCapabilities(via, withSigner(message, options.signer));
      const checked = await checkSuppressions(options.suppressions, message, options.suppressionPolicy);
      outgoing = checked.message;
      const result = checked.report(
        message.idempotencyKey === undefined
          ? await attempts()
          : await once(message.idempotencyKey, attempts),
      );
      const sendMs = elapsed(started);
      events?.emit('sent', {
        ...base,
        attempt,
        renderMs: meta.renderMs,
        sendMs,
        response: result.response,
        message,
      });
      return result;
    } catch (error) {
      const sendMs = elapsed(started);
      events?.emit('failed', {
        ...base,
        attempt,
        renderMs: meta.renderMs,
        sendMs,
        error: error as MailerError,
        message,
      });
      throw error;
    }
  };
}

/** What a send cancelled by `beforeSend` resolves to: nothing accepted, nothing rejected. */
function cancelled(message: ComposedMessage): SendResult {
  return {
    messageId: message.messageId,
    accepted: [],
    rejected: [],
    response: 'cancelled by beforeSend',
    envelope: message.envelope,
    cancelled: true,
  };
}

function elapsed(since: number): number {
  return Math.round((performance.now() - since) * 10) / 10;
}

/** One attempt; anything that is not a MailerError becomes a (non-retryable) TRANSPORT error. */
async function sendOnce(via: Transport, message: ComposedMessage): Promise<SendResult> {
  try {
    return await via.send(message);
  } catch (error) {
    if (isMailerError(error)) throw error;
    const detail = error instanceof Error ? error.message : String(error);
    throw new TransportError('TRANSPORT', `${via.name} transport failed: ${detail}`, {
      transport: String(via),
      cause: error,
    });
  }
}
