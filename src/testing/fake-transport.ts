import { ConfigError } from '../errors/ConfigError.js';
import { bareAddress } from '../message/address.js';
import { type MemoryTransport, memory } from '../transports/memory.js';
import { classifySmtpError, replyCode } from '../transports/smtp-errors.js';
import type { ComposedMessage, SendResult } from '../types.js';
import { Outbox } from './outbox.js';
import { type SentMessage, toSentMessage } from './sent-message.js';

/** An SMTP reply to fail with, e.g. QQ's `535 Login Fail…` or a `451` temporary failure. */
export interface SmtpReply {
  /** Reply code: 535, 451, 550… @default the code `response` starts with */
  responseCode: number;
  /** The full reply line, code included: `'451 4.3.0 Try again later'`. @default `'<code> Simulated failure'` */
  response?: string;
  /**
   * The SMTP command the server answered: `'AUTH PLAIN'`, `'MAIL FROM'`, `'RCPT TO'` or `'DATA'`.
   * @default `'AUTH PLAIN'` for 530/534/535, `'RCPT TO'` for a `to` rule, else `'DATA'`
   */
  command?: string;
}

/**
 * When and how a fake send fails. Conditions combine (all given must hold); without `nth` or `to`
 * the rule fails every send. Without a reply or `error`, a `to` rule answers `550 Mailbox not found.`
 * on RCPT TO and any other rule `451 4.3.0 Temporary failure` on DATA.
 */
export interface FailRule extends Partial<SmtpReply> {
  /** Fail the Nth send (1-based, failed sends count too; `clear()` restarts the count). A list fails each. */
  nth?: number | number[];
  /** Fail sends with a matching recipient (to, cc or bcc): an address (case-insensitive), RegExp or predicate. */
  to?: string | RegExp | ((address: string) => boolean);
  /** Throw this instead of a classified SMTP error (e.g. to test an app's handling of a non-mail error). */
  error?: Error;
  /** Fire at most this many times, e.g. `1` to fail once and then succeed (retry tests). */
  times?: number;
}

/** `2` fails the 2nd send; a reply or rule as in {@link FailRule}; or a list of them. */
export type FailOption = number | FailRule | Array<number | FailRule>;

export interface FakeTransportOptions {
  /** Failures to inject; none by default. */
  fail?: FailOption;
  /** Provider the simulated server is (`qq`, `exmail`, `163`, `126`), for the hints of classified errors. */
  provider?: string;
}

export interface FakeTransport extends MemoryTransport {
  /** Messages sent successfully, as records, oldest first. Failed sends never appear here. */
  readonly outbox: Outbox;
  /** Send attempts since creation or `clear()`, failed ones included. */
  readonly attempts: number;
  /** Adds failure rules, e.g. in one test of a suite that shares the mailer. */
  failWith(fail: FailOption): void;
}

const AUTH_CODES = new Set([530, 534, 535]);

function toRules(fail: FailOption | undefined): FailRule[] {
  if (fail === undefined) return [];
  return (Array.isArray(fail) ? fail : [fail]).map((r) =>
    checkRule(typeof r === 'number' ? { nth: r } : { ...r }),
  );
}

const isCount = (n: unknown) => Number.isInteger(n) && (n as number) >= 1;

/** A rule that can never fire (or would "fail" with a 2xx) is a test bug; say so instead of passing. */
function checkRule(rule: FailRule): FailRule {
  const problem =
    rule.nth !== undefined && ![rule.nth].flat().every(isCount)
      ? `nth must be a send number from 1 (or a list of them), got ${JSON.stringify(rule.nth)}`
      : rule.times !== undefined && !isCount(rule.times)
        ? `times must be a whole number from 1, got ${JSON.stringify(rule.times)}`
        : rule.responseCode !== undefined &&
            !(Number.isInteger(rule.responseCode) && rule.responseCode >= 400 && rule.responseCode <= 599)
          ? `responseCode must be an SMTP failure code (400-599), got ${JSON.stringify(rule.responseCode)}`
          : rule.response !== undefined &&
              rule.responseCode === undefined &&
              (replyCode(rule.response) ?? 0) < 400
            ? `give responseCode, or start response with its 4xx/5xx code, got ${JSON.stringify(rule.response)}`
            : undefined;
  if (problem) {
    throw new ConfigError(`fakeTransport: ${problem}`, {
      hint: "e.g. fail: { nth: 1, responseCode: 535, response: '535 Login Fail.' }",
    });
  }
  return rule;
}

function matchesRecipient(rule: FailRule['to'], address: string): boolean {
  if (rule === undefined) return true;
  if (typeof rule === 'string') return bareAddress(rule) === address.toLowerCase();
  if (rule instanceof RegExp) return new RegExp(rule.source, rule.flags.replace('g', '')).test(address);
  return rule(address);
}

// nodemailer prefixes replies per command and sets these codes; reproducing them keeps the classifier honest.
const NODEMAILER_SHAPE: Array<[RegExp, string, string]> = [
  [/^AUTH/, 'EAUTH', 'Invalid login: '],
  [/^MAIL FROM/, 'EENVELOPE', 'Mail command failed: '],
  [/^RCPT TO/, 'EENVELOPE', 'Recipient command failed: '],
  [/^DATA/, 'EMESSAGE', 'Message failed: '],
];

function smtpError(rule: FailRule): Error {
  // A reply line alone (`'535 Login Fail…'`) carries its code, as a real server's does.
  const responseCode =
    rule.responseCode ?? (rule.response ? replyCode(rule.response) : undefined) ?? (rule.to ? 550 : 451);
  const fallback = rule.to ? '550 Mailbox not found.' : '451 4.3.0 Temporary failure';
  const response =
    rule.response ?? (rule.responseCode === undefined ? fallback : `${responseCode} Simulated failure`);
  const command =
    rule.command ?? (AUTH_CODES.has(responseCode) ? 'AUTH PLAIN' : rule.to ? 'RCPT TO' : 'DATA');
  const [, code, prefix] = NODEMAILER_SHAPE.find(([re]) => re.test(command)) ?? [null, 'EPROTOCOL', ''];
  return Object.assign(new Error(`${prefix}${response}`), { code, responseCode, response, command });
}

/**
 * A memory transport that can fail on cue, so an app's error handling is tested through the same
 * classifier production uses: `{ responseCode: 535 }` throws the `TransportError` with code
 * `AUTH_FAILED` that a wrong QQ 授权码 produces, a 451 a retryable `TRANSPORT` error. A failed send
 * records nothing.
 *
 * @example
 * const transport = fakeTransport({
 *   fail: { nth: 1, responseCode: 535, response: '535 Login Fail. Please enter your authorization code to login.' },
 * });
 * const mailer = createTestMailer({ templates: './templates', transport });
 * await expect(signup(mailer, 'ada@163.com')).rejects.toMatchObject({ code: 'AUTH_FAILED', retryable: false });
 *
 * @example
 * fakeTransport({ fail: { to: /@blocked\.example$/ } });       // 550 Mailbox not found. on RCPT TO
 * fakeTransport({ fail: { responseCode: 451, times: 1 } });     // first send fails, retry succeeds
 */
export function fakeTransport(options: FakeTransportOptions = {}): FakeTransport {
  const inner = memory();
  let rules = toRules(options.fail);
  let fired = new Map<FailRule, number>();
  let attempts = 0;
  // `mailer.outbox.clear()` and `transport.clear()` must reset the same state: one callback does it.
  const outbox = Outbox.create<SentMessage>(() => {
    inner.clear();
    attempts = 0;
    fired = new Map();
  });

  function failureFor(message: ComposedMessage, attempt: number): Error | undefined {
    for (const rule of rules) {
      if (rule.times !== undefined && (fired.get(rule) ?? 0) >= rule.times) continue;
      const nths = rule.nth === undefined ? undefined : [rule.nth].flat();
      if (nths && !nths.includes(attempt)) continue;
      if (rule.to !== undefined && !message.envelope.to.some((a) => matchesRecipient(rule.to, a))) continue;
      fired.set(rule, (fired.get(rule) ?? 0) + 1);
      return (
        rule.error ?? classifySmtpError(smtpError(rule), { transport: 'fake://', provider: options.provider })
      );
    }
    return undefined;
  }

  const transport: FakeTransport = {
    name: 'fake',
    get messages() {
      return inner.messages;
    },
    outbox,
    get attempts() {
      return attempts;
    },
    async send(message: ComposedMessage): Promise<SendResult> {
      attempts += 1;
      const failure = failureFor(message, attempts);
      if (failure) throw failure;
      const result = await inner.send(message);
      // Concurrent sends finish out of order; find this one by id.
      const kept = inner.messages.findLast((m) => m.messageId === message.messageId);
      if (kept) outbox.push(toSentMessage(kept));
      return { ...result, response: '250 Accepted (fake transport)' };
    },
    clear() {
      outbox.clear();
    },
    failWith(fail) {
      rules = [...rules, ...toRules(fail)];
    },
    toString: () => 'fake://',
  };
  return transport;
}
