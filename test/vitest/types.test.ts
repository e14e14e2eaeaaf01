import 'mailsmith/vitest';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { SentMessage, TestMailer } from '../../src/testing/index.js';
import type { MessageOf } from '../../src/vitest/index.js';
import { type Fixtures, fixtureMailer } from '../testing/fixtures.js';

// These tests are checked by `tsc --noEmit` (the @ts-expect-error lines fail the typecheck if they stop
// being errors); running them also exercises the matchers on a typed mailer.
describe('matcher types', () => {
  it('take template names and data from the mailer’s registry', async () => {
    const mailer = fixtureMailer();
    await mailer.send('welcome', { name: 'Ada', verifyUrl: 'https://acme.example/v' }, { to: 'ada@163.com' });

    expectTypeOf<MessageOf<TestMailer<Fixtures>>['template']>().toEqualTypeOf<keyof Fixtures>();
    expect(mailer).toHaveSent('welcome', {
      to: 'ada@163.com',
      data: { name: 'Ada', verifyUrl: 'https://acme.example/v' },
    });
    expect(mailer).toHaveSent('welcome', { data: expect.objectContaining({ name: 'Ada' }) });
    expect(mailer).toHaveSent('welcome', (m) => m.data.name === 'Ada');
    expect(mailer).toHaveSentTimes('invoice', 0);

    // @ts-expect-error: not a template of this mailer
    expect(() => expect(mailer).toHaveSent('welcom')).toThrowError('expected "welcom" to be sent');
    // @ts-expect-error: welcome's data has no `email`
    expect(() => expect(mailer).toHaveSent('welcome', { data: { email: 'x' } })).toThrowError();
    // @ts-expect-error: subject is a string or RegExp
    expect(() => expect(mailer).toHaveSent('welcome', { subject: 1 })).toThrowError();
  });

  it('narrow records by template', async () => {
    const mailer = fixtureMailer();
    await mailer.send('invoice', { number: 'A-1', amount: '¥1' }, { to: 'ada@163.com' });
    const invoice = mailer.outbox.of('invoice').last();
    expectTypeOf(invoice?.data).toEqualTypeOf<{ number: string; amount: string } | undefined>();
    const any = mailer.outbox.last();
    if (any?.template === 'welcome')
      expectTypeOf(any.data).toEqualTypeOf<{ name: string; verifyUrl: string }>();
    expect(invoice?.data.number).toBe('A-1');
  });

  it('accept any name on untyped values (arrays, transports)', () => {
    const records: SentMessage[] = [];
    expectTypeOf<MessageOf<typeof records>['template']>().toEqualTypeOf<string>();
    expect(records).not.toHaveSent('anything', { data: { whatever: 1 } });
    expect(records).toHaveSentTimes('anything', 0);
  });
});
