// `npm start`: the Electron app where its binary exists; otherwise (as on machines that cannot download it) web
// mode with the local sandbox, saying so. `npm run web` (or `--web`) always starts web mode.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

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

const needsBuild = ['dist/renderer/index.html', 'dist/agent/kiln-agent.cjs', 'dist/electron/main.cjs'].some(
  (file) => !existsSync(path.join(root, file)),
);
if (needsBuild) {
  console.log('Building Kiln (first start)…');
  const { buildRenderer, buildElectron } = await import('./build.mjs');
  const { buildAgent } = await import('./build-agent.mjs');
  await buildRenderer();
  await buildAgent({ minify: true });
  await buildElectron();
}

const electron = webOnly ? undefined : electronBinary();
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
  child = spawn(process.execPath, [path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'electron/server/main.ts', ...passThrough], {
    cwd: root,
    stdio: 'inherit',
  });
}
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('close', (code, signal) => process.exit(code ?? (signal === 'SIGINT' || signal === 'SIGTERM' ? 0 : 1)));
