import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

const api = process.env.LIANDONG_API_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  plugins: [react()],
  server: { proxy: { '/trpc': api, '/api': api, '/healthz': api, '/readyz': api } },
  build: { chunkSizeWarningLimit: 2000 },
  test: { include: ['src/**/*.test.ts'] },
});
