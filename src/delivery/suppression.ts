import { RecipientSuppressedError, type SuppressedRecipient } from '../errors/RecipientSuppressedError.js';
import type { Address, ComposedMessage, SendResult } from '../types.js';

/**
 * Addresses not to mail (hard bounces, complaints, unsubscribes). `has` returns the entry (any truthy
 * value, e.g. `{ reason: 'bounce' }`) or `undefined`. `mailsmith/bounces` provides stores
 * (`memorySuppressions()`, `fileSuppressions()`, `redisSuppressions()`); any object with this method works.
 * `scope` is the message's template name.
 */
export interface SuppressionList {
  has(address: string, scope?: string): Promise<unknown | undefined>;
}

/** What an entry says, whatever shape the list gave it. */
function describe(address: string, entry: unknown): SuppressedRecipient {
  const e = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<string, unknown>;
  const text = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
  const scope = text(e.scope);
  const detail = text(e.detail);
  return {
    address,
    reason: text(e.reason) ?? 'suppressed',
    ...(scope ? { scope } : {}),
    ...(detail ? { detail } : {}),
  };
}

export interface SuppressionPolicy {
  /**
   * Templates that must reach the user even after an unsubscribe (password reset, verification). They
   * bypass `unsubscribe` entries only: an address that bounced or complained is never mailed.
   */
  transactional?: string[];
  /**
   * With several recipients of which some are suppressed: `fail` the whole send, or `drop` those and send
   * to the rest (the result lists them in `suppressed`). A send whose every recipient is suppressed fails.
   * @default 'fail'
   */
  recipients?: 'fail' | 'drop';
}

/**
 * Checks every recipient against the list before anything connects. Returns the message to send (without
 * the dropped recipients) and a function that adds the dropped ones to the send's result; throws
 * RecipientSuppressedError when the policy says fail or nobody is left.
 */
export async function checkSuppressions(
  list: SuppressionList | undefined,
  message: ComposedMessage,
  policy: SuppressionPolicy = {},
): Promise<{ message: ComposedMessage; report: (result: SendResult) => SendResult }> {
  const unchanged = { message, report: (result: SendResult) => result };
  if (!list) return unchanged;
  const transactional =
    message.template !== undefined && (policy.transactional ?? []).includes(message.template);
  const recipients = [...new Set(message.envelope.to.map((a) => a.toLowerCase()))];
  const found = await Promise.all(recipients.map((address) => list.has(address, message.template)));
  const suppressed: SuppressedRecipient[] = [];
  found.forEach((entry, i) => {
    if (!entry) return;
    const described = describe(recipients[i] as string, entry);
    if (transactional && described.reason === 'unsubscribe') return;
    suppressed.push(described);
  });
  if (suppressed.length === 0) return unchanged;
  const all = suppressed.length === recipients.length;
  if (all || (policy.recipients ?? 'fail') === 'fail') throw new RecipientSuppressedError(suppressed, all);
  const out = new Set(suppressed.map((s) => s.address));
  const keep = (list: Address[]) => list.filter((a) => !out.has(a.address.toLowerCase()));
  return {
    message: {
      ...message,
      to: keep(message.to),
      cc: keep(message.cc),
      bcc: keep(message.bcc),
      envelope: { ...message.envelope, to: message.envelope.to.filter((a) => !out.has(a.toLowerCase())) },
    },
    report: (result) => ({ ...result, suppressed }),
  };
}
