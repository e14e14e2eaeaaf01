import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** One accepted message: its `X-Key` header, who logged in to send it, and when. */
export interface Delivery {
  key: string;
  user: string;
  at: number;
}

export interface KeyCountingServer {
  port: number;
  deliveries: Delivery[];
  close(): Promise<void>;
}

const tls = new URL('../fixtures/tls/', import.meta.url);

/**
 * A real smtp-server (STARTTLS, AUTH: any user with password `worker-pass`) that records each message's
 * `X-Key` header and login, so a test can count deliveries per key and per sending process.
 * `replyDelayMs` holds the reply to DATA back, as a remote server's latency would.
 */
export async function startKeyCountingServer(
  options: { replyDelayMs?: number } = {},
): Promise<KeyCountingServer> {
  const deliveries: Delivery[] = [];
  const server = new SMTPServer({
    key: readFileSync(new URL('key.pem', tls)),
    cert: readFileSync(new URL('cert.pem', tls)),
    authMethods: ['PLAIN', 'LOGIN'],
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.password !== 'worker-pass') return callback(new Error('Invalid credentials'));
      callback(null, { user: auth.username });
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const head = Buffer.concat(chunks).toString('latin1').split('\r\n\r\n', 1)[0] ?? '';
        const key = /^X-Key: *(.+)$/im.exec(head)?.[1]?.trim() ?? '';
        deliveries.push({ key, user: String(session.user ?? ''), at: Date.now() });
        const delay = options.replyDelayMs ?? 0;
        if (delay > 0) setTimeout(() => callback(null), delay);
        else callback(null);
      });
    },
  });
  server.on('error', () => {}); // a killed worker's connections drop mid-session
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.server.address() as AddressInfo).port,
    deliveries,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
