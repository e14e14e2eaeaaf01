import type { MatcherState } from 'vitest';
import { bareAddress } from '../message/address.js';
import { sentTo } from '../testing/outbox.js';
import type { SentMessage } from '../testing/sent-message.js';
import { excerpt, indent, labelOf, listSent, sentMessageOf, sentMessagesOf } from './received.js';

/** What a sent message must match: every field given must hold. Asymmetric matchers work anywhere. */
export interface SentExpectation<D = unknown> {
  /** A `To` address (`ada@163.com` or `"Ada" <ada@163.com>`), or several that must all be there. */
  to?: string | string[];
  cc?: string | string[];
  bcc?: string | string[];
  /** The exact subject, or a RegExp it must match. */
  subject?: string | RegExp;
  /** Compared like `toEqual`; use `expect.objectContaining({ … })` to check only some fields. */
  data?: D;
  /**
   * The locale it was rendered in, exactly (`'zh-CN'` does not match `'zh'`), or an asymmetric matcher.
   * @example
   * expect(mailer).toHaveSent('receipt', { to: 'ada@163.com', locale: 'zh-CN' });
   */
  locale?: string;
}

export type SentCriteria<M extends SentMessage = SentMessage> =
  | SentExpectation<M['data']>
  | ((message: M) => boolean);

type State = MatcherState;
interface SyncExpectationResult {
  pass: boolean;
  message: () => string;
}

function addressesMatch(state: State, actual: string[], expected: unknown): boolean {
  if (expected === undefined) return true;
  if (typeof expected === 'string') return actual.some((a) => a.toLowerCase() === bareAddress(expected));
  if (Array.isArray(expected) && expected.every((e) => typeof e === 'string')) {
    return expected.every((e) => addressesMatch(state, actual, e));
  }
  return state.equals(actual, expected, state.customTesters);
}

function textMatches(state: State, actual: string, expected: unknown): boolean {
  if (expected instanceof RegExp)
    return new RegExp(expected.source, expected.flags.replace('g', '')).test(actual);
  return state.equals(actual, expected, state.customTesters);
}

function matches(state: State, message: SentMessage, template: unknown, criteria?: SentCriteria): boolean {
  if (template !== undefined && message.template !== template) return false;
  if (criteria === undefined) return true;
  if (typeof criteria === 'function') return criteria(message) === true;
  return (
    addressesMatch(state, message.to, criteria.to) &&
    addressesMatch(state, message.cc, criteria.cc) &&
    addressesMatch(state, message.bcc, criteria.bcc) &&
    (criteria.subject === undefined || textMatches(state, message.subject, criteria.subject)) &&
    (!('data' in criteria) || state.equals(message.data, criteria.data, state.customTesters)) &&
    (criteria.locale === undefined || state.equals(message.locale, criteria.locale, state.customTesters))
  );
}

function show(state: State, value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value.join(', ');
  return state.utils.stringify(value);
}

/** ` to ada@163.com with subject "Welcome" with data {…}`: the criteria, as the failure message reads. */
function describeCriteria(state: State, criteria?: SentCriteria): string {
  if (criteria === undefined) return '';
  if (typeof criteria === 'function') return ` matching ${criteria.name || 'the predicate'}`;
  const parts: string[] = [];
  if (criteria.to !== undefined) parts.push(`to ${show(state, criteria.to)}`);
  if (criteria.cc !== undefined) parts.push(`cc ${show(state, criteria.cc)}`);
  if (criteria.bcc !== undefined) parts.push(`bcc ${show(state, criteria.bcc)}`);
  if (criteria.subject instanceof RegExp) parts.push(`with subject matching ${criteria.subject}`);
  else if (criteria.subject !== undefined)
    parts.push(`with subject ${state.utils.stringify(criteria.subject)}`);
  if ('data' in criteria) parts.push(`with data ${state.utils.stringify(criteria.data)}`);
  if (criteria.locale !== undefined) parts.push(`in locale ${show(state, criteria.locale)}`);
  return parts.length ? ` ${parts.join(' ')}` : '';
}

const what = (template: unknown) => (template === undefined ? 'a message' : `"${String(template)}"`);
const times = (n: number) => `${n} time${n === 1 ? '' : 's'}`;

// When data was the mismatch, the closest candidate's diff says more than any summary.
function dataDiff(state: State, sent: SentMessage[], template: unknown, criteria?: SentCriteria): string {
  if (!criteria || typeof criteria === 'function' || !('data' in criteria)) return '';
  const last = sent.filter((m) => template === undefined || m.template === template).at(-1);
  if (!last) return '';
  return `\n\nData of the last ${what(template)} sent, against the expected:\n${state.utils.diff(criteria.data, last.data)}`;
}

/**
 * When the locale was the mismatch (the rest matched), which locales the message went out in instead,
 * as Laravel's MailFake says it.
 */
function localesSent(state: State, sent: SentMessage[], template: unknown, criteria?: SentCriteria): string {
  if (!criteria || typeof criteria === 'function' || criteria.locale === undefined) return '';
  const { locale: wanted, ...rest } = criteria;
  const candidates = sent.filter((m) => matches(state, m, template, rest));
  const others = candidates.filter((m) => !state.equals(m.locale, wanted, state.customTesters));
  if (others.length === 0) return '';
  const locales = [...new Set(others.map((m) => m.locale ?? '(no locale: the templates have no catalogs)'))];
  const also = others.length < candidates.length ? ' also' : '';
  return `\n\n${what(template)}${describeCriteria(state, rest)} was${also} sent in ${locales.join(', ')}, not in ${show(state, wanted)}`;
}

export function toHaveSent(
  this: State,
  received: unknown,
  template?: string,
  criteria?: SentCriteria,
): SyncExpectationResult {
  const sent = sentMessagesOf(received, 'toHaveSent');
  const found = sent.filter((m) => matches(this, m, template, criteria));
  const wanted = describeCriteria(this, criteria);
  return {
    pass: found.length > 0,
    message: () =>
      this.isNot
        ? template === undefined && criteria === undefined
          ? `expected nothing to be sent, but ${listSent(sent)}`
          : `expected ${what(template)} not to be sent${wanted}, but ${listSent(found)}`
        : `expected ${what(template)} to be sent${wanted}, but ${listSent(sent)}${dataDiff(this, sent, template, criteria)}${localesSent(this, sent, template, criteria)}`,
  };
}

export function toHaveSentTimes(
  this: State,
  received: unknown,
  template: string | undefined,
  count: number,
  criteria?: SentCriteria,
): SyncExpectationResult {
  const sent = sentMessagesOf(received, 'toHaveSentTimes');
  const found = sent.filter((m) => matches(this, m, template, criteria));
  const wanted = describeCriteria(this, criteria);
  return {
    pass: found.length === count,
    message: () =>
      `expected ${what(template)}${this.isNot ? ' not' : ''} to be sent${wanted} ${times(count)}, but it was sent ${times(found.length)}; ${listSent(sent)}${localesSent(this, sent, template, criteria)}`,
  };
}

export function toHaveSentTo(this: State, received: unknown, address: string): SyncExpectationResult {
  const sent = sentMessagesOf(received, 'toHaveSentTo');
  const found = sent.filter((m) => sentTo(m, address));
  return {
    pass: found.length > 0,
    message: () =>
      this.isNot
        ? `expected nothing to be sent to ${address}, but ${listSent(found)}`
        : `expected a message to be sent to ${address}, but ${listSent(sent)}`,
  };
}

export function toHaveSubject(
  this: State,
  received: unknown,
  expected: string | RegExp,
): SyncExpectationResult {
  const message = sentMessageOf(received, 'toHaveSubject');
  const how = expected instanceof RegExp ? `match ${expected}` : `be ${this.utils.stringify(expected)}`;
  return {
    pass: textMatches(this, message.subject, expected),
    message: () =>
      `expected the subject of ${labelOf(message)}${this.isNot ? ' not' : ''} to ${how}, but it is ${JSON.stringify(message.subject)}`,
  };
}

function containsMatcher(part: 'html' | 'text', name: string) {
  return function (this: State, received: unknown, expected: string | RegExp): SyncExpectationResult {
    const message = sentMessageOf(received, name);
    const content = message[part];
    const contains = (text: string) =>
      expected instanceof RegExp ? textMatches(this, text, expected) : text.includes(String(expected));
    const pass = contains(content);
    const label = part === 'html' ? 'the HTML' : 'the text';
    const shown = expected instanceof RegExp ? `${expected}` : JSON.stringify(expected);
    const verb = expected instanceof RegExp ? 'match' : 'contain';
    // The text part is short and readable, so it is what the failure shows, for either part.
    const other = part === 'html' && !pass && contains(message.text) ? ' (the text part does)' : '';
    return {
      pass,
      message: () =>
        `expected ${label} of ${labelOf(message)}${this.isNot ? ' not' : ''} to ${verb} ${shown}${other}; its text reads:\n${indent(excerpt(message.text))}`,
    };
  };
}

export const toContainHtml = containsMatcher('html', 'toContainHtml');
export const toContainText = containsMatcher('text', 'toContainText');

export function toHaveAttachment(
  this: State,
  received: unknown,
  filename: string,
  expected: { contentType?: string; content?: unknown } = {},
): SyncExpectationResult {
  const message = sentMessageOf(received, 'toHaveAttachment');
  const named = message.attachments.filter((a) => a.filename === filename);
  const found = named.filter(
    (a) =>
      (expected.contentType === undefined || a.contentType === expected.contentType) &&
      (expected.content === undefined ||
        this.equals(a.content, expected.content, this.customTesters) ||
        (typeof expected.content === 'string' &&
          Buffer.from(a.content).toString('utf8') === expected.content)),
  );
  const list = message.attachments.map((a) => a.filename ?? '(unnamed)');
  const extra = Object.keys(expected).length ? ` with ${this.utils.stringify(expected)}` : '';
  return {
    pass: found.length > 0,
    message: () =>
      `expected ${labelOf(message)}${this.isNot ? ' not' : ''} to have attachment ${JSON.stringify(filename)}${extra}, but ${
        list.length ? `its attachments are: ${list.join(', ')}` : 'it has no attachments'
      }`,
  };
}

export function toLinkTo(this: State, received: unknown, expected: string | RegExp): SyncExpectationResult {
  const message = sentMessageOf(received, 'toLinkTo');
  const links = message.links();
  const shown = expected instanceof RegExp ? `a URL matching ${expected}` : this.utils.stringify(expected);
  return {
    pass: links.some((l) => textMatches(this, l, expected)),
    message: () =>
      `expected ${labelOf(message)}${this.isNot ? ' not' : ''} to link to ${shown}, but ${
        links.length ? `its links are:${links.map((l) => `\n  - ${l}`).join('')}` : 'it has no links'
      }`,
  };
}
