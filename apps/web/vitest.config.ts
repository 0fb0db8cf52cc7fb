import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

const webRoot = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: webRoot,
  // Keep Vite's and Vitest's caches in the root node_modules rather than creating one here.
  cacheDir: '../../node_modules/.vite/web',
  plugins: [react()],
  // The platform's amount formatting and error catalogue and the activity
  // form's bounds, shared with the services (files without imports).
  resolve: {
    alias: {
      '@goodloop/money/format': fileURLToPath(new URL('../../libs/money/src/format.ts', import.meta.url)),
      '@goodloop/contracts/error-messages': fileURLToPath(new URL('../../libs/contracts/src/error-messages.ts', import.meta.url)),
      '@goodloop/contracts/volunteer-limits': fileURLToPath(
        new URL('../../libs/contracts/src/volunteers/limits.ts', import.meta.url),
      ),
    },
  },
  test: {
    environment: 'happy-dom',
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
    setupFiles: ['src/test/setup.ts'],
    env: { TZ: 'UTC' },
    testTimeout: 15_000,
  },
});
