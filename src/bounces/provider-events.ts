import { ConfigError } from '../errors/ConfigError.js';
import { InvalidEventError } from '../errors/InvalidEventError.js';
import { aliyunEvents } from './events/aliyun.js';
import { resendEvents } from './events/resend.js';
import { sesEvents } from './events/ses.js';
import { tencentEvents } from './events/tencent.js';
import type { EventProvider, ProviderEvent, ProviderEventOptions } from './events/types.js';
import { json } from './events/util.js';
import type { SuppressionStore } from './suppressions.js';
import { verifySvix } from './svix.js';

export type { Complaint, EventProvider, ProviderEvent, ProviderEventOptions } from './events/types.js';

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
      return sesEvents(text, options);
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
      return resendEvents(json('resend', text));
    }
    case 'aliyun':
      checkToken('aliyun', h, options.token);
      return aliyunEvents(json('aliyun', text));
    case 'tencent':
      checkToken('tencent', h, options.token);
      return tencentEvents(json('tencent', text));
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
