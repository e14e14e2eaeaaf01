import { describe, expect, it } from 'vitest';
import { createMailer, type Mailer, type SendOptions } from '../../src/index.js';
import { memory } from '../../src/transports/memory.js';
import type { Transport, TransportCapabilities } from '../../src/types.js';
import { dkimFixture } from '../helpers/dkim.js';

type Untyped = Mailer<Record<never, never>>;
const templates = 'test/fixtures/templates/ok';
const data = { name: 'Ada', url: 'https://a.test' };

const FIELDS_ONLY: TransportCapabilities = {
  attachments: false,
  cc: false,
  bcc: false,
  headers: false,
  rawMime: false,
  dkim: false,
  alternative: 'aliyun-dm://sender:SMTPPASS@',
};

/**
 * A field-based provider that declares what it lacks but, like a careless third party, does not check
 * it itself: the mailer's delivery must refuse before calling send().
 */
function limited(capabilities = FIELDS_ONLY) {
  const inner = memory();
  const transport: Transport & { messages: typeof inner.messages } = {
    name: 'fieldapi',
    capabilities,
    messages: inner.messages,
    send: (message) => inner.send(message),
    toString: () => 'fieldapi://****@',
  };
  return transport;
}

function mailer(transport: Transport, extra: Record<string, unknown> = {}): Untyped {
  return createMailer({
    templates,
    transport,
    from: 'noreply@acme.test',
    retry: false,
    ...extra,
  }) as unknown as Untyped;
}

async function refusal(promise: Promise<unknown>) {
  const error = (await promise.then(
    () => undefined,
    (e: unknown) => e,
  )) as { code: string; message: string; hint?: string } | undefined;
  if (!error) throw new Error('expected the send to be refused');
  return error;
}

describe('transport capabilities', () => {
  it('sends a message that needs nothing undeclared', async () => {
    const t = limited();
    await mailer(t).send('plain-html', data, { to: 'ada@163.com' });
    expect(t.messages).toHaveLength(1);
  });

  it.each([
    ['attachments', { attachments: [{ filename: 'a.txt', content: 'x' }] }, /attachments \(1 file\)/],
    ['cc', { cc: ['b@163.com', 'c@163.com'] }, /cc \(2 addresses\)/],
    ['bcc', { bcc: 'd@163.com' }, /bcc \(1 address\)/],
    ['headers', { headers: { 'X-Campaign': 'w1' } }, /headers \(X-Campaign\)/],
  ] as Array<[string, SendOptions, RegExp]>)(
    'refuses %s with CONFIG before any send, naming the field and the SMTP preset',
    async (_f, options, what) => {
      const t = limited();
      const error = await refusal(mailer(t).send('plain-html', data, { to: 'ada@163.com', ...options }));
      expect(error.code).toBe('CONFIG');
      expect(error.message).toMatch(what);
      expect(error.message).toContain('fieldapi://****@');
      expect(error.hint).toMatch(
        /^send through aliyun-dm:\/\/sender:SMTPPASS@, which carries all of it, or leave/,
      );
      expect(t.messages).toHaveLength(0);
    },
  );

  it('refuses a mailer dkim option on a provider without raw MIME', async () => {
    const { dkim } = dkimFixture();
    // Declaring dkim without rawMime is no help: signing needs the MIME mailsmith builds.
    const t = limited({ ...FIELDS_ONLY, dkim: true });
    const error = await refusal(mailer(t, { dkim }).send('plain-html', data, { to: 'ada@163.com' }));
    expect(error.code).toBe('CONFIG');
    expect(error.message).toMatch(/cannot send dkim/);
    expect(error.hint).toMatch(/remove the mailer's dkim option/);
    expect(error.message + (error.hint ?? '')).not.toContain('PRIVATE KEY');
    expect(t.messages).toHaveLength(0);
  });

  it('lets a transport without a declaration carry everything, DKIM included', async () => {
    const { dkim } = dkimFixture();
    const t = memory();
    await mailer(t, { dkim }).send('plain-html', data, {
      to: 'ada@163.com',
      cc: 'b@163.com',
      bcc: 'c@163.com',
      attachments: [{ filename: 'a.txt', content: 'x' }],
      headers: { 'X-Campaign': 'w1' },
    });
    expect(t.messages).toHaveLength(1);
  });
});
