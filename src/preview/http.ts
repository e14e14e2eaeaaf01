import type { IncomingMessage, ServerResponse } from 'node:http';

/** Largest JSON body the preview accepts (edited sample data, a send form). */
const MAX_BODY = 1024 * 1024;

/** Content-Security-Policy of every preview response: never framed by another page. */
export const NO_FRAMING = "frame-ancestors 'none'";

/**
 * Content-Security-Policy for files from the templates folder and captured attachments: untrusted
 * bytes served from the preview's origin, so an SVG or HTML file never runs script there.
 */
export const UNTRUSTED = `sandbox; ${NO_FRAMING}`;

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

export function sendText(res: ServerResponse, status: number, body: string | Buffer, type: string): void {
  res.writeHead(status, {
    'content-type': type,
    'cache-control': 'no-store',
    'content-length': Buffer.byteLength(body),
    'x-content-type-options': 'nosniff',
  });
  res.end(body);
}

export function notFound(res: ServerResponse): void {
  sendText(res, 404, 'Not found\n', 'text/plain; charset=utf-8');
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Reads a JSON body. Only `application/json` is accepted, which keeps cross-site form posts out. */
export async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const type = req.headers['content-type'] ?? '';
  if (!type.startsWith('application/json')) throw new HttpError(415, 'send application/json');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) throw new HttpError(413, 'body too large');
    chunks.push(chunk);
  }
  let body: unknown;
  try {
    body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
  } catch {
    throw new HttpError(400, 'body is not valid JSON');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new HttpError(400, 'body must be a JSON object');
  }
  return body as Record<string, unknown>;
}

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])(?::\d+)?$/i;

/**
 * Rejects DNS-rebinding (a foreign Host on a loopback-bound server) and cross-origin writes.
 * A server bound to a public interface was opened on purpose, so only the Origin check applies there.
 */
export function trustedRequest(req: IncomingMessage, loopbackOnly: boolean): boolean {
  const host = req.headers.host ?? '';
  if (loopbackOnly && !LOOPBACK.test(host)) return false;
  if (req.method === 'GET' || req.method === 'HEAD') return true;
  const origin = req.headers.origin;
  if (!origin) return true;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127(?:\.\d{1,3}){3}$/.test(host);
}
