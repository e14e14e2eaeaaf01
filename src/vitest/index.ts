/**
 * @module
 * mailsmith/vitest: mail matchers for `expect`. Register them with one line in a setup file:
 *
 * @example
 * // vitest.config.ts: test: { setupFiles: ['./test/setup.ts'] }
 * // test/setup.ts
 * import 'mailsmith/vitest';
 *
 * // any test
 * expect(mailer).toHaveSent('welcome', { to: 'ada@163.com', data: expect.objectContaining({ name: 'Ada' }) });
 * expect(mailer).toHaveSentTimes('welcome', 1);
 * expect(mailer).toHaveSentTo('ada@163.com');
 * expect(mailer).not.toHaveSent();
 * const message = mailer.outbox.last();
 * expect(message).toHaveSubject(/Welcome/);
 * expect(message).toLinkTo(/\/verify\?token=/);
 *
 * Collection matchers take a test mailer, a fake or memory transport, an app mailer using one of those
 * (`mailer.useTransport(fakeTransport())`), or an array of sent messages. Only this entry imports
 * vitest; `mailsmith` and `mailsmith/testing` never do.
 */
import { describe, expect, it } from 'vitest';
import type { Mailer } from '../mailer.js';
import { testTransport as runConformance, type TestTransportOptions } from '../testing/conformance.js';
import type { OfTemplate, SentMessageOf, SentMessages } from '../testing/outbox.js';
import type { SentMessage } from '../testing/sent-message.js';
import type { Transport } from '../types.js';
import {
  type SentCriteria,
  toContainHtml,
  toContainText,
  toHaveAttachment,
  toHaveSent,
  toHaveSentTimes,
  toHaveSentTo,
  toHaveSubject,
  toLinkTo,
} from './matchers.js';

export type { SentCriteria, SentExpectation } from './matchers.js';

expect.extend({
  toHaveSent,
  toHaveSentTimes,
  toHaveSentTo,
  toHaveSubject,
  toContainHtml,
  toContainText,
  toHaveAttachment,
  toLinkTo,
});

/** The sent-message type a received value holds, typed by its registry when it has one. */
export type MessageOf<T> = 0 extends 1 & T
  ? SentMessage
  : T extends { readonly outbox: SentMessages<infer M> }
    ? M
    : T extends SentMessages<infer M>
      ? M
      : T extends Mailer<infer R>
        ? SentMessageOf<R>
        : SentMessage;

type MessageFor<T, N> = OfTemplate<MessageOf<T>, N>;

/** The matchers `import 'mailsmith/vitest'` adds to `expect(…)`. */
export interface MailsmithMatchers<T = unknown> {
  /**
   * Passes when a message (of `template`, when given) was sent matching `expected`; `.not.toHaveSent()`
   * passes when nothing was sent. Failures list what was sent: `template → recipients: subject`.
   * @example
   * expect(mailer).toHaveSent('welcome', { to: 'ada@163.com', data: expect.objectContaining({ name: 'Ada' }) });
   */
  toHaveSent<N extends MessageOf<T>['template']>(
    template?: N,
    expected?: SentCriteria<MessageFor<T, N>>,
  ): void;
  /** Passes when exactly `times` messages of `template` (matching `expected`) were sent. */
  toHaveSentTimes<N extends MessageOf<T>['template']>(
    template: N,
    times: number,
    expected?: SentCriteria<MessageFor<T, N>>,
  ): void;
  /** Passes when any message went to `address` (to, cc or bcc). */
  toHaveSentTo(address: string): void;
  /** On a message: its subject equals `expected` or matches the RegExp. */
  toHaveSubject(expected: string | RegExp): void;
  /** On a message: its HTML part contains the string (or matches the RegExp). */
  toContainHtml(expected: string | RegExp): void;
  /** On a message: its text part contains the string (or matches the RegExp). */
  toContainText(expected: string | RegExp): void;
  /** On a message: it has an attachment named `filename` (with that content type / content, when given). */
  toHaveAttachment(filename: string, expected?: { contentType?: string; content?: Buffer | string }): void;
  /** On a message: a link in its HTML is `expected` (or matches the RegExp / asymmetric matcher). */
  toLinkTo(expected: string | RegExp): void;
}

declare module 'vitest' {
  // biome-ignore lint/suspicious/noExplicitAny: must match vitest's own declaration of Assertion
  interface Assertion<T = any> extends MailsmithMatchers<T> {}
}

/**
 * The transport conformance suite, registered with vitest's `describe`/`it`.
 * @example
 * import { testTransport } from 'mailsmith/vitest';
 * testTransport(() => myTransport(), { received: async (result) => readBack(result) });
 */
export function testTransport<T extends Transport>(
  factory: () => T | Promise<T>,
  options: TestTransportOptions<T> = {},
): void {
  runConformance(factory, { describe, it, ...options });
}
