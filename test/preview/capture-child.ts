/**
 * The SMTP capture server alone in its own process, so a test can read the server's RSS without the
 * test runner's own allocations in it. Speaks over IPC: sends `{ port }` when listening; answers
 * `'reset'` with `{ rss }` (peak sampling restarts) and `'peak'` with `{ peak }`; `'stop'` exits.
 */
import { startSmtpCapture } from '../../src/preview/inbox/smtp.js';
import { createInboxStore } from '../../src/preview/inbox/store.js';

const [dir, maxSize, maxClients] = process.argv.slice(2);
const store = await createInboxStore({ dir: dir! });
const smtp = await startSmtpCapture({
  store,
  port: 0,
  maxSize: Number(maxSize),
  maxClients: maxClients ? Number(maxClients) : undefined,
});
let peak = 0;
const sample = () => {
  peak = Math.max(peak, process.memoryUsage.rss());
};
const timer = setInterval(sample, 5);
process.on('message', (message) => {
  if (message === 'reset') {
    peak = 0;
    sample();
    process.send?.({ rss: peak });
  } else if (message === 'peak') {
    sample();
    process.send?.({ peak });
  } else if (message === 'stop') {
    clearInterval(timer);
    void smtp.close().then(() => process.exit(0));
  }
});
process.send?.({ port: smtp.port });
