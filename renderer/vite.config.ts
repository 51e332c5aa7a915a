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
    // The launches page loads first; the other pages, the console (xterm.js) and the editor (Ace) load on demand.
    chunkSizeWarningLimit: 1000,
    rolldownOptions: {
      output: {
        codeSplitting: {
          // zod with the module that turns its eval probe off (common/zod-csp.ts), in a chunk of their own: every
          // chunk that defines a schema imports it, so the setting is in place before the first schema is built
          // (otherwise the probe runs first and the CSP reports it).
          groups: [{ name: 'zod', test: /[\\/]node_modules[\\/]zod[\\/]|[\\/]common[\\/]zod-csp\.ts$/ }],
        },
      },
    },
  },
});
