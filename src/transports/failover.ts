import { ConfigError } from '../errors/ConfigError.js';
import type { Transport } from '../types.js';
import { createGroup, type GroupOptions, type TransportGroup } from './group.js';

/**
 * Sends through the first transport that works: the next one is tried only when a member fails with a
 * retryable error (connection, timeout, 4xx, rate limit); a permanent one (wrong password, rejected
 * recipient, DELIVERY_UNKNOWN) is thrown at once. A failing member is skipped for `retryAfterMs`.
 * When all fail, one error lists each member's. As a URL: `failover(qq://… smtps://…)`.
 *
 * Without an explicit `from`, each member sends as its own login, so failover between two QQ
 * accounts works; an explicit `from` that a member's provider would refuse is a `CONFIG` error at
 * `createMailer`.
 *
 * @example
 * const transport = failover(qq({ user: 'a@qq.com', pass: A }), qq({ user: 'b@qq.com', pass: B }));
 * createMailer({ transport });
 * createMailer({ transport: 'failover(qq://a@qq.com:A@ smtps://u:p@smtp.example.com:465)' });
 */
export function failover(...args: Array<Transport | GroupOptions>): TransportGroup {
  const { members, options } = splitArgs('failover', args);
  return createGroup('failover', members, options, () => 0);
}

/** Members, and an options object as the last argument when given. */
export function splitArgs(
  kind: string,
  args: Array<Transport | GroupOptions>,
): { members: Transport[]; options: GroupOptions } {
  const last = args.at(-1);
  const hasOptions = last !== undefined && typeof (last as Transport).send !== 'function';
  const members = (hasOptions ? args.slice(0, -1) : args) as Transport[];
  if (members.length < 2) {
    throw new ConfigError(`${kind}() needs at least two transports, got ${members.length}`, {
      hint: `${kind}(qq({ … }), smtp({ … })) or '${kind}(qq://… smtps://…)'`,
    });
  }
  for (const [i, member] of members.entries()) {
    if (!member || typeof member.send !== 'function') {
      throw new ConfigError(`${kind}(): argument ${i + 1} is not a transport`);
    }
  }
  return { members, options: hasOptions ? (last as GroupOptions) : {} };
}
