/**
 * A queue worker process for `bench/queue.ts`: `queue-worker.ts <queue> <sinkPort> <concurrency>`.
 * Same mailer as the direct run (TLS + AUTH, pool of 5). Sends `'ready'` over IPC once taking jobs;
 * closes gracefully on SIGTERM.
 */
import { createMailer } from '../src/mailer.js';
import { createMailWorker } from '../src/queue/index.js';
import { smtp } from '../src/transports/smtp.js';
import { TEST_CA } from '../test/helpers/smtp-server.js';

const [queue, port, concurrency] = process.argv.slice(2);
const mailer = createMailer({
  templates: process.env.BENCH_TEMPLATES,
  transport: smtp({
    host: '127.0.0.1',
    port: Number(port),
    secure: true,
    user: 'bench@acme.test',
    pass: 'bench-secret',
    tls: { ca: TEST_CA },
    maxConnections: 5,
    maxMessages: 100_000,
  }),
  from: 'bench@acme.test',
});
const worker = createMailWorker(mailer, {
  connection: process.env.MAILSMITH_REDIS ?? 'redis://127.0.0.1:6379',
  name: queue,
  concurrency: Number(concurrency),
});
await worker.ready();
process.send?.('ready');
