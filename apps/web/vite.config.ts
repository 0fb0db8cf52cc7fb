import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** The web folder, so the build works the same from the repository root or from here. */
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
  build: {
    // Relative to `root`: apps/web/dist, which the gateway serves at `/`.
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 700,
    rolldownOptions: {
      output: {
        codeSplitting: {
          // React, routing, data fetching and i18n change rarely: one long-cached chunk.
          // antd is left to automatic splitting so each page only pulls the components it uses.
          groups: [
            {
              name: 'vendor-react',
              test: /node_modules[\\/](react|react-dom|scheduler|react-router|@tanstack|i18next|react-i18next)[\\/]/,
            },
          ],
        },
      },
    },
  },
  server: {
    port: 5173,
    proxy: {
      '/api': { target: 'http://127.0.0.1:3000', changeOrigin: false },
    },
  },
  preview: {
    proxy: {
      '/api': { target: 'http://127.0.0.1:3000', changeOrigin: false },
    },
  },
});
