import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: { include: ['src/**/*.test.ts'], globalSetup: ['./vitest.global-setup.ts'], setupFiles: ['./vitest.setup.ts'], testTimeout: 60_000, hookTimeout: 120_000 },
});
