import { readFile } from 'node:fs/promises';
import { ConfigError } from '../errors/ConfigError.js';

/** The preview app's client, bundled at build time (scripts/bundle-preview.ts) next to this file. */
export interface PreviewAssets {
  js: string;
  css: string;
}

/** Reads `assets/app.js` and `assets/app.css` once, when a preview server starts. */
export async function loadPreviewAssets(dir = new URL('./assets/', import.meta.url)): Promise<PreviewAssets> {
  try {
    const [js, css] = await Promise.all([
      readFile(new URL('app.js', dir), 'utf8'),
      readFile(new URL('app.css', dir), 'utf8'),
    ]);
    return { js, css };
  } catch (error) {
    throw new ConfigError(`The preview client bundle is missing from ${dir.pathname}`, {
      cause: error,
      hint: 'run `npm run build` (it bundles src/preview/ui/client with esbuild), or reinstall mailsmith',
    });
  }
}
