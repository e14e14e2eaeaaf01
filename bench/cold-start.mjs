// One cold start for bench/footprint.ts, in a fresh process on the built package (dist/): import
// mailsmith, create a mailer, send `receipt` once to memory://, print the time since process start.
// argv: <dist/index.js> <mail.compiled.js | templates folder> <data.json>
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const [dist, source, dataFile] = process.argv.slice(2);
const { createMailer } = await import(pathToFileURL(dist).href);
const templates = source.endsWith('.js') ? (await import(pathToFileURL(source).href)).default : source;
const mailer = createMailer({ templates, transport: 'memory://', from: 'shop@example.com' });
await mailer.send('receipt', JSON.parse(readFileSync(dataFile, 'utf8')), { to: 'ada@example.com' });
// performance.now() counts from the process's time origin, i.e. its start.
const ms = performance.now();
process.stdout.write(JSON.stringify({ ms, rssMb: process.memoryUsage().rss / 2 ** 20 }));
