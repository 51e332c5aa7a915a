// `npm start`: the Electron app where its binary exists; otherwise (as on machines that cannot download it) web
// mode with the local sandbox, saying so. `npm run web` (or `--web`) always starts web mode. Both run the built
// bundles in dist/, built first when missing or older than their sources.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { superviseChild } from './child-lifetime.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const webOnly = args.includes('--web');
const passThrough = args.filter((a) => a !== '--web');

function electronBinary() {
  // Reading path.txt does not trigger electron's first-use download; require('electron') would.
  const dir = path.join(root, 'node_modules', 'electron');
  const pathFile = path.join(dir, 'path.txt');
  if (!existsSync(pathFile)) return undefined;
  const binary = path.join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : undefined;
}

/** Newest modification time of the files at or under `paths` (relative to the root). */
function newestSource(paths) {
  let newest = 0;
  for (const source of paths) {
    const full = path.join(root, source);
    if (!existsSync(full)) continue;
    if (!statSync(full).isDirectory()) {
      newest = Math.max(newest, statSync(full).mtimeMs);
      continue;
    }
    for (const entry of readdirSync(full, { recursive: true, withFileTypes: true })) {
      if (entry.isFile())
        newest = Math.max(newest, statSync(path.join(entry.parentPath ?? entry.path, entry.name)).mtimeMs);
    }
  }
  return newest;
}

/** Each output that is missing or older than a file it is built from. */
function staleOutputs(names) {
  const outputs = {
    renderer: { file: 'dist/renderer/index.html', sources: ['renderer/src', 'renderer/index.html', 'electron/common'] },
    agent: { file: 'dist/agent/kiln-agent.cjs', sources: ['installer-agent/src'] },
    electron: {
      file: 'dist/electron/main.cjs',
      sources: ['electron/common', 'electron/core', 'electron/main', 'electron/preload'],
    },
    server: { file: 'dist/server/main.cjs', sources: ['electron/common', 'electron/core', 'electron/server'] },
  };
  return names.filter((name) => {
    const file = path.join(root, outputs[name].file);
    return !existsSync(file) || statSync(file).mtimeMs < newestSource(outputs[name].sources);
  });
}

const electron = webOnly ? undefined : electronBinary();
const stale = staleOutputs(['renderer', 'agent', electron ? 'electron' : 'server']);
if (stale.length > 0) {
  console.log(`Building Kiln (${stale.join(', ')})…`);
  const build = await import('./build.mjs');
  const { buildShippedAgent } = await import('./build-agent.mjs');
  const steps = {
    renderer: build.buildRenderer,
    agent: () => buildShippedAgent(),
    electron: build.buildElectron,
    server: build.buildServer,
  };
  for (const name of stale) await steps[name]();
}

let child;
if (electron) {
  child = spawn(electron, [root, ...passThrough], { cwd: root, stdio: 'inherit' });
} else {
  if (!webOnly) {
    console.log(
      'The Electron binary is not installed on this machine (it is downloaded on first use, and that download is not possible here).\n' +
        'Starting Kiln in web mode instead: open the URL below in a browser.\n',
    );
  }
  child = spawn(process.execPath, [path.join(root, 'dist', 'server', 'main.cjs'), ...passThrough], {
    cwd: root,
    stdio: 'inherit',
  });
}
// Signals reach the child, which is waited for; losing the parent (npm ended by SIGTERM) stops it too.
superviseChild(child);
