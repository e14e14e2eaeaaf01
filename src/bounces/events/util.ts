import { InvalidEventError } from '../../errors/InvalidEventError.js';
import type { EventProvider } from './types.js';

/** The body parsed as JSON, or INVALID_EVENT. */
export function json(provider: EventProvider, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new InvalidEventError(provider, `${provider} event body is not JSON`, {
      hint: 'pass the raw request body',
    });
  }
}

/** A Date from ISO text, epoch seconds or milliseconds; `fallback` when unreadable. */
export const date = (value: unknown, fallback = new Date()) => {
  const d =
    typeof value === 'number' ? new Date(value < 1e12 ? value * 1000 : value) : new Date(String(value ?? ''));
  return Number.isNaN(d.getTime()) ? fallback : d;
};
/** The bare, lower-cased address of `a@b`, `Name <a@b>`. */
export const addr = (value: unknown) =>
  String(value ?? '')
    .trim()
    .replace(/^.*<([^>]+)>.*$/, '$1')
    .toLowerCase();
/** The RFC 3463 status in a diagnostic (`5.1.1`), if any. */
export const enhanced = (text: string) => /\b([245]\.\d{1,3}\.\d{1,3})\b/.exec(text)?.[1];
