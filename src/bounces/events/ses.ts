import { type SnsMessage, verifySns } from '../sns.js';
import type { ProviderEvent, ProviderEventOptions } from './types.js';
import { addr, date, enhanced, json } from './util.js';

// Amazon SES via SNS

interface SesNotification {
  notificationType?: string;
  eventType?: string;
  mail?: {
    messageId?: string;
    headers?: Array<{ name: string; value: string }>;
    commonHeaders?: { messageId?: string };
  };
  bounce?: {
    bounceType?: string;
    bouncedRecipients?: Array<{ emailAddress: string; status?: string; diagnosticCode?: string }>;
    timestamp?: string;
  };
  complaint?: {
    complainedRecipients?: Array<{ emailAddress: string }>;
    complaintFeedbackType?: string;
    timestamp?: string;
  };
}

/** Reads an SNS delivery of an SES bounce/complaint notification (or event), after verifying its signature. */
export async function sesEvents(text: string, options: ProviderEventOptions): Promise<ProviderEvent[]> {
  const sns = json('ses', text) as SnsMessage;
  await verifySns(sns, options);
  if (sns.Type === 'SubscriptionConfirmation') {
    return [
      { type: 'subscription', provider: 'ses', subscribeUrl: sns.SubscribeURL ?? '', topicArn: sns.TopicArn },
    ];
  }
  if (sns.Type !== 'Notification') return [];
  const n = json('ses', sns.Message) as SesNotification;
  const kind = n.notificationType ?? n.eventType;
  const header = (name: string) => n.mail?.headers?.find((x) => x.name.toLowerCase() === name)?.value;
  const messageId = n.mail?.commonHeaders?.messageId ?? header('message-id');
  const template = header('x-mailsmith-template');
  const providerMessageId = n.mail?.messageId;
  if (kind === 'Bounce' && n.bounce) {
    const hard = n.bounce.bounceType === 'Permanent';
    const at = date(n.bounce.timestamp);
    return (n.bounce.bouncedRecipients ?? []).map((r) => ({
      type: 'bounce' as const,
      provider: 'ses' as const,
      providerMessageId,
      bounce: {
        recipient: addr(r.emailAddress),
        kind: hard ? ('hard' as const) : ('soft' as const),
        status: r.status ?? enhanced(r.diagnosticCode ?? '') ?? (hard ? '5.0.0' : '4.0.0'),
        diagnostic: r.diagnosticCode ?? `${n.bounce?.bounceType ?? ''} bounce`.trim(),
        ...(messageId ? { messageId } : {}),
        ...(template ? { template } : {}),
        at,
      },
    }));
  }
  if (kind === 'Complaint' && n.complaint) {
    const at = date(n.complaint.timestamp);
    return (n.complaint.complainedRecipients ?? []).map((r) => ({
      type: 'complaint' as const,
      provider: 'ses' as const,
      providerMessageId,
      complaint: {
        recipient: addr(r.emailAddress),
        ...(n.complaint?.complaintFeedbackType ? { feedbackType: n.complaint.complaintFeedbackType } : {}),
        ...(messageId ? { messageId } : {}),
        ...(template ? { template } : {}),
        at,
      },
    }));
  }
  return [];
}
