import { type UnsubscribeClaim, verifyUnsubscribe } from './token.js';

/** The part of a suppression store an unsubscribe needs (mailsmith/bounces' stores fit). */
export interface UnsubscribeSink {
  add(entry: { address: string; reason: 'unsubscribe'; scope?: string; detail?: string }): Promise<unknown>;
}

export interface UnsubscribeHandlerOptions {
  /** The secret the links were made with. */
  secret: string;
  /** Where a verified unsubscribe is recorded; transactional templates still reach the address. */
  suppressions?: UnsubscribeSink;
  /** Called after a verified unsubscribe (e.g. to update your own user table). */
  onUnsubscribe?: (claim: UnsubscribeClaim) => void | Promise<void>;
}

/**
 * A fetch-style (Request → Response) endpoint for unsubscribe links. A POST (the RFC 8058 one-click
 * from Gmail/Yahoo, or the confirm button) records the unsubscribe; a GET only shows a confirm button,
 * because mail scanners follow links and must not unsubscribe anyone. Tampered or expired tokens get 400.
 * @example
 * const handle = unsubscribeHandler({ secret: process.env.UNSUB_SECRET!, suppressions });
 * export default { fetch: handle }; // or: app.all('/unsubscribe', (req, res) => …) — see the README
 */
export function unsubscribeHandler(
  options: UnsubscribeHandlerOptions,
): (request: Request) => Promise<Response> {
  return async (request) => {
    const claim = verifyUnsubscribe(request.url, options.secret);
    if (!claim) return page(400, 'This unsubscribe link is invalid or has expired.');
    if (request.method === 'GET' || request.method === 'HEAD') {
      return page(
        200,
        `Unsubscribe ${escapeHtml(claim.to)}${claim.template ? ` from “${escapeHtml(claim.template)}”` : ''}?`,
        `<form method="post"><button type="submit">Unsubscribe</button></form>`,
      );
    }
    if (request.method !== 'POST') return page(405, 'Use POST to unsubscribe.');
    await options.suppressions?.add({
      address: claim.to,
      reason: 'unsubscribe',
      ...(claim.template === undefined ? {} : { scope: claim.template }),
      detail: isOneClick(await request.text()) ? 'one-click (RFC 8058)' : 'unsubscribe page',
    });
    await options.onUnsubscribe?.(claim);
    return page(200, 'You have been unsubscribed.');
  };
}

function isOneClick(body: string): boolean {
  return new URLSearchParams(body).get('List-Unsubscribe') === 'One-Click';
}

function page(status: number, message: string, extra = ''): Response {
  const html = `<!doctype html><meta charset="utf-8"><title>Unsubscribe</title><p>${message}</p>${extra}`;
  return new Response(html, {
    status,
    headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
  });
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
