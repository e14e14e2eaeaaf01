import { defineConfig } from 'vitest/config';

/**
 * `npm run test:live`: one real message through each HTTP provider whose credentials are in the
 * environment (README "Providers" → "Live smoke test"). Never part of `npm test` or CI: it needs
 * accounts and sends real mail.
 */
export default defineConfig({
  test: {
    include: ['test/live/**/*.live.ts'],
    testTimeout: 60_000,
  },
});
