import type { TemplateDataOf, TemplateNameOf } from '../mailer.js';
import { bareAddress } from '../message/address.js';
import type { TemplateRegistry } from '../types.js';
import { describeMessage, type SentMessage } from './sent-message.js';

/**
 * A sent message typed by a registry: a union over its templates, so checking `template` narrows `data`.
 * @example
 * const m = mailer.outbox.last()!;
 * if (m.template === 'welcome') m.data.verifyUrl; // typed
 */
export type SentMessageOf<R = TemplateRegistry> = {
  [N in TemplateNameOf<R>]: SentMessage<N, TemplateDataOf<R, N>>;
}[TemplateNameOf<R>];

/** Messages of template `N`: the registry's member for it, or every message when the registry is untyped. */
export type OfTemplate<M extends SentMessage, N> = [Extract<M, { template: N }>] extends [never]
  ? M
  : Extract<M, { template: N }>;

/** True when the message went to `address` (to, cc or bcc), compared case-insensitively. */
export function sentTo(message: SentMessage, address: string): boolean {
  const wanted = bareAddress(address);
  return [...message.to, ...message.cc, ...message.bcc].some((a) => a.toLowerCase() === wanted);
}

/**
 * Sent messages, oldest first: an Array with helpers. `filter`, `for` and `of` return another
 * `SentMessages`; `map`, `slice` and the rest return plain arrays.
 */
export class SentMessages<M extends SentMessage = SentMessage> extends Array<M> {
  static override get [Symbol.species](): ArrayConstructor {
    return Array;
  }

  /** The newest message, or `undefined` when there is none. */
  last(): M | undefined {
    return this[this.length - 1];
  }

  /**
   * Messages sent to `address` (to, cc or bcc; `"Ada" <ada@163.com>` works too).
   * @example
   * mailer.outbox.for('ada@163.com').last()?.subject;
   */
  for(address: string): SentMessages<M> {
    return this.filter((m) => sentTo(m, address));
  }

  /**
   * Messages rendered from `template`, typed by it.
   * @example
   * mailer.outbox.of('welcome').last()?.data.name;
   */
  of<N extends M['template']>(template: N): SentMessages<OfTemplate<M, N>> {
    return this.filter((m): m is OfTemplate<M, N> => m.template === template);
  }

  override filter<S extends M>(
    predicate: (value: M, index: number, array: M[]) => value is S,
    thisArg?: unknown,
  ): SentMessages<S>;
  override filter(
    predicate: (value: M, index: number, array: M[]) => unknown,
    thisArg?: unknown,
  ): SentMessages<M>;
  override filter(
    predicate: (value: M, index: number, array: M[]) => unknown,
    thisArg?: unknown,
  ): SentMessages<M> {
    const out = new SentMessages<M>();
    this.forEach((value, index, array) => {
      if (predicate.call(thisArg, value, index, array)) out.push(value);
    });
    return out;
  }

  /** One line per message, `template → recipients: subject`, as failure messages print them. */
  describe(): string {
    return this.length === 0 ? '(nothing sent)' : this.map(describeMessage).join('\n');
  }
}

/**
 * What a test mailer sent. Live: it grows as the mailer sends, and `clear()` empties it (and the
 * transport behind it), e.g. in `beforeEach`.
 */
export class Outbox<M extends SentMessage = SentMessage> extends SentMessages<M> {
  #onClear?: () => void;

  /** @internal Outboxes are created by fakeTransport(); `onClear` empties what backs them. */
  static create<M extends SentMessage>(onClear?: () => void): Outbox<M> {
    const outbox = new Outbox<M>();
    outbox.#onClear = onClear;
    return outbox;
  }

  /** Forgets every message. */
  clear(): void {
    this.length = 0;
    this.#onClear?.();
  }
}
