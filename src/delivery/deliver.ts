import { isMailerError } from '../errors/MailerError.js';
import { TransportError } from '../errors/TransportError.js';
import type { ComposedMessage, RateLimit, SendResult, Transport } from '../types.js';
import { createIdempotency, type IdempotencyOptions } from './idempotency.js';
import { checkRateLimit, createRateLimiter, type RateLimiter } from './rate-limit.js';
import { type RetryOptions, retryPolicy, withRetry } from './retry.js';

export interface DeliveryOptions {
  retry?: RetryOptions | false;
  rateLimit?: RateLimit | false;
  idempotency?: IdempotencyOptions;
  /** Called before each retry. */
  onRetry?(info: { message: ComposedMessage; error: unknown; attempt: number; delayMs: number }): void;
}

export type Deliver = (via: Transport, message: ComposedMessage) => Promise<SendResult>;

/**
 * The delivery policies a mailer composes around `transport.send`: the mailer-wide rate limit (one
 * limiter for all pooled connections) and retries with backoff. Each attempt waits its turn.
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

  return (via, message) => {
    const attempts = () =>
      withRetry(
        async () => {
          await limiterFor(via)?.acquire();
          return sendOnce(via, message);
        },
        policy,
        { onRetry: (error, attempt, delayMs) => options.onRetry?.({ message, error, attempt, delayMs }) },
      );
    return message.idempotencyKey === undefined ? attempts() : once(message.idempotencyKey, attempts);
  };
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
