import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

const api = process.env.LIANDONG_API_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  plugins: [react()],
  server: { proxy: { '/trpc': api, '/api': api, '/healthz': api, '/readyz': api } },
  build: {
    rolldownOptions: {
      output: {
        // Pages are lazy (routes.tsx). The libraries every screen needs go in chunks of their own that
        // change less often than the app; antd only as far as the first screen uses it, so the table,
        // form and upload code stays with the pages that load it.
        codeSplitting: {
          groups: [
            { name: 'react', test: /[\\/]node_modules[\\/](react|react-dom|scheduler|react-router)[\\/]/, priority: 3 },
            { name: 'antd', test: /[\\/]node_modules[\\/](antd|@ant-design|@rc-component|rc-[^\\/]+)[\\/]/, priority: 2, tags: ['$initial'] },
            { name: 'data', test: /[\\/]node_modules[\\/](@tanstack|@trpc)[\\/]/, priority: 1 },
          ],
        },
      },
    },
  },
  // Components are rendered to HTML on the server side of react-dom (*.test.tsx): what a reader is shown, no browser needed.
  test: { include: ['src/**/*.test.ts', 'src/**/*.test.tsx'] },
});
