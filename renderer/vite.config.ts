/** Builds the renderer into dist/renderer: `npx vite build --config renderer/vite.config.ts`. */
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * The dev server injects an inline React Refresh preamble that script-src 'self' forbids; the policy stays in
 * every build and is only dropped while serving for development.
 */
function dropCspWhileServing(): Plugin {
  return {
    name: 'kiln-drop-csp-while-serving',
    apply: 'serve',
    transformIndexHtml: (html) => html.replace(/<meta\s+http-equiv="Content-Security-Policy"[^>]*>/s, ''),
  };
}

export default defineConfig({
  root,
  base: './',
  plugins: [react(), dropCspWhileServing()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    // One chunk loaded from disk or loopback; React, Cloudscape and zod are ~1.1 MB minified (~330 kB gzip).
    chunkSizeWarningLimit: 1500,
  },
});
