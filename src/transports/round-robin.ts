import type { Transport } from '../types.js';
import { splitArgs } from './failover.js';
import { createGroup, type GroupOptions, type TransportGroup } from './group.js';

/**
 * Spreads sends over its members in turn; a member that fails with a retryable error is skipped for
 * `retryAfterMs` and the send moves on to the next one (a permanent error is thrown at once). When all
 * fail, one error lists each member's. As a URL: `roundrobin(qq://… 163://…)`.
 *
 * @example
 * createMailer({ transport: roundRobin(qq({ user: 'a@qq.com', pass: A }), qq({ user: 'b@qq.com', pass: B })) });
 */
export function roundRobin(...args: Array<Transport | GroupOptions>): TransportGroup {
  const { members, options } = splitArgs('roundRobin', args);
  let next = 0;
  return createGroup('roundrobin', members, options, () => {
    const start = next;
    next = (next + 1) % members.length;
    return start;
  });
}
