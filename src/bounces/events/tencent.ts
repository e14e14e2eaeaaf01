import { InvalidEventError } from '../../errors/InvalidEventError.js';
import type { ProviderEvent } from './types.js';
import { addr, date, enhanced } from './util.js';

// Tencent Cloud SES callback

interface TencentEvent {
  event?: string;
  email?: string;
  bulkId?: string;
  timestamp?: number;
  reason?: string;
  bounceType?: string;
  messageId?: string;
}

/** Reads Tencent Cloud SES callbacks (one or an array): `bounce`, `spamreport`, `unsubscribe`. */
export function tencentEvents(payload: unknown): ProviderEvent[] {
  const list = (Array.isArray(payload) ? payload : [payload]) as TencentEvent[];
  return list.flatMap((e): ProviderEvent[] => {
    if (!e || typeof e !== 'object' || typeof e.event !== 'string') {
      throw new InvalidEventError('tencent', 'Tencent Cloud SES callback has no event', {
        hint: 'pass the raw request body',
      });
    }
    const recipient = addr(e.email);
    if (!recipient) return [];
    const at = date(e.timestamp);
    const providerMessageId = e.bulkId;
    const messageId = e.messageId
      ? e.messageId.startsWith('<')
        ? e.messageId
        : `<${e.messageId}>`
      : undefined;
    if (e.event === 'bounce') {
      const hard = !/soft/i.test(e.bounceType ?? '');
      const reason = e.reason ?? '';
      return [
        {
          type: 'bounce',
          provider: 'tencent',
          providerMessageId,
          bounce: {
            recipient,
            kind: hard ? 'hard' : 'soft',
            status: enhanced(reason) ?? (hard ? '5.0.0' : '4.0.0'),
            diagnostic: reason,
            ...(messageId ? { messageId } : {}),
            at,
          },
        },
      ];
    }
    if (e.event === 'spamreport') {
      return [
        {
          type: 'complaint',
          provider: 'tencent',
          providerMessageId,
          complaint: { recipient, ...(messageId ? { messageId } : {}), at },
        },
      ];
    }
    if (e.event === 'unsubscribe')
      return [{ type: 'unsubscribe', provider: 'tencent', recipient, at, providerMessageId }];
    return [];
  });
}
