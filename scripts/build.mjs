// Builds everything the app and the tests run: the renderer (Vite), the installer agent bundle, the Electron
// main and preload bundles, the web mode server bundle and the `kiln` command line.
// `node scripts/build.mjs [renderer|agent|electron|server|cli]…` builds a subset.
import { chmod } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build as esbuild } from 'esbuild';
import { build as viteBuild } from 'vite';
import { buildShippedAgent } from './build-agent.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export async function buildRenderer() {
  await viteBuild({ configFile: path.join(root, 'renderer', 'vite.config.ts'), logLevel: 'warn' });
}

// ssh2 and cpu-features try optional native addons inside try/catch and fall back to JavaScript: left out of the
// bundles, those requires fail at run time and the fallback is used, the same on every platform. Everything else is
// bundled, so neither the packaged app nor web mode needs node_modules at run time (the packaging test checks it).
const common = { bundle: true, platform: 'node', format: 'cjs', logLevel: 'warning' };

/** The esbuild options of each Node bundle: Electron main and preload, and web mode's server. */
export const bundles = {
  main: {
    ...common,
    target: 'node22',
    external: ['electron', '*.node'],
    entryPoints: [path.join(root, 'electron/main/main.ts')],
    outfile: path.join(root, 'dist/electron/main.cjs'),
  },
  // Sandboxed preloads cannot require local files: bundle to one file.
  preload: {
    ...common,
    target: 'node22',
    external: ['electron', '*.node'],
    entryPoints: [path.join(root, 'electron/preload/preload.ts')],
    outfile: path.join(root, 'dist/electron/preload.cjs'),
  },
  // Web mode (`npm run web`, and `npm start` without Electron) runs this bundle with plain Node.
  server: {
    ...common,
    target: 'node20',
    external: ['*.node'],
    entryPoints: [path.join(root, 'electron/server/main.ts')],
    outfile: path.join(root, 'dist/server/main.cjs'),
  },
  // `kiln` (package.json bin): one file that runs with plain Node, no TypeScript compiled at run time.
  cli: {
    ...common,
    target: 'node20',
    external: ['*.node'],
    entryPoints: [path.join(root, 'electron/cli/main.ts')],
    outfile: path.join(root, 'dist/cli/kiln.cjs'),
    banner: { js: '#!/usr/bin/env node' },
  },
};

export async function buildElectron() {
  await esbuild(bundles.main);
  await esbuild(bundles.preload);
}

export async function buildServer() {
  await esbuild(bundles.server);
}

export async function buildCli() {
  await esbuild(bundles.cli);
  await chmod(bundles.cli.outfile, 0o755);
}

const steps = {
  renderer: buildRenderer,
  agent: () => buildShippedAgent(),
  electron: buildElectron,
  server: buildServer,
  cli: buildCli,
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const wanted = process.argv.slice(2);
  for (const [name, step] of Object.entries(steps)) {
    if (wanted.length > 0 && !wanted.includes(name)) continue;
    const started = Date.now();
    await step();
    console.log(`built ${name} in ${Date.now() - started} ms`);
  }
}
