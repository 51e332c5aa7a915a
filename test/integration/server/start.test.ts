// `npm start` on a machine without the Electron binary: falls back to web mode on the local sandbox, says so,
// prints the URL, serves the app behind the token, and stops every process it started. A SIGTERM to the script, or
// to the npm process running it, stops the server, the sandbox and moto, and removes the sandbox's directory (it
// holds instance TLS keys).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { alive, descendants } from '../../support/processes';
import { REPO_ROOT } from '../../support/sandbox-backend';
import { waitFor } from '../../support/wait';

const children: ReturnType<typeof spawn>[] = [];
// Not the operator's own ~/.config/Kiln.
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'kiln-start-'));
// Whatever a failed stop left running is ended here, so a failure does not leave orphans behind.
const startedTrees: number[] = [];
afterAll(() => {
  children.forEach((c) => c.exitCode === null && c.kill('SIGKILL'));
  for (const pid of startedTrees) if (alive(pid)) process.kill(pid, 'SIGKILL');
});

/** Starts `command args` in web mode on a fresh data dir; resolves once it serves, with its processes and sandbox dir. */
async function startWeb(command: string, args: string[]) {
  const child = spawn(command, args, {
    cwd: REPO_ROOT,
    env: { ...process.env, KILN_PORT: '0', KILN_DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'kiln-start-')) },
  });
  children.push(child);
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  await waitFor('the web mode URL', () => /KILN-WEB-READY (\S+)/.exec(output)?.[1], 60_000);
  const sandboxDir = /instances under (\S+)/.exec(output)?.[1];
  const started = descendants(child.pid!);
  startedTrees.push(...started);
  return { child, sandboxDir, started, output: () => output };
}

describe('npm start', () => {
  it('falls back to web mode with the sandbox, serves the app with the token, and stops cleanly', async () => {
    const child = spawn(process.execPath, ['scripts/start.mjs'], {
      cwd: REPO_ROOT,
      env: { ...process.env, KILN_PORT: '0', KILN_DATA_DIR: dataDir },
    });
    children.push(child);
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));

    const url = await waitFor('the web mode URL', () => /KILN-WEB-READY (\S+)/.exec(output)?.[1], 60_000);
    expect(output).toMatch(/Electron binary is not installed/);
    expect(output).toMatch(/Local sandbox: moto at http:\/\/127\.0\.0\.1:\d+/);
    const { origin, hash } = new URL(url);
    expect(new URL(url).hostname).toBe('127.0.0.1');
    const token = decodeURIComponent(hash.replace('#token=', ''));

    const page = await fetch(`${origin}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');
    const refused = await fetch(`${origin}/api/commands/profiles.list`, { method: 'POST', body: '{}' });
    expect(refused.status).toBe(401);
    const profiles = await fetch(`${origin}/api/commands/profiles.list`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: '{}',
    });
    const body = (await profiles.json()) as { ok: boolean; value: Array<{ id: string; available: boolean }> };
    expect(body.ok).toBe(true);
    expect(body.value.find((p) => p.id === 'local-sandbox')?.available).toBe(true);

    const started = descendants(child.pid!);
    expect(started.length).toBeGreaterThan(1);
    child.kill('SIGINT');
    await waitFor('npm start to exit', () => child.exitCode !== null, 20_000);
    await waitFor('every started process to stop', () => started.every((pid) => !alive(pid)), 10_000);
  });

  it('stops everything and removes the sandbox directory on SIGTERM to node scripts/start.mjs --web', async () => {
    const { child, sandboxDir, started } = await startWeb(process.execPath, ['scripts/start.mjs', '--web']);
    expect(sandboxDir).toMatch(/kiln-sandbox-/);
    expect(existsSync(sandboxDir!)).toBe(true);
    // The server and moto at least.
    expect(started.length).toBeGreaterThanOrEqual(2);
    child.kill('SIGTERM');
    await waitFor('start.mjs to exit', () => child.exitCode !== null || child.signalCode !== null, 60_000);
    await waitFor('every started process to stop', () => started.every((pid) => !alive(pid)), 60_000);
    await waitFor('the sandbox directory to be removed', () => !existsSync(sandboxDir!), 10_000);
  }, 180_000);

  it('stops everything and removes the sandbox directory on SIGTERM to the npm start process', async () => {
    // npm runs the script under `sh -c` and ends with the shell on SIGTERM: start.mjs sees its parent go.
    const { child, sandboxDir, started, output } = await startWeb('npm', ['start']);
    expect(sandboxDir).toMatch(/kiln-sandbox-/);
    expect(started.length).toBeGreaterThanOrEqual(3);
    child.kill('SIGTERM');
    await waitFor('npm to exit', () => child.exitCode !== null || child.signalCode !== null, 60_000);
    await waitFor('every started process to stop', () => started.every((pid) => !alive(pid)), 60_000);
    await waitFor('the sandbox directory to be removed', () => !existsSync(sandboxDir!), 10_000);
    expect(output()).toContain('Stopping Kiln…');
  }, 180_000);
});
