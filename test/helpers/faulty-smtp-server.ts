import { readFileSync } from 'node:fs';
import type { AddressInfo, Socket } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { TEST_CA } from './smtp-server.js';

const TEST_KEY = readFileSync(new URL('../fixtures/tls/key.pem', import.meta.url), 'utf8');

/** What the server does with one transaction. */
export type Fault =
  | 'ok'
  /** 421 on MAIL FROM, then it closes the connection (service shutting down). */
  | '421-mail'
  /** 451 on RCPT TO (temporary local problem). */
  | '451-rcpt'
  /** 451 after the body: the server refuses it, so nothing is delivered. */
  | '451-data'
  /** The connection drops at RCPT TO, before DATA. */
  | 'drop-before-data'
  /** The body arrives and is stored, then the connection drops before the reply: delivered, unknown to the client. */
  | 'drop-after-data'
  /** Replies to MAIL FROM and after DATA come 150–400 ms late (under any sane timeout). */
  | 'slow';

export const FAULTS: readonly Exclude<Fault, 'ok'>[] = [
  '421-mail',
  '451-rcpt',
  '451-data',
  'drop-before-data',
  'drop-after-data',
  'slow',
];

export interface FaultyServerOptions {
  auth: { user: string; pass: string };
  /** Picks the fault of each transaction (MAIL FROM), e.g. from a seeded random source. */
  fault(): Fault;
}

export interface FaultyServer {
  port: number;
  /** Messages stored, per recipient: more than 1 is a duplicate. */
  delivered: Map<string, number>;
  /** Transactions per fault, for the printed figures. */
  faults: Map<Fault, number>;
  /** TLS connections accepted (the pool reconnects after every drop). */
  connections: number;
  close(): Promise<void>;
}

/**
 * An smtp-server (implicit TLS + AUTH) that fails a share of transactions the ways real servers do.
 * It keeps only counters, so it can take tens of thousands of messages. Messages are told apart by
 * their (single) recipient.
 */
export async function startFaultyServer(options: FaultyServerOptions): Promise<FaultyServer> {
  const state: FaultyServer = {
    port: 0,
    delivered: new Map(),
    faults: new Map(),
    connections: 0,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  // The fault of the transaction in progress, per connection.
  const planned = new Map<string, Fault>();
  const reply = (code: number, text: string) => Object.assign(new Error(text), { responseCode: code });
  const socketOf = (id: string): Socket | undefined => {
    for (const connection of (server as unknown as { connections: Set<{ id: string; _socket: Socket }> })
      .connections) {
      if (connection.id === id) return connection._socket;
    }
    return undefined;
  };
  const later = (ms: number, fn: () => void) => setTimeout(fn, ms);

  const server: SMTPServer = new SMTPServer({
    secure: true,
    key: TEST_KEY,
    cert: TEST_CA,
    authMethods: ['PLAIN', 'LOGIN'],
    logger: false,
    onConnect(_session, callback) {
      state.connections++;
      callback();
    },
    onAuth(auth, _session, callback) {
      if (auth.username === options.auth.user && auth.password === options.auth.pass) {
        return callback(null, { user: auth.username });
      }
      callback(reply(535, '5.7.8 Authentication credentials invalid'));
    },
    onMailFrom(_address, session, callback) {
      const fault = options.fault();
      planned.set(session.id, fault);
      state.faults.set(fault, (state.faults.get(fault) ?? 0) + 1);
      if (fault === '421-mail') {
        callback(reply(421, '4.3.2 Service shutting down, try again later'));
        // 421 means the server is closing the channel.
        later(5, () => socketOf(session.id)?.destroy());
        return;
      }
      if (fault === 'slow') return void later(150 + Math.floor(Math.random() * 250), () => callback());
      callback();
    },
    onRcptTo(_address, session, callback) {
      const fault = planned.get(session.id);
      if (fault === '451-rcpt') return callback(reply(451, '4.3.0 Temporary local problem, try again'));
      if (fault === 'drop-before-data') {
        socketOf(session.id)?.destroy();
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      stream.on('data', () => {});
      stream.on('end', () => {
        const fault = planned.get(session.id);
        planned.delete(session.id);
        if (fault === '451-data') return callback(reply(451, '4.7.1 Try again later'));
        const recipient = session.envelope.rcptTo[0]?.address ?? '';
        state.delivered.set(recipient, (state.delivered.get(recipient) ?? 0) + 1);
        if (fault === 'drop-after-data') {
          socketOf(session.id)?.destroy();
          return;
        }
        if (fault === 'slow') return void later(150 + Math.floor(Math.random() * 250), () => callback(null));
        callback(null);
      });
    },
    onClose(session) {
      planned.delete(session.id);
    },
  });
  server.on('error', () => {}); // dropped connections are the point
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.port = (server.server.address() as AddressInfo).port;
  return state;
}
