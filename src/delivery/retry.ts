import { isMailerError } from '../errors/MailerError.js';

/** How sends are retried. Retries are on by default; `retry: false` turns them off. */
export interface RetryOptions {
  /** Attempts in total, the first one included. @default 3 */
  attempts?: number;
  /** Delay before the first retry; doubled each time, with jitter. @default 1000 */
  minDelayMs?: number;
  /** Ceiling of the delay. @default 30000 */
  maxDelayMs?: number;
  /** `RATE_LIMITED` means slow down: its delay is this many times longer (still capped at 10 × maxDelayMs). @default 5 */
  rateLimitedFactor?: number;
  /**
   * Also retry `DELIVERY_UNKNOWN` (connection lost after the body was sent: the server may have the
   * message, so a retry may deliver it twice). Pair it with an `idempotencyKey`, whose stable
   * Message-ID lets receivers and logs spot a duplicate. @default false
   */
  retryDeliveryUnknown?: boolean;
}

export const DEFAULT_RETRY: Required<RetryOptions> = {
  attempts: 3,
  minDelayMs: 1000,
  maxDelayMs: 30_000,
  rateLimitedFactor: 5,
  retryDeliveryUnknown: false,
};

/** The options filled in, or `undefined` for `retry: false`. */
export function retryPolicy(options: RetryOptions | false | undefined): Required<RetryOptions> | undefined {
  if (options === false) return undefined;
  const policy = { ...DEFAULT_RETRY, ...definedOnly(options ?? {}) };
  if (!Number.isInteger(policy.attempts) || policy.attempts < 1) policy.attempts = 1;
  return policy;
}

/** True when another attempt may succeed: a retryable MailerError, DELIVERY_UNKNOWN only when opted in. */
export function shouldRetry(error: unknown, policy: Required<RetryOptions>): boolean {
  if (!isMailerError(error)) return false;
  if (error.code === 'DELIVERY_UNKNOWN') return policy.retryDeliveryUnknown;
  return error.retryable;
}

/**
 * Delay before retry number `retry` (1 for the first retry): exponential backoff with "equal jitter"
 * (half fixed, half random), so many senders that failed together do not come back together.
 */
export function retryDelay(
  retry: number,
  error: unknown,
  policy: Required<RetryOptions>,
  random: () => number = Math.random,
): number {
  const rateLimited = isMailerError(error) && error.code === 'RATE_LIMITED';
  const factor = rateLimited ? policy.rateLimitedFactor : 1;
  const ceiling = rateLimited ? policy.maxDelayMs * 10 : policy.maxDelayMs;
  const base = Math.min(ceiling, policy.minDelayMs * 2 ** (retry - 1) * factor);
  return Math.round(base / 2 + random() * (base / 2));
}

export interface RetryHooks {
  /** Called before each retry with the error that caused it. */
  onRetry?(error: unknown, nextAttempt: number, delayMs: number): void;
  /** Waits; injectable so tests need not sleep. */
  sleep?(ms: number): Promise<void>;
}

/**
 * Runs `attempt(n)` (n from 1) until it succeeds, fails with an error not worth retrying, or runs
 * out of attempts; the last error is thrown as is.
 *
 * @example
 * await withRetry((n) => transport.send(message), retryPolicy({ attempts: 5 }));
 */
export async function withRetry<T>(
  attempt: (n: number) => Promise<T>,
  policy: Required<RetryOptions> | undefined,
  hooks: RetryHooks = {},
): Promise<T> {
  const sleep = hooks.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  for (let n = 1; ; n++) {
    try {
      return await attempt(n);
    } catch (error) {
      if (!policy || n >= policy.attempts || !shouldRetry(error, policy)) throw error;
      const delay = retryDelay(n, error, policy);
      hooks.onRetry?.(error, n + 1, delay);
      await sleep(delay);
    }
  }
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
