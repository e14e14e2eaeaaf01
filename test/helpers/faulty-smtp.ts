import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { TEST_CA } from './smtp-server.js';

const KEY = readFileSync(new URL('../fixtures/tls/key.pem', import.meta.url), 'utf8');

/** Where the server misbehaves. */
export type Fault =
  | 'drop-after-data'
  | 'hang-after-data'
  | 'drop-at-rcpt'
  | 'hang-at-mail'
  | '451-after-data';

export interface FaultyServer {
  host: '127.0.0.1';
  port: number;
  /** Bodies received in full (before the fault hit). */
  raws: Buffer[];
  close(): Promise<void>;
}

/**
 * A real implicit-TLS smtp-server (any AUTH accepted) that fails at one stage of every transaction:
 * drops the connection or stops answering before or after the final ".", or answers 451 after DATA.
 */
export async function startFaultySmtpServer(fault: Fault): Promise<FaultyServer> {
  const raws: Buffer[] = [];
  const server: SMTPServer = new SMTPServer({
    secure: true,
    key: KEY,
    cert: TEST_CA,
    authMethods: ['PLAIN', 'LOGIN'],
    logger: false,
    onAuth(auth, _session, callback) {
      callback(null, { user: auth.username });
    },
    onMailFrom(_address, _session, callback) {
      if (fault === 'hang-at-mail') return; // never answers
      callback();
    },
    onRcptTo(_address, session, callback) {
      if (fault === 'drop-at-rcpt') return dropConnection(server, session.id);
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        raws.push(Buffer.concat(chunks));
        if (fault === 'drop-after-data') return dropConnection(server, session.id);
        if (fault === 'hang-after-data') return;
        if (fault === '451-after-data') {
          return callback(Object.assign(new Error('Try again later'), { responseCode: 451 }));
        }
        callback();
      });
    },
  });
  server.on('error', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    host: '127.0.0.1',
    port: (server.server.address() as AddressInfo).port,
    raws,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Destroys the client's socket, as a crashing server or a broken network would. */
function dropConnection(server: SMTPServer, sessionId: string): void {
  const connections = (
    server as unknown as { connections: Set<{ id: string; _socket: { destroy(): void } }> }
  ).connections;
  for (const connection of connections) if (connection.id === sessionId) connection._socket.destroy();
}
