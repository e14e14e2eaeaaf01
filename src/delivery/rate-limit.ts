import { ConfigError } from '../errors/ConfigError.js';
import type { RateLimit } from '../types.js';

export type { RateLimit };

export interface RateLimiter {
  /** Resolves when one more message may start; callers are served in order. */
  acquire(): Promise<void>;
  readonly limit: RateLimit;
}

/**
 * A sliding-window limiter: a message may start when fewer than `messages` started in the last
 * `perMs`. One per mailer, so the limit holds however many connections the pool opens (nodemailer's
 * own `rateLimit` is per connection).
 *
 * @example
 * const limiter = createRateLimiter({ messages: 10, perMs: 1000 });
 * await limiter.acquire(); await transport.send(message);
 */
export function createRateLimiter(limit: RateLimit, now: () => number = Date.now): RateLimiter {
  checkRateLimit(limit);
  const starts: number[] = [];
  let queue: Promise<void> = Promise.resolve();
  const next = async () => {
    for (;;) {
      const t = now();
      while (starts.length > 0 && (starts[0] as number) <= t - limit.perMs) starts.shift();
      if (starts.length < limit.messages) {
        starts.push(t);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, (starts[0] as number) + limit.perMs - t));
    }
  };
  return {
    limit,
    acquire() {
      // A chain keeps waiters in order: no message is overtaken forever by later ones.
      const turn = queue.then(next);
      queue = turn.catch(() => {});
      return turn;
    },
  };
}

export function checkRateLimit(limit: RateLimit): void {
  const ok =
    limit &&
    Number.isInteger(limit.messages) &&
    limit.messages > 0 &&
    Number.isFinite(limit.perMs) &&
    limit.perMs > 0;
  if (!ok) {
    throw new ConfigError(
      `rateLimit must be { messages, perMs } with positive numbers, got ${JSON.stringify(limit)}`,
      {
        hint: 'e.g. rateLimit: { messages: 10, perMs: 1000 } for at most 10 messages a second, or rateLimit: false',
      },
    );
  }
}
