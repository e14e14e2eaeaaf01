import { MailerError } from '../errors/MailerError.js';
import type { ComposedMessage } from '../types.js';

/**
 * Addresses not to mail (hard bounces, complaints, unsubscribes). `has` returns the entry (any
 * truthy value, e.g. `{ reason: 'bounce' }`) or `undefined`. `mailsmith/bounces` fills one from the
 * bounces it reads; any object with this method works. `scope` is the message's template name.
 */
export interface SuppressionList {
  has(address: string, scope?: string): Promise<unknown | undefined>;
}

/**
 * Checks every envelope recipient before anything connects; a suppressed one fails the send with
 * `RECIPIENT_SUPPRESSED` (the default, and only, policy so far).
 */
export async function checkSuppressions(
  list: SuppressionList | undefined,
  message: ComposedMessage,
): Promise<void> {
  if (!list) return;
  const found: Array<{ address: string; entry: unknown }> = [];
  for (const address of message.envelope.to) {
    const entry = await list.has(address, message.template);
    if (entry) found.push({ address, entry });
  }
  if (found.length === 0) return;
  const reasons = found.map(({ address, entry }) => {
    const reason = (entry as { reason?: unknown })?.reason;
    return typeof reason === 'string' ? `${address} (${reason})` : address;
  });
  throw Object.assign(
    new MailerError(
      'RECIPIENT_SUPPRESSED',
      `Not sent: suppressed recipient${found.length > 1 ? 's' : ''} ${reasons.join(', ')}`,
      {
        hint: 'the address bounced, complained or unsubscribed; remove it from the suppression list if that is wrong',
      },
    ),
    { recipients: found.map((f) => f.address) },
  );
}
