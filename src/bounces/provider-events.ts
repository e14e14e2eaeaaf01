import { ConfigError } from '../errors/ConfigError.js';
import { InvalidEventError } from '../errors/InvalidEventError.js';
import { type CertificateLoader, type SnsMessage, verifySns } from './sns.js';
import type { SuppressionStore } from './suppressions.js';
import { verifySvix } from './svix.js';
import type { Bounce } from './types.js';

/** The providers whose event feeds mailsmith reads. */
export type EventProvider = 'ses' | 'resend' | 'aliyun' | 'tencent';

/** A recipient marked the message as spam (a feedback loop report). */
export interface Complaint {
  recipient: string;
  /** The feedback type when the provider passes it on, e.g. `abuse`. */
  feedbackType?: string;
  messageId?: string;
  template?: string;
  at: Date;
}

/** What a provider event means for the suppression list; deliveries, opens and clicks yield nothing. */
export type ProviderEvent =
  | { type: 'bounce'; provider: EventProvider; bounce: Bounce; providerMessageId?: string }
  | { type: 'complaint'; provider: EventProvider; complaint: Complaint; providerMessageId?: string }
  | { type: 'unsubscribe'; provider: EventProvider; recipient: string; at: Date; providerMessageId?: string }
  /** SNS asks to confirm the subscription: visit `subscribeUrl` once (mailsmith does not fetch it). */
  | { type: 'subscription'; provider: 'ses'; subscribeUrl: string; topicArn: string };

export interface ProviderEventOptions {
  /** Resend: the endpoint's signing secret (`whsec_…`). Required for `resend`. */
  secret?: string;
  /** Resend: how old a timestamp may be. @default 300 */
  toleranceSeconds?: number;
  /** SES/SNS: loads the PEM at the (checked) SigningCertURL. @default fetch, cached per URL */
  certificate?: CertificateLoader;
  /** SES/SNS: accept only these topics. */
  topicArns?: readonly string[];
  /**
   * DirectMail and Tencent callbacks carry no signature: set a token and configure the callback URL to
   * send it as `Authorization: Bearer <token>` or `X-Mailsmith-Token`; then events without it are refused.
   */
  token?: string;
  /** The clock, for tests. */
  now?: Date;
}

type HeaderInput = Headers | Record<string, string | string[] | undefined>;

/**
 * Turns a provider's bounce/complaint notification into the same events `mailsmith/bounces` reads from
 * mailboxes: SES notifications through SNS (signature verified against an `sns.<region>.amazonaws.com`
 * certificate), Resend webhooks (Svix signature verified with the endpoint secret), DirectMail events
 * (EventBridge/HTTP callback) and Tencent Cloud SES callbacks. Pass the **raw** body as received.
 * Feed the result to {@link applyProviderEvents} to update the suppression list.
 *
 * @example
 * app.post('/webhooks/resend', async (req, res) => {
 *   const events = await parseProviderEvent('resend', req.rawBody, req.headers, { secret: process.env.RESEND_WEBHOOK_SECRET });
 *   await applyProviderEvents(suppressions, events);
 *   res.sendStatus(204);
 * });
 * @throws InvalidEventError (`INVALID_EVENT`) for a signature that fails or a body that is not the provider's
 */
export async function parseProviderEvent(
  provider: EventProvider,
  body: string | Buffer,
  headers: HeaderInput = {},
  options: ProviderEventOptions = {},
): Promise<ProviderEvent[]> {
  if (typeof body !== 'string' && !Buffer.isBuffer(body)) {
    throw new ConfigError(
      `parseProviderEvent() needs the raw request body (string or Buffer), got ${typeof body}`,
      {
        hint: 'signatures cover the exact bytes: read the body raw (express.raw(), request.text()) before parsing',
      },
    );
  }
  const text = Buffer.isBuffer(body) ? body.toString('utf8') : body;
  const h = lower(headers);
  switch (provider) {
    case 'ses':
      return ses(text, options);
    case 'resend': {
      if (!options.secret) {
        throw new ConfigError('parseProviderEvent("resend") needs { secret }: the webhook signing secret', {
          hint: 'copy it (whsec_…) from resend.com/webhooks → your endpoint',
        });
      }
      verifySvix('resend', text, h, {
        secret: options.secret,
        toleranceSeconds: options.toleranceSeconds,
        now: options.now,
      });
      return resend(json('resend', text));
    }
    case 'aliyun':
      checkToken('aliyun', h, options.token);
      return aliyun(json('aliyun', text));
    case 'tencent':
      checkToken('tencent', h, options.token);
      return tencent(json('tencent', text));
    default:
      throw new ConfigError(`parseProviderEvent(): unknown provider ${JSON.stringify(provider)}`, {
        hint: 'use ses, resend, aliyun or tencent',
      });
  }
}

/**
 * Records events in a suppression store, as the mailbox reader does: a hard bounce suppresses the
 * address (`bounce`), a complaint (`complaint`) and an unsubscribe (`unsubscribe`) too. Soft bounces are
 * left alone: the provider retries them itself. Returns the entries added.
 */
export async function applyProviderEvents(store: SuppressionStore, events: readonly ProviderEvent[]) {
  const added = [];
  for (const e of events) {
    if (e.type === 'bounce' && e.bounce.kind === 'hard') {
      const detail = `${e.provider}: ${e.bounce.status} ${e.bounce.diagnostic}`.trim();
      added.push(await store.add({ address: e.bounce.recipient, reason: 'bounce', at: e.bounce.at, detail }));
    } else if (e.type === 'complaint') {
      const detail = `${e.provider}: complaint${e.complaint.feedbackType ? ` (${e.complaint.feedbackType})` : ''}`;
      added.push(
        await store.add({ address: e.complaint.recipient, reason: 'complaint', at: e.complaint.at, detail }),
      );
    } else if (e.type === 'unsubscribe') {
      added.push(
        await store.add({
          address: e.recipient,
          reason: 'unsubscribe',
          at: e.at,
          detail: `${e.provider}: unsubscribe`,
        }),
      );
    }
  }
  return added;
}

function lower(headers: HeaderInput): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  const entries = headers instanceof Headers ? [...headers.entries()] : Object.entries(headers);
  for (const [k, v] of entries) out[k.toLowerCase()] = Array.isArray(v) ? v[0] : v;
  return out;
}

function json(provider: EventProvider, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new InvalidEventError(provider, `${provider} event body is not JSON`, {
      hint: 'pass the raw request body',
    });
  }
}

function checkToken(
  provider: EventProvider,
  h: Record<string, string | undefined>,
  token: string | undefined,
) {
  if (token === undefined) return;
  const given = h['x-mailsmith-token'] ?? h.authorization?.replace(/^Bearer\s+/i, '');
  if (given !== token) {
    throw new InvalidEventError(provider, `${provider} callback has no valid token`, {
      hint: 'the callback URL must send Authorization: Bearer <token> or X-Mailsmith-Token',
    });
  }
}

const date = (value: unknown, fallback = new Date()) => {
  const d =
    typeof value === 'number' ? new Date(value < 1e12 ? value * 1000 : value) : new Date(String(value ?? ''));
  return Number.isNaN(d.getTime()) ? fallback : d;
};
const addr = (value: unknown) =>
  String(value ?? '')
    .trim()
    .replace(/^.*<([^>]+)>.*$/, '$1')
    .toLowerCase();
const enhanced = (text: string) => /\b([245]\.\d{1,3}\.\d{1,3})\b/.exec(text)?.[1];

// ——— Amazon SES via SNS ———

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

async function ses(text: string, options: ProviderEventOptions): Promise<ProviderEvent[]> {
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

// ——— Resend ———

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

function resend(payload: unknown): ProviderEvent[] {
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

// ——— Aliyun DirectMail (EventBridge / HTTP callback, CloudEvents) ———

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

function aliyun(payload: unknown): ProviderEvent[] {
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

// ——— Tencent Cloud SES callback ———

interface TencentEvent {
  event?: string;
  email?: string;
  bulkId?: string;
  timestamp?: number;
  reason?: string;
  bounceType?: string;
  messageId?: string;
}

function tencent(payload: unknown): ProviderEvent[] {
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
