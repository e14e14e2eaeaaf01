import { isMailerError } from '../errors/MailerError.js';
import { TransportError } from '../errors/TransportError.js';
import type { ComposedMessage, SendResult, Transport } from '../types.js';

export interface GroupOptions {
  /** How long a member that failed with a retryable error is skipped. @default 60000 */
  retryAfterMs?: number;
}

/** A transport made of transports: `failover(…)` or `roundRobin(…)`. */
export interface TransportGroup extends Transport {
  readonly name: 'failover' | 'roundrobin';
  readonly members: readonly Transport[];
}

/**
 * The behaviour both groups share; they differ only in where each send starts. A member is passed
 * over only for a retryable error (an AUTH_FAILED is a bug to surface, not to mask) and is then
 * skipped for `retryAfterMs`. When every member is down, all are tried anyway rather than failing
 * without trying.
 */
export function createGroup(
  kind: 'failover' | 'roundrobin',
  members: Transport[],
  options: GroupOptions,
  start: () => number,
): TransportGroup {
  const retryAfterMs = options.retryAfterMs ?? 60_000;
  const downUntil = new Map<Transport, number>();
  const primaryFrom = members[0]?.defaultFrom;
  const label = `${kind}(${members.map(String).join(' ')})`;

  // Without an explicit sender the message goes out as the primary's login; through another member
  // it goes out as that member's own login, which is what its provider accepts.
  const forMember = (message: ComposedMessage, member: Transport): ComposedMessage => {
    const own = member.defaultFrom;
    if (!own || !primaryFrom || own === primaryFrom || message.from.address !== primaryFrom) return message;
    return {
      ...message,
      from: { ...message.from, address: own },
      envelope: { ...message.envelope, from: own },
    };
  };

  return {
    name: kind,
    members,
    defaultFrom: primaryFrom,
    async send(message: ComposedMessage): Promise<SendResult> {
      const first = start();
      const order = members.map((_, i) => members[(first + i) % members.length] as Transport);
      const now = Date.now();
      const up = order.filter((m) => (downUntil.get(m) ?? 0) <= now);
      const failures: Array<{ member: Transport; error: unknown }> = [];
      for (const member of up.length > 0 ? up : order) {
        try {
          const result = await member.send(forMember(message, member));
          downUntil.delete(member);
          return result;
        } catch (error) {
          if (!(isMailerError(error) && error.retryable)) throw error;
          downUntil.set(member, Date.now() + retryAfterMs);
          failures.push({ member, error });
        }
      }
      throw allFailed(label, failures);
    },
    async verify() {
      await Promise.all(members.map((m) => m.verify?.()));
    },
    async close() {
      await Promise.all(members.map((m) => m.close?.()));
    },
    toString: () => label,
  };
}

function allFailed(label: string, failures: Array<{ member: Transport; error: unknown }>): TransportError {
  // Members fail with transport errors; a code they all share is the group's code.
  type Code = ConstructorParameters<typeof TransportError>[0];
  const codes = new Set(failures.map(({ error }) => (error as { code: Code }).code));
  const lines = failures.map(({ member, error }) => {
    const { code, message } = error as { code: string; message: string };
    return `  - ${member}: ${code} ${message.split('\n')[0]}`;
  });
  return new TransportError(
    codes.size === 1 ? ([...codes][0] as Code) : 'TRANSPORT',
    `All ${failures.length} transports of ${label} failed:\n${lines.join('\n')}`,
    {
      transport: label,
      retryable: true,
      hint: 'each member failed with a retryable error; the send can be retried later',
      cause: new AggregateError(
        failures.map((f) => f.error),
        'every member failed',
      ),
    },
  );
}

/** Every transport inside a group (recursively), or the transport itself. */
export function leafTransports(transport: Transport): Transport[] {
  const members = (transport as Partial<TransportGroup>).members;
  return Array.isArray(members) ? members.flatMap(leafTransports) : [transport];
}
