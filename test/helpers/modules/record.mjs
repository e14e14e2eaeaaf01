// Preloaded with `node --import` by test/helpers/modules/index.ts: records every module the process
// loads, ESM through a loader hook (it sees imports, including CommonJS reached through import) and
// CommonJS through the require cache (nested require() calls never reach ESM hooks on Node 20).
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';
import { fileURLToPath } from 'node:url';

const out = process.env.MAILSMITH_LOADED_OUT;
if (!out) throw new Error('MAILSMITH_LOADED_OUT is not set');
const esm = `${out}.esm`;
writeFileSync(esm, '');
register(new URL('./hook.mjs', import.meta.url), { data: { out: esm } });

process.on('exit', () => {
  const fromHook = readFileSync(esm, 'utf8')
    .split('\n')
    .filter((url) => url.startsWith('file:'))
    .map((url) => fileURLToPath(url));
  const fromRequire = Object.keys(createRequire(import.meta.url).cache);
  writeFileSync(out, JSON.stringify([...new Set([...fromHook, ...fromRequire])].sort()));
});
