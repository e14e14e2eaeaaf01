import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import type { InboxStore } from './store.js';

/** Options of {@link startSmtpCapture}. */
export interface SmtpCaptureOptions {
  /** Where captured messages go. */
  store: InboxStore;
  /** @default 1025; `0` picks a free port */
  port?: number;
  /** @default '127.0.0.1' */
  host?: string;
  /**
   * Offer STARTTLS. `true` uses smtp-server's built-in self-signed certificate (clients must not verify
   * it); give `{ key, cert }` file paths for your own. @default false
   */
  tls?: boolean | { key: string; cert: string };
  /** Largest message accepted, in bytes; a larger one is refused (552) without being kept. @default 50 MB */
  maxSize?: number;
  /**
   * Clients connected at once; more are turned away with `421` (try again later). With `maxSize`
   * this bounds the memory the capture server can be made to hold. @default 10
   */
  maxClients?: number;
}

/** A running capture server. */
export interface SmtpCapture {
  readonly host: string;
  readonly port: number;
  /** What to point an app at, e.g. `smtp://127.0.0.1:1025`. */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Starts an SMTP server that accepts every message (any or no credentials) and keeps it in the inbox
 * store instead of delivering it, as Mailpit does.
 *
 * @example
 * const smtp = await startSmtpCapture({ store: await createInboxStore(), port: 1025 });
 * // app: nodemailer.createTransport({ host: '127.0.0.1', port: 1025 })
 */
export async function startSmtpCapture(options: SmtpCaptureOptions): Promise<SmtpCapture> {
  const host = options.host ?? '127.0.0.1';
  const tls = options.tls ?? false;
  const maxSize = options.maxSize ?? 50 * 1024 * 1024;
  const certs =
    typeof tls === 'object' ? { key: await readFile(tls.key), cert: await readFile(tls.cert) } : undefined;
  const server = new SMTPServer({
    ...certs,
    name: 'mailsmith-dev',
    banner: 'mailsmith dev inbox: every message is captured, nothing is delivered',
    size: maxSize,
    maxClients: options.maxClients ?? 10,
    // Without TLS STARTTLS is not advertised, so clients that upgrade opportunistically stay in plain text.
    disabledCommands: tls ? [] : ['STARTTLS'],
    authOptional: true,
    allowInsecureAuth: true,
    // Apps configured with production credentials should still be captured, so any login succeeds.
    onAuth(auth, _session, callback) {
      callback(null, { user: auth.username ?? 'dev' });
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (chunk: Buffer) => {
        // Past the limit the message will be refused anyway: keep reading (the client is still
        // sending) but drop the bytes, so a huge DATA costs no memory.
        size += chunk.length;
        if (size > maxSize) chunks.length = 0;
        else chunks.push(chunk);
      });
      stream.on('error', callback);
      stream.on('end', () => {
        if (size > maxSize || (stream as unknown as { sizeExceeded?: boolean }).sizeExceeded) {
          const error = Object.assign(new Error(`Message exceeds the ${maxSize} byte limit`), {
            responseCode: 552,
          });
          callback(error);
          return;
        }
        const envelope = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
        };
        options.store.add(Buffer.concat(chunks), envelope).then(
          (summary) => callback(null, `Captured as ${summary.id}`),
          (error: Error) => callback(Object.assign(error, { responseCode: 451 })),
        );
      });
    },
  });
  server.on('error', () => {
    // Per-connection errors (client resets) are reported here; they must not crash the dev server.
  });
  await new Promise<void>((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.server.once('error', onError);
    server.listen(options.port ?? 1025, host, () => {
      server.server.off('error', onError);
      resolve();
    });
  });
  const port = (server.server.address() as AddressInfo).port;
  return {
    host,
    port,
    url: `smtp://${host.includes(':') ? `[${host}]` : host}:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
