import { bundlePreview } from '../../scripts/bundle-preview.js';

/** Vitest global setup: the preview server serves the bundled client, so build it first (~50 ms). */
export default async function setup(): Promise<void> {
  await bundlePreview('src/preview/assets');
}
