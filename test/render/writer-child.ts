/**
 * A separate process that saves a file the way editors do (write a temp file, rename it over), on
 * request: message `{ path, text, n, delay? }` → waits `delay` ms, writes, then answers `n`. Used to race saves against compiles.
 */
import { rename, writeFile } from 'node:fs/promises';

process.on('message', async (m: { path: string; text: string; n: number; delay?: number } | 'stop') => {
  if (m === 'stop') process.exit(0);
  if (m.delay) await new Promise((resolve) => setTimeout(resolve, m.delay));
  const tmp = `${m.path}.${m.n}.tmp`;
  await writeFile(tmp, m.text);
  await rename(tmp, m.path);
  process.send?.(m.n);
});
process.send?.('ready');
