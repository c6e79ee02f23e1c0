import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts'],
    environment: 'node',
    // Training runs are CPU-heavy; a generous per-test limit avoids flaky timeouts on 2 cores.
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
