// `npm run sandbox` told to stop with a SIGTERM to npm (which ends npm and its shell without telling the script):
// the sandbox CLI, moto and the rest stop, and the temporary directory with the instances' keys is removed.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { alive, descendants } from '../../support/processes';
import { REPO_ROOT } from '../../support/sandbox-backend';
import { waitFor } from '../../support/wait';

const leftovers: number[] = [];
afterAll(() => {
  for (const pid of leftovers) if (alive(pid)) process.kill(pid, 'SIGKILL');
});

describe('npm run sandbox', () => {
  it('stops everything and removes its directory on SIGTERM to npm', async () => {
    // A home of its own: the sandbox keeps its run record in the default data directory.
    const home = mkdtempSync(path.join(os.tmpdir(), 'kiln-sandbox-cli-home-'));
    const npm = spawn('npm', ['run', 'sandbox', '--', '--quiet', '--pending-seconds', '0'], {
      cwd: REPO_ROOT,
      env: { ...process.env, HOME: home, XDG_CONFIG_HOME: path.join(home, '.config') },
    });
    let output = '';
    npm.stdout.on('data', (chunk) => (output += chunk));
    npm.stderr.on('data', (chunk) => (output += chunk));
    await waitFor('the sandbox to be ready', () => output.includes('KILN-SANDBOX-READY'), 60_000);
    const rootDir = /instances\s+(\S+)\/instances\//.exec(output)?.[1];
    expect(rootDir).toMatch(/kiln-sandbox-/);
    expect(existsSync(rootDir!)).toBe(true);
    const started = descendants(npm.pid!);
    leftovers.push(...started);
    // The shell, the launcher script, tsx, the CLI and moto.
    expect(started.length).toBeGreaterThanOrEqual(4);

    npm.kill('SIGTERM');
    await waitFor('npm to exit', () => npm.exitCode !== null || npm.signalCode !== null, 60_000);
    await waitFor('every started process to stop', () => started.every((pid) => !alive(pid)), 60_000);
    expect(existsSync(rootDir!)).toBe(false);
  }, 150_000);
});
