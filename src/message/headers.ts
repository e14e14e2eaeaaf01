import { InvalidHeaderError } from '../errors/InvalidHeaderError.js';
import { LINE_BREAK } from './address.js';

const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// Headers the message builds itself; setting them through `headers` would duplicate or contradict them.
const RESERVED_HEADERS = new Map([
  ['from', 'from'],
  ['to', 'to'],
  ['cc', 'cc'],
  ['bcc', 'bcc'],
  ['reply-to', 'replyTo'],
  ['subject', 'the subject.hbs template'],
  ['message-id', 'the generated Message-ID'],
  ['content-type', 'the rendered parts'],
  ['content-transfer-encoding', 'the rendered parts'],
  ['mime-version', 'the rendered parts'],
]);

/** Checks custom headers: token names, single-line values, nothing the message sets itself. */
export function checkHeaders(headers: Record<string, string> | undefined): Record<string, string> {
  if (!headers) return {};
  // Object.entries of a string or an array would turn each character or item into a header.
  if (typeof headers !== 'object' || Array.isArray(headers)) {
    throw new InvalidHeaderError('headers', 'expected an object such as { "X-Campaign": "spring" }');
  }
  for (const [name, value] of Object.entries(headers)) {
    if (!HEADER_NAME.test(name)) throw new InvalidHeaderError(name, 'the name is not a header token');
    const owner = RESERVED_HEADERS.get(name.toLowerCase());
    if (owner) throw new InvalidHeaderError(name, `it is set by mailsmith; use ${owner} instead`);
    if (typeof value !== 'string') throw new InvalidHeaderError(name, 'the value must be a string');
    if (LINE_BREAK.test(value)) throw new InvalidHeaderError(name, 'the value contains a line break');
  }
  return { ...headers };
}
