import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

const webRoot = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: webRoot,
  // Keep Vite's and Vitest's caches in the root node_modules rather than creating one here.
  cacheDir: '../../node_modules/.vite/web',
  plugins: [react()],
  test: {
    environment: 'happy-dom',
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
    setupFiles: ['src/test/setup.ts'],
    env: { TZ: 'UTC' },
    testTimeout: 15_000,
  },
});
