// `npm start` on a machine without the Electron binary: falls back to web mode on the local sandbox, says so,
// prints the URL, serves the app behind the token, and stops every process it started.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../support/sandbox-backend';
import { waitFor } from '../../support/wait';

const children: ReturnType<typeof spawn>[] = [];
// Not the operator's own ~/.config/Kiln.
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'kiln-start-'));
afterAll(() => children.forEach((c) => c.exitCode === null && c.kill('SIGKILL')));

function descendants(pid: number): number[] {
  const out = execFileSync('ps', ['-eo', 'pid=,ppid='], { encoding: 'utf8' });
  const pairs = out
    .trim()
    .split('\n')
    .map((l) => l.trim().split(/\s+/).map(Number) as [number, number]);
  const result: number[] = [];
  const walk = (parent: number) => {
    for (const [child, ppid] of pairs) {
      if (ppid !== parent) continue;
      result.push(child);
      walk(child);
    }
  };
  walk(pid);
  return result;
}
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

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
});
