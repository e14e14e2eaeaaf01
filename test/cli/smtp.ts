import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { root } from './run.js';

export const certFile = join(root, 'test/fixtures/tls/cert.pem');

export interface TestServer {
  port: number;
  received: Array<{ from: string; to: string[]; mail: ParsedMail }>;
  close(): Promise<void>;
}

/** A real SMTP server on an ephemeral loopback port that keeps what it receives. */
export async function startServer(options: SMTPServerOptions): Promise<TestServer> {
  const received: TestServer['received'] = [];
  const server = new SMTPServer({
    logger: false,
    ...options,
    onData(stream, session, callback) {
      simpleParser(stream).then((mail) => {
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
        received.push({ from, to: session.envelope.rcptTo.map((r) => r.address), mail });
        callback();
      }, callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return { port, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** Plain SMTP without TLS or AUTH, as a local catcher runs. */
export function startPlainServer(extra: SMTPServerOptions = {}): Promise<TestServer> {
  return startServer({ authOptional: true, disabledCommands: ['STARTTLS', 'AUTH'], ...extra });
}

/** STARTTLS with the committed test certificate and AUTH; every login is refused with 535 unless `accept`. */
export function startAuthServer(accept = false): Promise<TestServer> {
  return startServer({
    key: readFileSync(join(root, 'test/fixtures/tls/key.pem')),
    cert: readFileSync(certFile),
    authMethods: ['PLAIN', 'LOGIN'],
    onAuth(auth, _session, callback) {
      if (accept) callback(null, { user: auth.username });
      else callback(Object.assign(new Error('Authentication failed'), { responseCode: 535 }));
    },
  });
}
