import { configDefaults, defineConfig } from 'vitest/config';

// Two projects: `unit` needs no server (replay of recorded histories); `integration` (*.int.test.ts)
// gets one real PostgreSQL and one real Temporal dev server per run. `vitest run --project unit` starts neither.
export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      { extends: true, test: { name: 'unit', include: ['src/**/*.test.ts'], exclude: [...configDefaults.exclude, 'src/**/*.int.test.ts'] } },
      { extends: true, test: { name: 'integration', include: ['src/**/*.int.test.ts'], globalSetup: ['./vitest.global-setup.ts'], setupFiles: ['./vitest.setup.ts'] } },
    ],
  },
});
