import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'examples/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // SMTP and browser tests bind ports and spawn processes; keep files isolated but not oversubscribed on 2 cores.
    pool: 'forks',
  },
});
