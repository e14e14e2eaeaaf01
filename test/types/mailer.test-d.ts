/**
 * Type tests of the real mailer API against the shipped templates' generated registry
 * (mailsmith-env.d.ts), with and without schemas. Compiled by `tsc --noEmit`, never run.
 */
import * as v from 'valibot';
import { expectTypeOf } from 'vitest';
import { z } from 'zod';
import {
  type ComposedMessage,
  createMailer,
  type Rendered,
  type SendManyResult,
  type SendResult,
} from '../../src/index.js';

type None = Record<never, never>;
declare const mailer: ReturnType<typeof createMailer<None>>;
const welcome = { name: 'Ada', items: [{ title: 'Complete your profile' }] };

expectTypeOf(mailer.send('welcome', welcome, { to: 'ada@163.com' })).toEqualTypeOf<Promise<SendResult>>();
expectTypeOf(mailer.render('receipt', {} as Parameters<typeof mailer.render<'receipt'>>[1])).toEqualTypeOf<
  Promise<Rendered>
>();
mailer.to('ada@163.com').send('welcome', welcome);
// @ts-expect-error wrong name
mailer.send('welcom', welcome, { to: 'ada@163.com' });
// @ts-expect-error missing field
mailer.send('welcome', { items: [] }, { to: 'ada@163.com' });
// @ts-expect-error wrong field type
mailer.send('welcome', { ...welcome, name: 1 }, { to: 'ada@163.com' });
// @ts-expect-error wrong name through to()
mailer.to('ada@163.com').send('welcom', welcome);
// Locales are the shipped catalogs (templates/_locales), through LocaleRegistry in mailsmith-env.d.ts.
mailer.send('welcome', welcome, { to: 'ada@163.com', locale: 'zh-CN' });
mailer.render('welcome', welcome, { locale: 'en' });
// @ts-expect-error no fr catalog
mailer.send('welcome', welcome, { to: 'ada@163.com', locale: 'fr' });
// @ts-expect-error no zh catalog: a language alone is not a catalog's locale
mailer.render('welcome', welcome, { locale: 'zh' });
// @ts-expect-error the mailer's default locale too
createMailer({ locale: 'ja' });
// @ts-expect-error wrong field type through render()
mailer.render('password-reset', { name: 'Ada', resetUrl: 'https://x.example', expiresInMinutes: { m: 30 } });

// A schema wins over inference, for send, to().send and render.
const schemas = {
  welcome: z.object({ name: z.string(), plan: z.enum(['free', 'pro']) }),
  'verify-email': v.object({ email: v.pipe(v.string(), v.email()), code: v.string() }),
};
declare const typed: ReturnType<typeof createMailer<typeof schemas>>;
typed.send('welcome', { name: 'Ada', plan: 'pro' }, { to: 'ada@163.com' });
typed.to('ada@163.com').send('verify-email', { email: 'ada@163.com', code: '123456' });
typed.render('welcome', { name: 'Ada', plan: 'free' });
// @ts-expect-error zod: plan must be one of the enum
typed.send('welcome', { name: 'Ada', plan: 'gold' }, { to: 'ada@163.com' });
// @ts-expect-error valibot: code is required by the schema
typed.to('ada@163.com').send('verify-email', { email: 'ada@163.com' });
// @ts-expect-error templates without schema keep their inferred types
typed.render('receipt', { name: 'Ada' });

// Inferring the schemas from the options object, as users write it.
const inferred = createMailer({ transport: 'memory://', schemas: { welcome: schemas.welcome } });
inferred.send('welcome', { name: 'Ada', plan: 'free' }, { to: 'ada@163.com' });
// @ts-expect-error schema-typed
inferred.send('welcome', welcome, { to: 'ada@163.com' });

// compose / deliver / sendMany are typed from the registry like send.
expectTypeOf(mailer.compose('welcome', welcome, { to: 'ada@163.com' })).toEqualTypeOf<
  Promise<ComposedMessage>
>();
// @ts-expect-error wrong field type through compose()
mailer.compose('welcome', { ...welcome, name: 1 }, { to: 'ada@163.com' });
declare const composed: ComposedMessage;
expectTypeOf(mailer.deliver(composed)).toEqualTypeOf<Promise<SendResult>>();
expectTypeOf(mailer.sendMany([{ template: 'welcome', data: welcome, to: 'ada@163.com' }])).toEqualTypeOf<
  Promise<SendManyResult[]>
>();
// @ts-expect-error sendMany: the data must fit the item's template
mailer.sendMany([{ template: 'welcome', data: { items: [] }, to: 'ada@163.com' }]);
typed.sendMany([
  { template: 'welcome', data: { name: 'Ada', plan: 'pro' }, to: 'a@163.com' },
  {
    template: 'verify-email',
    data: { email: 'a@163.com', code: '1' },
    to: 'a@163.com',
    idempotencyKey: 'v-1',
  },
]);
// @ts-expect-error sendMany: zod enum per item
typed.sendMany([{ template: 'welcome', data: { name: 'Ada', plan: 'gold' }, to: 'a@163.com' }]);
