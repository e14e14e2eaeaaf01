import { defineConfig } from 'vitest/config';

/** `npm run test:pack`: the packed tarball, installed runtime-only (slow; its own CI step). */
export default defineConfig({
  test: {
    include: ['test/pack/**/*.pack.ts'],
    testTimeout: 120_000,
    hookTimeout: 600_000,
  },
});
