import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TransportError } from '../../src/errors/TransportError.js';

/** A request as the fake provider received it. */
export interface RecordedRequest {
  method: string;
  /** Path and query, e.g. `/emails`. */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** What the fake answers: a status, a JSON (or text) body and extra headers. */
export interface FakeAnswer {
  status?: number;
  json?: unknown;
  text?: string;
  headers?: Record<string, string>;
}

export interface FakeApi {
  /** `http://127.0.0.1:<port>` */
  url: string;
  host: string;
  requests: RecordedRequest[];
  /** Replaces how the fake answers from now on. */
  answer(handler: (request: RecordedRequest) => FakeAnswer | Promise<FakeAnswer>): void;
  close(): Promise<void>;
}

/**
 * A local HTTP server on an ephemeral port standing in for a provider API: it records every request
 * and answers with what the handler returns (the provider's documented success and error shapes).
 */
export async function startFakeApi(
  handler: (request: RecordedRequest) => FakeAnswer | Promise<FakeAnswer> = () => ({ status: 200, json: {} }),
): Promise<FakeApi> {
  let current = handler;
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const request = {
        method: req.method ?? 'GET',
        url: req.url ?? '/',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(request);
      try {
        const a = await current(request);
        const body = a.text ?? (a.json === undefined ? '' : JSON.stringify(a.json));
        res.writeHead(a.status ?? 200, {
          'content-type': a.text === undefined ? 'application/json' : 'text/plain',
          ...a.headers,
        });
        res.end(body);
      } catch (error) {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(String(error));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    requests,
    answer: (h) => {
      current = h;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The error a promise rejects with; fails the test when it resolves instead. */
export async function failureOf(promise: Promise<unknown>): Promise<TransportError & { hint?: string }> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!error) throw new Error('expected a failure');
  return error as TransportError & { hint?: string };
}
