import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (p: string) => fileURLToPath(new URL(`./src/${p}`, import.meta.url));

export default defineConfig({
  resolve: {
    // Examples and tests import the package by name, as users do; resolve it to the sources.
    alias: [
      { find: /^mailsmith$/, replacement: src('index.ts') },
      { find: /^mailsmith\/testing$/, replacement: src('testing/index.ts') },
      { find: /^mailsmith\/vitest$/, replacement: src('vitest/index.ts') },
      { find: /^mailsmith\/preview$/, replacement: src('preview/index.ts') },
      { find: /^mailsmith\/queue$/, replacement: src('queue/index.ts') },
      { find: /^mailsmith\/bounces$/, replacement: src('bounces/index.ts') },
    ],
  },
  test: {
    include: ['test/**/*.test.ts', 'examples/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // The preview server serves the bundled client: build it before any test starts one.
    globalSetup: ['test/setup/preview-assets.ts'],
  },
});
