import { describe, expect, it } from 'vitest';
import { unsubscribeUrl, verifyUnsubscribe } from '../../src/index.js';

const secret = 'a-test-secret-of-32-characters!!';
const base = 'https://acme.test/unsubscribe';

describe('unsubscribe tokens', () => {
  it('round-trips the recipient, template and expiry through a signed URL', () => {
    const now = () => 1_700_000_000_000;
    const url = unsubscribeUrl('ada@163.com', { secret, base, template: 'digest', ttlMs: 60_000, now });
    expect(url.startsWith(`${base}?token=`)).toBe(true);
    expect(verifyUnsubscribe(url, secret, { now })).toEqual({
      to: 'ada@163.com',
      template: 'digest',
      expiresAt: 1_700_000_060_000,
    });
    // The bare token works too, as a handler may receive only the query parameter.
    const token = new URL(url).searchParams.get('token') ?? '';
    expect(verifyUnsubscribe(token, secret, { now })?.to).toBe('ada@163.com');
  });

  it('returns null for a tampered payload, a tampered signature, another secret or garbage', () => {
    const url = new URL(unsubscribeUrl('ada@163.com', { secret, base }));
    const [payload, mac] = (url.searchParams.get('token') ?? '').split('.');
    const forged = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), t: 'eve@163.com' }),
    ).toString('base64url');
    expect(verifyUnsubscribe(`${forged}.${mac}`, secret)).toBeNull();
    const flipped = `${mac!.slice(0, -1)}${mac!.endsWith('A') ? 'B' : 'A'}`;
    expect(verifyUnsubscribe(`${payload}.${flipped}`, secret)).toBeNull();
    expect(verifyUnsubscribe(url.toString(), 'another-secret-of-32-characters!')).toBeNull();
    expect(verifyUnsubscribe('not-a-token', secret)).toBeNull();
    expect(verifyUnsubscribe(`${base}?token=`, secret)).toBeNull();
  });

  it('returns null once expired', () => {
    let t = 1_000;
    const url = unsubscribeUrl('ada@163.com', { secret, base, ttlMs: 500, now: () => t });
    t = 1_500;
    expect(verifyUnsubscribe(url, secret, { now: () => t })).not.toBeNull();
    t = 1_501;
    expect(verifyUnsubscribe(url, secret, { now: () => t })).toBeNull();
  });

  it('refuses a short secret or a relative base with CONFIG, without echoing the secret', () => {
    expect(() => unsubscribeUrl('ada@163.com', { secret: 'short-s3cret', base })).toThrow(
      expect.objectContaining({ code: 'CONFIG' }),
    );
    try {
      unsubscribeUrl('ada@163.com', { secret: 'short-s3cret', base });
    } catch (error) {
      expect(String(error)).not.toContain('short-s3cret');
    }
    expect(() => unsubscribeUrl('ada@163.com', { secret, base: '/unsubscribe' })).toThrow(
      expect.objectContaining({ code: 'CONFIG', hint: expect.stringContaining('https://') }),
    );
  });
});
