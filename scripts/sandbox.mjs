// `npm run sandbox`: the local sandbox on its own (electron/core/sandbox/cli.ts, run with tsx), stopped and cleaned up
// however this script is told to stop, a SIGTERM to npm included (see child-lifetime.mjs).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { superviseChild } from './child-lifetime.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const child = spawn(
  process.execPath,
  [
    path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'),
    path.join(root, 'electron', 'core', 'sandbox', 'cli.ts'),
    ...process.argv.slice(2),
  ],
  { cwd: root, stdio: 'inherit' },
);
superviseChild(child);
