import { defineConfig } from 'vite';

// Cross-origin isolation (COOP + COEP) lets the wasm backend use threads.
const isolation = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

export default defineConfig({
  // Workspace packages resolve to their TypeScript sources; `browser` picks their browser entries.
  resolve: { conditions: ['@rimjs/source', 'browser', 'module', 'import', 'default'] },
  server: { headers: isolation },
  preview: { headers: isolation },
  base: './',
  build: { target: 'es2022', chunkSizeWarningLimit: 8000, sourcemap: false },
  optimizeDeps: { exclude: ['@tensorflow/tfjs-backend-wasm'], esbuildOptions: { target: 'es2022' } },
});
