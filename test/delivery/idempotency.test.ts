import { afterAll, describe, expect, it } from 'vitest';
import { createIdempotency, memoryIdempotencyStore } from '../../src/delivery/idempotency.js';
import { createMailer, type Mailer, smtp } from '../../src/index.js';
import type { SendResult } from '../../src/types.js';
import { startSmtpServer, TEST_CA } from '../helpers/smtp-server.js';

const result = (id: string): SendResult => ({
  messageId: id,
  accepted: ['a@163.com'],
  rejected: [],
  response: '250 OK',
  envelope: { from: 'x@acme.test', to: ['a@163.com'] },
});

/** A promise and the function that settles it, to hold a send in flight. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

describe('memoryIdempotencyStore', () => {
  it('claims atomically, remembers a result, releases, and forgets after the ttl', async () => {
    let now = 0;
    const store = memoryIdempotencyStore(() => now);
    expect(await store.claim('k', 100)).toEqual({ state: 'claimed' });
    expect(await store.claim('k', 100)).toEqual({ state: 'in-flight' });
    await store.release('k');
    expect(await store.claim('k', 100)).toEqual({ state: 'claimed' });
    await store.complete('k', result('<1@x>'), 1000);
    expect(await store.claim('k', 100)).toEqual({ state: 'done', result: result('<1@x>') });
    await store.release('k'); // a done key is not released
    expect((await store.claim('k', 100)).state).toBe('done');
    now = 1000;
    expect(await store.claim('k', 100)).toEqual({ state: 'claimed' });
    now = 1100; // an in-flight claim expires too: a crashed sender frees the key
    expect(await store.claim('k', 100)).toEqual({ state: 'claimed' });
  });
});

describe('createIdempotency', () => {
  it('sends once for concurrent calls with one key; all get the same result', async () => {
    const once = createIdempotency();
    let sends = 0;
    const g = gate();
    const calls = Array.from({ length: 10 }, () =>
      once('order-1', async () => {
        sends++;
        await g.opened;
        return result(`<${sends}@x>`);
      }),
    );
    g.open();
    const results = await Promise.all(calls);
    expect(sends).toBe(1);
    expect(new Set(results.map((r) => r.messageId))).toEqual(new Set(['<1@x>']));
  });

  it('releases the key after a failure, so a retry sends', async () => {
    const once = createIdempotency();
    await expect(
      once('k', async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    await expect(once('k', async () => result('<2@x>'))).resolves.toMatchObject({ messageId: '<2@x>' });
    // …and a repeat after success returns the first result without sending.
    await expect(once('k', async () => result('<3@x>'))).resolves.toMatchObject({ messageId: '<2@x>' });
  });

  it('fails retryable with IDEMPOTENCY_IN_FLIGHT for another process sharing the store', async () => {
    const store = memoryIdempotencyStore();
    const processA = createIdempotency({ store });
    const processB = createIdempotency({ store });
    const g = gate();
    const a = processA('k', async () => {
      await g.opened;
      return result('<a@x>');
    });
    await new Promise((r) => setImmediate(r));
    let bSent = false;
    await expect(
      processB('k', async () => {
        bSent = true;
        return result('<b@x>');
      }),
    ).rejects.toMatchObject({ code: 'IDEMPOTENCY_IN_FLIGHT', retryable: true });
    g.open();
    await a;
    await expect(processB('k', async () => result('<b@x>'))).resolves.toMatchObject({ messageId: '<a@x>' });
    expect(bSent).toBe(false);
  });
});

describe('idempotent sends through the mailer (real TLS server)', () => {
  const auth = { user: 'idem@acme.test', pass: 'idem-pass-1' };
  const open: Array<{ close(): Promise<void> }> = [];
  afterAll(async () => {
    for (const o of open.reverse()) await o.close();
  });

  it('two concurrent sends and a later repeat with one key deliver one message with one Message-ID', async () => {
    const server = await startSmtpServer({ secure: true, auth });
    const transport = smtp({
      host: server.host,
      port: server.port,
      secure: true,
      ...auth,
      tls: { ca: TEST_CA },
    });
    const mailer = createMailer({
      templates: 'test/fixtures/templates/ok',
      transport,
      from: auth.user,
    }) as unknown as Mailer<Record<never, never>>;
    open.push(server, mailer);
    const data = { name: 'Ada', url: 'https://a.test' };
    const options = { to: 'ada@163.com', idempotencyKey: 'receipt-42' };
    const [a, b] = await Promise.all([
      mailer.send('plain-html', data, options),
      mailer.send('plain-html', data, options),
    ]);
    const c = await mailer.send('plain-html', data, options);
    expect(server.messages).toHaveLength(1);
    expect(b).toEqual(a);
    expect(c).toEqual(a);
    expect(server.messages[0]?.raw.toString()).toContain(`Message-ID: ${a.messageId}`);
    // Another key sends.
    await mailer.send('plain-html', data, { ...options, idempotencyKey: 'receipt-43' });
    expect(server.messages).toHaveLength(2);
  });
});
