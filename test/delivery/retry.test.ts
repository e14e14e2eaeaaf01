import { describe, expect, it } from 'vitest';
import { retryDelay, retryPolicy, shouldRetry, withRetry } from '../../src/delivery/retry.js';
import { ConfigError } from '../../src/errors/ConfigError.js';
import { TransportError } from '../../src/errors/TransportError.js';

const temp = () => new TransportError('CONNECTION', 'reset', { retryable: true });
const policy = retryPolicy({ attempts: 4, minDelayMs: 100, maxDelayMs: 1000 })!;

describe('retryPolicy', () => {
  it('is on by default with 3 attempts, off with false', () => {
    expect(retryPolicy(undefined)).toMatchObject({ attempts: 3, minDelayMs: 1000, maxDelayMs: 30_000 });
    expect(retryPolicy(false)).toBeUndefined();
    expect(retryPolicy({ attempts: 0 })?.attempts).toBe(1);
  });
});

describe('retryDelay', () => {
  it('doubles per retry within [base/2, base], capped at maxDelayMs', () => {
    expect(retryDelay(1, temp(), policy, () => 0)).toBe(50);
    expect(retryDelay(1, temp(), policy, () => 1)).toBe(100);
    expect(retryDelay(3, temp(), policy, () => 1)).toBe(400);
    expect(retryDelay(10, temp(), policy, () => 1)).toBe(1000);
    expect(retryDelay(10, temp(), policy, () => 0)).toBe(500);
  });

  it('waits longer after RATE_LIMITED', () => {
    const limited = new TransportError('RATE_LIMITED', '550 frequency limited', { retryable: true });
    expect(retryDelay(1, limited, policy, () => 1)).toBe(500);
    expect(retryDelay(1, limited, policy, () => 1)).toBeGreaterThan(retryDelay(1, temp(), policy, () => 1));
  });
});

describe('shouldRetry', () => {
  it('retries retryable MailerErrors only; DELIVERY_UNKNOWN only when opted in', () => {
    const unknown = new TransportError('DELIVERY_UNKNOWN', 'lost after DATA', { retryable: false });
    expect(shouldRetry(temp(), policy)).toBe(true);
    expect(shouldRetry(new TransportError('AUTH_FAILED', '535', { retryable: false }), policy)).toBe(false);
    expect(shouldRetry(new ConfigError('bad'), policy)).toBe(false);
    expect(shouldRetry(new Error('plain'), policy)).toBe(false);
    expect(shouldRetry(unknown, policy)).toBe(false);
    expect(shouldRetry(unknown, retryPolicy({ retryDeliveryUnknown: true })!)).toBe(true);
  });
});

describe('withRetry', () => {
  it('retries until success, reporting each retry and waiting the backoff', async () => {
    const waits: number[] = [];
    const seen: number[] = [];
    let calls = 0;
    const result = await withRetry(
      async (n) => {
        calls = n;
        if (n < 3) throw temp();
        return 'ok';
      },
      policy,
      { onRetry: (_e, next) => seen.push(next), sleep: async (ms) => void waits.push(ms) },
    );
    expect(result).toBe('ok');
    expect(calls).toBe(3);
    expect(seen).toEqual([2, 3]);
    expect(waits).toHaveLength(2);
    expect(waits[1]).toBeGreaterThanOrEqual(100);
  });

  it('throws a permanent error at once and the last error after the final attempt', async () => {
    let calls = 0;
    const sleep = async () => {};
    await expect(
      withRetry(
        async () => {
          calls++;
          throw new TransportError('RECIPIENT_REJECTED', '550', { retryable: false });
        },
        policy,
        { sleep },
      ),
    ).rejects.toMatchObject({ code: 'RECIPIENT_REJECTED' });
    expect(calls).toBe(1);
    calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          throw temp();
        },
        policy,
        { sleep },
      ),
    ).rejects.toMatchObject({ code: 'CONNECTION' });
    expect(calls).toBe(4);
  });
});
