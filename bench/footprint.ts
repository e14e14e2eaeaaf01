/**
 * The production footprint (issue 14), side by side: cold start (process start → first send) with
 * templates prebuilt by `mailsmith build` vs compiled from source, the installed size of a
 * runtime-only install vs the default one, and warm renders/s prebuilt vs from source.
 */
import { execFile } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { buildTemplates } from '../src/build/index.js';
import { createMailer } from '../src/mailer.js';
import type { CompiledTemplates } from '../src/render/prebuilt.js';
import { installedSize, mb, npmInstall, packTarball } from '../test/helpers/pack.js';
import { check, fmt, median, rate } from './util.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));
const COLD_RUNS = 10;
const TARGET_COLD_MS = 200;
const TARGET_COLD_RATIO = 0.35;
const TARGET_WARM_RATIO = 0.9;
const WARM_ROUNDS = 8;

/** dist/ is what users run; rebuild it when any source file is newer. */
async function ensureDist(): Promise<string> {
  const entry = join(root, 'dist/index.js');
  const newest = async (dir: string): Promise<number> => {
    let max = 0;
    for (const e of await readdir(dir, { recursive: true, withFileTypes: true })) {
      if (e.isFile()) max = Math.max(max, statSync(join(e.parentPath, e.name)).mtimeMs);
    }
    return max;
  };
  if (!existsSync(entry) || statSync(entry).mtimeMs < (await newest(join(root, 'src')))) {
    console.log('building dist/ (tsc)…');
    await run('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: root });
  }
  return entry;
}

async function coldStart(dist: string, source: string, dataFile: string) {
  const { stdout } = await run(
    process.execPath,
    [join(root, 'bench/cold-start.mjs'), dist, source, dataFile],
    {
      cwd: root,
    },
  );
  return JSON.parse(stdout) as { ms: number; rssMb: number };
}

export async function benchFootprint(options: { templates: string; data: Record<string, unknown>[] }) {
  console.log('\nproduction footprint (`mailsmith build`)');
  const work = await mkdtemp(join(tmpdir(), 'mailsmith-bench-footprint-'));
  try {
    const built = await buildTemplates(options.templates, { version: 'bench' });
    await writeFile(join(work, 'package.json'), '{ "type": "module" }');
    const modulePath = join(work, 'mail.compiled.js');
    await writeFile(modulePath, built.code);
    const dataFile = join(work, 'data.json');
    await writeFile(dataFile, JSON.stringify(options.data[0]));

    // 1. Cold start, alternating so machine load hits both sides alike.
    const dist = await ensureDist();
    const prebuilt: { ms: number; rssMb: number }[] = [];
    const source: { ms: number; rssMb: number }[] = [];
    for (let i = 0; i < COLD_RUNS; i++) {
      prebuilt.push(await coldStart(dist, modulePath, dataFile));
      source.push(await coldStart(dist, options.templates, dataFile));
    }
    // Node's own start on this machine right now, for scale: a busy machine slows every process.
    const bare: number[] = [];
    for (let i = 0; i < COLD_RUNS; i++) {
      const { stdout } = await run(process.execPath, [
        '-e',
        'process.stdout.write(String(performance.now()))',
      ]);
      bare.push(Number(stdout));
    }
    const pre = median(prebuilt.map((r) => r.ms));
    const src = median(source.map((r) => r.ms));
    console.log(
      `cold start, process start → first send() of "receipt" to memory:// (median of ${COLD_RUNS}):`,
    );
    console.log(
      `  prebuilt     ${fmt(pre).padStart(6)} ms   peak RSS ${fmt(median(prebuilt.map((r) => r.rssMb)))} MB`,
    );
    console.log(
      `  from source  ${fmt(src).padStart(6)} ms   peak RSS ${fmt(median(source.map((r) => r.rssMb)))} MB`,
    );
    console.log(
      `  node alone   ${fmt(median(bare)).padStart(6)} ms   (an empty script: the floor on this machine now)`,
    );
    console.log(check(pre <= TARGET_COLD_MS, `prebuilt ${fmt(pre)} ms (target ≤ ${TARGET_COLD_MS} ms)`));
    console.log(
      check(
        pre / src <= TARGET_COLD_RATIO,
        `${fmt(pre / src, 2)}× from source (target ≤ ${TARGET_COLD_RATIO}×)`,
      ),
    );

    // 2. Installed size: the packed tarball, runtime-only vs default.
    const tarball = await packTarball(work);
    const sizes = [];
    for (const runtimeOnly of [true, false]) {
      const app = join(work, runtimeOnly ? 'runtime' : 'default');
      await mkdir(app);
      // The overrides keep MJML in a default install on Node 20 (README "A runtime-only install").
      const overrides = { 'js-beautify': { nopt: '^8.1.0' } };
      await writeFile(
        join(app, 'package.json'),
        JSON.stringify({ dependencies: { mailsmith: `file:${tarball}` }, overrides }),
      );
      await npmInstall(app, { runtimeOnly });
      sizes.push(await installedSize(app));
    }
    const [slim, full] = sizes as [
      Awaited<ReturnType<typeof installedSize>>,
      Awaited<ReturnType<typeof installedSize>>,
    ];
    console.log('installed size (npm install of the packed tarball, node_modules):');
    console.log(`  --omit=optional  ${fmt(mb(slim.bytes), 1).padStart(5)} MB  ${slim.packages} packages`);
    console.log(`  default          ${fmt(mb(full.bytes), 1).padStart(5)} MB  ${full.packages} packages`);
    console.log(
      check(slim.bytes <= 15 * 2 ** 20, `runtime-only ${fmt(mb(slim.bytes), 1)} MB (target ≤ 15 MB)`),
    );

    // 3. Warm renders/s, user-facing mailer.render(), interleaved rounds, best of each side.
    const compiled = (await import(modulePath)).default as CompiledTemplates;
    const fromModule = createMailer({ templates: compiled, transport: 'memory://' });
    const fromSource = createMailer({
      templates: options.templates,
      transport: 'memory://',
      checkInterval: false,
    });
    const render = (mailer: typeof fromModule) => (i: number) =>
      mailer.render('receipt', options.data[i % options.data.length] as never);
    await rate(render(fromModule), 500);
    await rate(render(fromSource), 500);
    // Short rounds in alternating order, each pair compared on its own: a shared machine's load drifts
    // over seconds, and a pair sees the same load where two long runs would not.
    const warm = { prebuilt: [] as number[], source: [] as number[], ratio: [] as number[] };
    for (let round = 0; round < WARM_ROUNDS; round++) {
      const first = round % 2 === 0;
      const a = await rate(render(first ? fromModule : fromSource), 700);
      const b = await rate(render(first ? fromSource : fromModule), 700);
      const [p, q] = first ? [a, b] : [b, a];
      warm.prebuilt.push(p);
      warm.source.push(q);
      warm.ratio.push(p / q);
    }
    const ratio = median(warm.ratio);
    console.log(`warm mailer.render() of "receipt" (validation on, median of ${WARM_ROUNDS} paired rounds):`);
    console.log(`  prebuilt     ${fmt(median(warm.prebuilt)).padStart(8)} renders/s`);
    console.log(`  from source  ${fmt(median(warm.source)).padStart(8)} renders/s`);
    console.log(
      check(ratio >= TARGET_WARM_RATIO, `prebuilt ${fmt(ratio, 2)}× from source (target within 10 %)`),
    );
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
