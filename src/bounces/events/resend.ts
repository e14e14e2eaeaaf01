import { InvalidEventError } from '../../errors/InvalidEventError.js';
import type { ProviderEvent } from './types.js';
import { addr, date, enhanced } from './util.js';

// Resend

interface ResendWebhook {
  type?: string;
  created_at?: string;
  data?: {
    email_id?: string;
    to?: string[] | string;
    created_at?: string;
    headers?: Array<{ name: string; value: string }>;
    bounce?: { type?: string; subType?: string; message?: string };
  };
}

/** Reads a Resend webhook (already Svix-verified): `email.bounced` and `email.complained`. */
export function resendEvents(payload: unknown): ProviderEvent[] {
  const w = payload as ResendWebhook;
  if (!w || typeof w !== 'object' || typeof w.type !== 'string' || !w.data) {
    throw new InvalidEventError('resend', 'Resend webhook has no type and data', {
      hint: 'pass the raw request body',
    });
  }
  const to = (Array.isArray(w.data.to) ? w.data.to : [w.data.to]).filter(Boolean).map(addr);
  const at = date(w.created_at ?? w.data.created_at);
  const providerMessageId = w.data.email_id;
  const template = w.data.headers?.find((x) => x.name.toLowerCase() === 'x-mailsmith-template')?.value;
  if (w.type === 'email.bounced') {
    // Resend reports SES-style bounce types; without one, a bounce is the permanent kind.
    const hard = (w.data.bounce?.type ?? 'Permanent') === 'Permanent';
    const message = w.data.bounce?.message ?? '';
    return to.map((recipient) => ({
      type: 'bounce' as const,
      provider: 'resend' as const,
      providerMessageId,
      bounce: {
        recipient,
        kind: hard ? ('hard' as const) : ('soft' as const),
        status: enhanced(message) ?? (hard ? '5.0.0' : '4.0.0'),
        diagnostic: message,
        ...(template ? { template } : {}),
        at,
      },
    }));
  }
  if (w.type === 'email.complained') {
    return to.map((recipient) => ({
      type: 'complaint' as const,
      provider: 'resend' as const,
      providerMessageId,
      complaint: { recipient, ...(template ? { template } : {}), at },
    }));
  }
  return [];
}
