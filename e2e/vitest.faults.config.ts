import { defineConfig } from 'vitest/config';

// `pnpm test:faults`: the production topology under faults (a Temporal server on PostgreSQL, two workers, two
// API processes). Slow by nature: one file, one cluster, tests in order.
export default defineConfig({
  test: { include: ['faults/**/*.faults.test.ts'], testTimeout: 600_000, hookTimeout: 900_000, fileParallelism: false },
});
