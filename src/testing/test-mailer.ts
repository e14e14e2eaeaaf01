import { createMailer, type Mailer, type MailerOptions, type RegistryWith } from '../mailer.js';
import type { Transport } from '../types.js';
import type { TemplateSchemas } from '../validate/index.js';
import { type FailOption, type FakeTransport, fakeTransport } from './fake-transport.js';
import { Outbox, type SentMessageOf } from './outbox.js';

export interface TestMailerOptions<S extends TemplateSchemas = TemplateSchemas>
  extends Omit<MailerOptions<S>, 'transport'> {
  /** The recording transport. @default fakeTransport({ fail }) */
  transport?: FakeTransport;
  /** Failures to inject (see {@link FailRule}); ignored when `transport` is given. */
  fail?: FailOption;
}

/** A mailer whose sends are recorded, not delivered. Everything else is the production mailer. */
export interface TestMailer<R> extends Mailer<R> {
  /**
   * Messages sent, oldest first (`last()`, `for(address)`, `of(template)`, `clear()`). After
   * `useTransport(fakeTransport(…))` it is that transport's outbox.
   */
  readonly outbox: Outbox<SentMessageOf<R>>;
  /** The fake transport the mailer was created with: `failWith(…)`, `attempts`. */
  readonly fake: FakeTransport;
}

/** True for transports made by {@link fakeTransport}. */
export function isFakeTransport(transport: unknown): transport is FakeTransport {
  return (transport as Partial<FakeTransport> | undefined)?.outbox instanceof Outbox;
}

/**
 * A mailer for tests: the production pipeline (template compile, data validation, address checks,
 * rendering) with a recording fake transport instead of delivery. Sender defaults to
 * `test@mailsmith.test` when neither `from` nor `MAILSMITH_FROM` is set.
 *
 * Apps that build their mailer in a module can use it three ways:
 * - **Dependency injection** (simplest): functions take the mailer, tests pass `createTestMailer()`.
 * - **`vi.mock` of the module**: replace the module's export with a test mailer.
 * - **`mailer.useTransport(t)`** on the app's own mailer, restoring after the test.
 *
 * @example
 * // dependency injection: signup(mailer, email)
 * const mailer = createTestMailer({ templates: './templates' });
 * await signup(mailer, 'ada@163.com');
 * expect(mailer).toHaveSent('welcome', { to: 'ada@163.com' }); // with `import 'mailsmith/vitest'`
 * mailer.outbox.last()?.link('/verify');
 *
 * @example
 * // vi.mock: the app imports `mailer` from './mail.js'
 * vi.mock('./mail.js', async () => {
 *   const { createTestMailer } = await import('mailsmith/testing');
 *   return { mailer: createTestMailer({ templates: './templates' }) };
 * });
 * import { mailer } from './mail.js'; // the test mailer, also inside the app
 *
 * @example
 * // useTransport on the app's own mailer
 * const transport = fakeTransport();
 * let restore: () => void;
 * beforeEach(() => { restore = mailer.useTransport(transport) });
 * afterEach(() => { restore(); transport.clear() });
 * // …
 * expect(transport).toHaveSent('welcome');
 */
export function createTestMailer<S extends TemplateSchemas = Record<never, never>>(
  options: TestMailerOptions<S> = {},
): TestMailer<RegistryWith<S>> {
  const { fail, transport: given, ...rest } = options;
  const fake = given ?? fakeTransport({ fail });
  const mailer = createMailer({
    ...rest,
    from: rest.from ?? (process.env.MAILSMITH_FROM || 'test@mailsmith.test'),
    // An injected failure should surface in the test, not be retried away after a backoff.
    retry: rest.retry ?? false,
    transport: fake as Transport,
  });
  return Object.defineProperties(mailer, {
    outbox: {
      enumerable: true,
      get: () => {
        const current = mailer.transport;
        return isFakeTransport(current) ? current.outbox : fake.outbox;
      },
    },
    fake: { enumerable: true, value: fake },
  }) as TestMailer<RegistryWith<S>>;
}
