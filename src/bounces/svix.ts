import { createHmac, timingSafeEqual } from 'node:crypto';
import { InvalidEventError } from '../errors/InvalidEventError.js';

/**
 * Verifies a Svix-signed webhook (Resend's): `svix-signature` holds one or more `v1,<base64>` HMAC-SHA256
 * signatures of `${svix-id}.${svix-timestamp}.${body}` with the base64 secret after `whsec_`, and the
 * timestamp must be within `toleranceSeconds` of now (replays are refused).
 *
 * @throws InvalidEventError when a header is missing, the timestamp is stale or no signature matches
 */
export function verifySvix(
  provider: string,
  body: string,
  headers: Record<string, string | undefined>,
  options: { secret: string; toleranceSeconds?: number; now?: Date },
): void {
  const fail = (message: string, hint?: string) => new InvalidEventError(provider, message, { hint });
  const id = headers['svix-id'] ?? headers['webhook-id'];
  const timestamp = headers['svix-timestamp'] ?? headers['webhook-timestamp'];
  const signatures = headers['svix-signature'] ?? headers['webhook-signature'];
  if (!id || !timestamp || !signatures) {
    throw fail(
      'Webhook has no svix-id, svix-timestamp and svix-signature headers',
      'pass the request headers as received',
    );
  }
  const seconds = Number(timestamp);
  const now = (options.now ?? new Date()).getTime() / 1000;
  if (!Number.isFinite(seconds) || Math.abs(now - seconds) > (options.toleranceSeconds ?? 300)) {
    throw fail(
      'Webhook timestamp is too old or in the future',
      'a replayed or delayed request; check the server clock',
    );
  }
  const key = Buffer.from(options.secret.replace(/^whsec_/, ''), 'base64');
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest();
  const match = signatures.split(' ').some((entry) => {
    const [version, value] = entry.split(',');
    if (version !== 'v1' || !value) return false;
    const given = Buffer.from(value, 'base64');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  if (!match) {
    throw fail(
      'Webhook signature does not verify',
      'check the signing secret (whsec_…) of this endpoint; answer 400',
    );
  }
}
