import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../..', import.meta.url));
export const fixtures = join(root, 'test/fixtures/preview/templates');

/** A private copy of the preview fixture templates (tests edit files in it), removed by `cleanup`. */
export async function fixtureCopy(): Promise<{
  dir: string;
  templates: string;
  cleanup: () => Promise<void>;
}> {
  const dir = await mkdtemp(join(tmpdir(), 'mailsmith-preview-'));
  const templates = join(dir, 'templates');
  await cp(fixtures, templates, { recursive: true });
  return { dir, templates, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Replaces text in a file, returning a function that restores the original. */
export async function edit(file: string, from: string, to: string): Promise<() => Promise<void>> {
  const original = await readFile(file, 'utf8');
  if (!original.includes(from)) throw new Error(`"${from}" not in ${file}`);
  await writeFile(file, original.replace(from, to));
  return () => writeFile(file, original);
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * An HTTP request with the path sent byte for byte (fetch would normalise `..` and `%2e%2e` away,
 * which hides exactly the traversal attempts we need to send).
 */
export function raw(
  base: string,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<RawResponse> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, path, method: options.method ?? 'GET', headers: options.headers },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c) => {
          body += c;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

export async function postJson<T = Record<string, unknown>>(
  base: string,
  path: string,
  body: unknown,
): Promise<T> {
  const res = await fetch(base + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

export async function getJson<T = Record<string, unknown>>(base: string, path: string): Promise<T> {
  const res = await fetch(base + path);
  if (!res.ok) throw new Error(`${path}: ${res.status}`);
  return (await res.json()) as T;
}

/** Reads server-sent events from a URL until `until` returns true for one (or the timeout passes). */
export async function nextEvent(
  stream: ReadableStreamDefaultReader<Uint8Array>,
  until: (event: { event: string; data: unknown }) => boolean,
  timeoutMs = 10_000,
): Promise<{ event: string; data: unknown }> {
  const decoder = new TextDecoder();
  let buffer = '';
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const chunk = await Promise.race([
      stream.read(),
      new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error('no matching event')), deadline - Date.now()),
      ),
    ]);
    if (chunk.done) break;
    buffer += decoder.decode(chunk.value, { stream: true });
    let end = buffer.indexOf('\n\n');
    while (end >= 0) {
      const frame = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = /^event: (.*)$/m.exec(frame)?.[1];
      const data = /^data: (.*)$/m.exec(frame)?.[1];
      if (event && data !== undefined) {
        const parsed = { event, data: JSON.parse(data) as unknown };
        if (until(parsed)) return parsed;
      }
      end = buffer.indexOf('\n\n');
    }
  }
  throw new Error('event stream ended without a matching event');
}

/** Opens the live event stream of a preview server; `close` aborts it. */
export async function openEvents(base: string) {
  const controller = new AbortController();
  const res = await fetch(`${base}/events`, { signal: controller.signal });
  if (!res.body) throw new Error('no event stream');
  const reader = res.body.getReader();
  return { reader, close: () => controller.abort() };
}
