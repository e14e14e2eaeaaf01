/**
 * Bundles the preview app's browser code (src/preview/ui/client: TypeScript + CSS, type-checked by
 * tsc and linted by Biome like the rest) into `app.js` and `app.css`, which the preview server serves.
 * `npm run build` writes dist/preview/assets (what the package ships); tests and `tsx` runs read
 * src/preview/assets, which vitest's global setup writes (gitignored).
 *
 * @example
 * node --import tsx scripts/bundle-preview.ts dist/preview/assets
 */
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const client = `${root}src/preview/ui/client`;

export async function bundlePreview(outdir: string): Promise<void> {
  await build({
    absWorkingDir: root,
    entryPoints: [
      { in: `${client}/main.ts`, out: 'app' },
      { in: `${client}/app.css`, out: 'app' },
    ],
    outdir,
    bundle: true,
    format: 'esm',
    target: ['es2022', 'chrome100', 'firefox100', 'safari15'],
    charset: 'utf8',
    legalComments: 'none',
    logLevel: 'warning',
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await bundlePreview(process.argv[2] ?? 'src/preview/assets');
}
