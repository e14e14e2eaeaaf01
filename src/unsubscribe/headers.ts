import { InvalidHeaderError } from '../errors/InvalidHeaderError.js';

/** Where a recipient unsubscribes: an https URL for the one-click POST, and optionally a mailto. */
export interface UnsubscribeTarget {
  url: string;
  mailto?: string;
}

/**
 * The RFC 2369 / RFC 8058 headers for a target: `List-Unsubscribe: <https://…>, <mailto:…>` and
 * `List-Unsubscribe-Post: List-Unsubscribe=One-Click`, which Gmail and Yahoo require of bulk senders.
 */
export function unsubscribeHeaders(
  target: UnsubscribeTarget,
  existing: Record<string, string> = {},
): Record<string, string> {
  for (const name of Object.keys(existing)) {
    if (name.toLowerCase().startsWith('list-unsubscribe')) {
      throw new InvalidHeaderError(name, 'it is set by the unsubscribe option; pass only one of them');
    }
  }
  const url = checkUrl(target.url);
  const links = [`<${url}>`];
  if (target.mailto !== undefined) {
    const mailto = target.mailto.startsWith('mailto:') ? target.mailto : `mailto:${target.mailto}`;
    links.push(`<${checkLine('mailto', mailto)}>`);
  }
  return {
    'List-Unsubscribe': links.join(', '),
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
  };
}

function checkUrl(value: unknown): string {
  if (typeof value !== 'string') throw new InvalidHeaderError('List-Unsubscribe', 'the url must be a string');
  checkLine('url', value);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidHeaderError('List-Unsubscribe', `the url ${JSON.stringify(value)} is not absolute`);
  }
  // RFC 8058: the one-click target must be HTTPS (http only makes sense on a local test server).
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new InvalidHeaderError('List-Unsubscribe', 'the url must be https:// (RFC 8058 one-click)');
  }
  return url.toString();
}

function checkLine(field: string, value: string): string {
  if (/[\r\n<>\s]/.test(value)) {
    throw new InvalidHeaderError(
      'List-Unsubscribe',
      `the ${field} may not contain spaces, <, > or line breaks`,
    );
  }
  return value;
}
