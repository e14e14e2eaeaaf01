/**
 * A TLS + AUTH smtp-server that accepts and discards mail, run in its own process by the send
 * benchmark so the server's CPU does not share the event loop with the clients being measured.
 * Plain JavaScript, so it starts without a TypeScript loader. Talks over IPC:
 * sends `{ port }` once listening; answers `'count'` with `{ count, bytes }`; exits on `'stop'`.
 * SINK_DELAY_MS holds back the reply to each message, as a remote server's latency would.
 */
import { readFileSync } from 'node:fs';
import { SMTPServer } from 'smtp-server';

const tls = new URL('../test/fixtures/tls/', import.meta.url);
const user = process.env.SINK_USER ?? 'bench@acme.test';
const pass = process.env.SINK_PASS ?? 'bench-secret';
const delayMs = Number(process.env.SINK_DELAY_MS ?? 0);
let count = 0;
let bytes = 0;

const server = new SMTPServer({
  secure: true,
  key: readFileSync(new URL('key.pem', tls)),
  cert: readFileSync(new URL('cert.pem', tls)),
  authMethods: ['PLAIN', 'LOGIN'],
  logger: false,
  onAuth(auth, _session, callback) {
    if (auth.username === user && auth.password === pass) return callback(null, { user });
    callback(Object.assign(new Error('Authentication credentials invalid'), { responseCode: 535 }));
  },
  onData(stream, _session, callback) {
    stream.on('data', (chunk) => {
      bytes += chunk.length;
    });
    stream.on('end', () => {
      count++;
      if (delayMs > 0) setTimeout(callback, delayMs);
      else callback();
    });
  },
});
server.on('error', () => {});
server.listen(0, '127.0.0.1', () => process.send?.({ port: server.server.address().port }));
process.on('message', (message) => {
  if (message === 'count') process.send?.({ count, bytes });
  if (message === 'stop') server.close(() => process.exit(0));
});
process.on('disconnect', () => process.exit(0));
