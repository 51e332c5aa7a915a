// Builds everything the app and the tests run: the renderer (Vite), the installer agent bundle, the Electron
// main and preload bundles. `node scripts/build.mjs [renderer|agent|electron]…` builds a subset.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build as esbuild } from 'esbuild';
import { build as viteBuild } from 'vite';
import { buildAgent } from './build-agent.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export async function buildRenderer() {
  await viteBuild({ configFile: path.join(root, 'renderer', 'vite.config.ts'), logLevel: 'warn' });
}

export async function buildElectron() {
  // ssh2 and cpu-features try optional native addons inside try/catch and fall back to JavaScript: left out of the
  // bundle, those requires fail at run time and the fallback is used, the same on every platform.
  const common = { bundle: true, platform: 'node', format: 'cjs', target: 'node22', external: ['electron', '*.node'], logLevel: 'warning' };
  await esbuild({ ...common, entryPoints: [path.join(root, 'electron/main/main.ts')], outfile: path.join(root, 'dist/electron/main.cjs') });
  // Sandboxed preloads cannot require local files: bundle to one file.
  await esbuild({ ...common, entryPoints: [path.join(root, 'electron/preload/preload.ts')], outfile: path.join(root, 'dist/electron/preload.cjs') });
}

const steps = { renderer: buildRenderer, agent: () => buildAgent({ minify: true }), electron: buildElectron };

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const wanted = process.argv.slice(2);
  for (const [name, step] of Object.entries(steps)) {
    if (wanted.length > 0 && !wanted.includes(name)) continue;
    const started = Date.now();
    await step();
    console.log(`built ${name} in ${Date.now() - started} ms`);
  }
}
