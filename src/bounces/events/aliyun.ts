import { InvalidEventError } from '../../errors/InvalidEventError.js';
import type { ProviderEvent } from './types.js';
import { addr, date, enhanced } from './util.js';

// Aliyun DirectMail (EventBridge / HTTP callback, CloudEvents)

interface DirectMailEvent {
  type?: string;
  time?: string;
  data?: {
    event?: string;
    rcpt?: string;
    msg_id?: string;
    err_code?: string;
    err_msg?: string;
    deliver_time?: string;
  };
}

/** Reads DirectMail events (one CloudEvent or an array): delivery failures, FBL complaints, unsubscribes. */
export function aliyunEvents(payload: unknown): ProviderEvent[] {
  const list = (Array.isArray(payload) ? payload : [payload]) as DirectMailEvent[];
  return list.flatMap((e): ProviderEvent[] => {
    if (!e || typeof e !== 'object' || !e.data) {
      throw new InvalidEventError('aliyun', 'DirectMail event has no data', {
        hint: 'pass the raw request body',
      });
    }
    const type = e.type ?? e.data.event;
    const recipient = addr(e.data.rcpt);
    if (!recipient) return [];
    const at = date(e.time ?? e.data.deliver_time);
    const providerMessageId = e.data.msg_id;
    if (type === 'dm:Deliver:Fail') {
      const message = e.data.err_msg ?? '';
      const code = e.data.err_code ?? '';
      const hard = !code.startsWith('4') && !/^4/.test(enhanced(message) ?? '');
      return [
        {
          type: 'bounce',
          provider: 'aliyun',
          providerMessageId,
          bounce: {
            recipient,
            kind: hard ? 'hard' : 'soft',
            status: enhanced(message) ?? (hard ? '5.0.0' : '4.0.0'),
            diagnostic: message,
            at,
          },
        },
      ];
    }
    if (type === 'dm:Feedback:FblReport') {
      return [{ type: 'complaint', provider: 'aliyun', providerMessageId, complaint: { recipient, at } }];
    }
    if (type === 'dm:Feedback:UnSubscribe')
      return [{ type: 'unsubscribe', provider: 'aliyun', recipient, at, providerMessageId }];
    return [];
  });
}
