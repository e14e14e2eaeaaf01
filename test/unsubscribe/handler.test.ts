import { describe, expect, it } from 'vitest';
import { unsubscribeHandler, unsubscribeUrl } from '../../src/index.js';

const secret = 'a-test-secret-of-32-characters!!';

function sink() {
  const entries: { address: string; reason: string; scope?: string; detail?: string }[] = [];
  return { entries, add: async (entry: (typeof entries)[number]) => entries.push(entry) };
}

describe('unsubscribeHandler (Request → Response)', () => {
  const url = unsubscribeUrl('ada@163.com', { secret, base: 'https://acme.test/u', template: 'digest' });

  it('records a one-click POST (RFC 8058) as an unsubscribe entry scoped to the template', async () => {
    const suppressions = sink();
    const seen: string[] = [];
    const handle = unsubscribeHandler({ secret, suppressions, onUnsubscribe: (c) => void seen.push(c.to) });
    const response = await handle(
      new Request(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'List-Unsubscribe=One-Click',
      }),
    );
    expect(response.status).toBe(200);
    expect(suppressions.entries).toEqual([
      { address: 'ada@163.com', reason: 'unsubscribe', scope: 'digest', detail: 'one-click (RFC 8058)' },
    ]);
    expect(seen).toEqual(['ada@163.com']);
  });

  it('a GET (a link scanner, or the user clicking) only shows a confirm form', async () => {
    const suppressions = sink();
    const response = await unsubscribeHandler({ secret, suppressions })(new Request(url));
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<form method="post">');
    expect(html).toContain('ada@163.com');
    expect(suppressions.entries).toEqual([]);
  });

  it('answers 400 to a tampered token and records nothing', async () => {
    const suppressions = sink();
    const tampered = url.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    const response = await unsubscribeHandler({ secret, suppressions })(
      new Request(tampered, { method: 'POST', body: 'List-Unsubscribe=One-Click' }),
    );
    expect(response.status).toBe(400);
    expect(suppressions.entries).toEqual([]);
  });
});
