import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';

const tlsDir = new URL('../fixtures/tls/', import.meta.url);
/** The self-signed `localhost` certificate the test servers use; trust it with `tls: { ca: TEST_CA }`. */
export const TEST_CA = readFileSync(new URL('cert.pem', tlsDir), 'utf8');
const TEST_KEY = readFileSync(new URL('key.pem', tlsDir), 'utf8');

/** A full reply line such as `535 Login Fail. …`; the leading code becomes the SMTP response code. */
export type Reply = string;

export interface TestServerOptions {
  /** Implicit TLS (like port 465). Otherwise plain with STARTTLS offered (like 587). @default false */
  secure?: boolean;
  /** Do not offer STARTTLS (a plain-only server). Implies AUTH is allowed in clear, to catch clients that try. */
  noStartTls?: boolean;
  /** Accepted credentials; omit for a server without AUTH. */
  auth?: { user: string; pass: string };
  /** SIZE limit in bytes; bigger messages get smtp-server's own 552. */
  size?: number;
  /** Milliseconds to wait before answering the end of DATA (a slow server, sends stay in flight). */
  dataDelayMs?: number;
  /** Offer SMTPUTF8 (internationalized addresses). @default true, as smtp-server does */
  smtputf8?: boolean;
  /** Scripted failures: the reply to send instead of accepting. */
  fail?: {
    /** A reply, or one computed from the attempt (e.g. a server that echoes the credentials). */
    auth?: Reply | ((attempt: { method: string; user: string; pass: string }) => Reply);
    mailFrom?: Reply;
    rcptTo?: Reply | ((address: string) => Reply | undefined);
    data?: Reply;
  };
}

export interface ReceivedMessage {
  raw: Buffer;
  from: string;
  to: string[];
  /** The authenticated user, if any. */
  user?: string;
  /** Whether the session was encrypted (implicit TLS or after STARTTLS). */
  secure: boolean;
}

export interface TestServer {
  host: '127.0.0.1';
  port: number;
  messages: ReceivedMessage[];
  /** Connections opened so far (the pool reuses them). */
  connections: number;
  /** Every AUTH attempt, with whether it happened over TLS. */
  authAttempts: { user: string; secure: boolean }[];
  /** Every MAIL FROM the server saw (a transaction started), accepted or not, with its SMTPUTF8 flag. */
  transactions: { from: string; smtputf8: boolean }[];
  close(): Promise<void>;
}

/**
 * Starts a real `smtp-server` on an ephemeral 127.0.0.1 port. Note smtp-server waits 100 ms before
 * greeting each new connection, so connection counts matter more than wall time.
 */
export async function startSmtpServer(options: TestServerOptions = {}): Promise<TestServer> {
  const state: TestServer = {
    host: '127.0.0.1',
    port: 0,
    messages: [],
    connections: 0,
    authAttempts: [],
    transactions: [],
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  const { fail = {} } = options;
  const config: SMTPServerOptions = {
    secure: options.secure ?? false,
    key: TEST_KEY,
    cert: TEST_CA,
    hideSTARTTLS: options.noStartTls ?? false,
    hideSMTPUTF8: options.smtputf8 === false,
    authOptional: !options.auth,
    authMethods: ['PLAIN', 'LOGIN'],
    allowInsecureAuth: options.noStartTls ?? false,
    // hideSTARTTLS alone still honours a STARTTLS the client sends unasked; disabling it makes a plain-only server.
    disabledCommands: [...(options.auth ? [] : ['AUTH']), ...(options.noStartTls ? ['STARTTLS'] : [])],
    size: options.size,
    logger: false,
    onConnect(_session, callback) {
      state.connections++;
      callback();
    },
    onAuth(auth, session, callback) {
      state.authAttempts.push({ user: auth.username ?? '', secure: Boolean(session.secure) });
      if (typeof fail.auth === 'function') {
        const attempt = { method: auth.method, user: auth.username ?? '', pass: auth.password ?? '' };
        return callback(replyError(fail.auth(attempt)));
      }
      if (fail.auth) return callback(replyError(fail.auth));
      const ok = options.auth && auth.username === options.auth.user && auth.password === options.auth.pass;
      if (!ok) return callback(replyError('535 5.7.8 Authentication credentials invalid'));
      callback(null, { user: auth.username });
    },
    onMailFrom(address, _session, callback) {
      const args = (address as { args?: Record<string, unknown> }).args ?? {};
      state.transactions.push({ from: address.address, smtputf8: Boolean(args.SMTPUTF8) });
      callback(fail.mailFrom ? replyError(fail.mailFrom) : null);
    },
    onRcptTo(address, _session, callback) {
      const reply = typeof fail.rcptTo === 'function' ? fail.rcptTo(address.address) : fail.rcptTo;
      callback(reply ? replyError(reply) : null);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if ((stream as { sizeExceeded?: boolean }).sizeExceeded) {
          return callback(replyError('552 5.3.4 Error: message exceeds fixed maximum message size'));
        }
        if (fail.data) return callback(replyError(fail.data));
        if (options.dataDelayMs) {
          setTimeout(() => accept(), options.dataDelayMs);
          return;
        }
        accept();
      });
      const accept = () => {
        state.messages.push({
          raw: Buffer.concat(chunks),
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          user: session.user as string | undefined,
          secure: Boolean(session.secure),
        });
        callback(null);
      };
    },
  };
  const server = new SMTPServer(config);
  server.on('error', () => {}); // a client dropping mid-TLS is expected in failure tests
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.port = (server.server.address() as AddressInfo).port;
  return state;
}

function replyError(reply: Reply): Error & { responseCode: number } {
  const m = /^(\d{3})[ -]?(.*)$/s.exec(reply);
  return Object.assign(new Error(m ? m[2] : reply), { responseCode: m ? Number(m[1]) : 550 });
}
