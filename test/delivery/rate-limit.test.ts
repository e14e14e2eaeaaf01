import { afterEach, describe, expect, it, vi } from 'vitest';
import { createRateLimiter } from '../../src/delivery/rate-limit.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('createRateLimiter', () => {
  it('lets `messages` start per window and the rest wait their turn, in order', async () => {
    vi.useFakeTimers();
    const limiter = createRateLimiter({ messages: 2, perMs: 1000 });
    const started: number[] = [];
    const all = Array.from({ length: 5 }, (_, i) => limiter.acquire().then(() => started.push(i)));
    await vi.advanceTimersByTimeAsync(0);
    expect(started).toEqual([0, 1]);
    await vi.advanceTimersByTimeAsync(999);
    expect(started).toEqual([0, 1]);
    await vi.advanceTimersByTimeAsync(1);
    expect(started).toEqual([0, 1, 2, 3]);
    await vi.advanceTimersByTimeAsync(1000);
    await Promise.all(all);
    expect(started).toEqual([0, 1, 2, 3, 4]);
  });

  it('refuses a limit that is not two positive numbers with CONFIG', () => {
    for (const bad of [
      { messages: 0, perMs: 1000 },
      { messages: 1, perMs: -1 },
      { messages: 1.5, perMs: 10 },
      null,
    ]) {
      expect(() => createRateLimiter(bad as never)).toThrow(expect.objectContaining({ code: 'CONFIG' }));
    }
  });
});
