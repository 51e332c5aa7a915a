// Proof (5) of durable state, the core side of the desktop app's secret store: a process writing secrets is killed
// with SIGKILL in the middle of its writes, and the file it leaves is always whole (each write is a temporary file,
// fsync, rename; the temporary file a kill leaves is removed by the next process). A file that cannot be parsed all
// the same (cut short by hand here) is moved aside and reported by the next process, never replaced: the secrets in
// it can still be recovered from the backup.
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { StorageProblem } from '../../../electron/common/models';
import { parseSecretsFile } from '../../../electron/core/store/secret-file-store';
import { REPO_ROOT } from '../../support/sandbox-backend';
import { waitFor } from '../../support/wait';

const FIXTURE = path.join(__dirname, 'fixtures', 'secret-store-process.ts');
const children: ReturnType<typeof spawn>[] = [];
afterAll(() => children.forEach((c) => c.exitCode === null && c.kill('SIGKILL')));

function run(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE, ...args], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, exited, output: () => output };
}

describe('the secrets file through a crash and a damaged file', () => {
  it('is whole after a SIGKILL mid-write, and a damaged one is moved aside and reported, not replaced', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'kiln-secrets-crash-'));
    const file = path.join(dir, 'secrets.json');

    for (const killAfter of [30, 120]) {
      const writer = run(['write', file]);
      await waitFor(
        `${killAfter} writes`,
        () => Number(/WROTE (\d+)\n$/.exec(writer.output())?.[1] ?? 0) >= killAfter,
        30_000,
        5,
      );
      writer.child.kill('SIGKILL');
      await writer.exited;
      expect(parseSecretsFile(await readFile(file, 'utf8'))).toBeDefined();
    }

    const whole = await readFile(file, 'utf8');
    const damaged = whole.slice(0, Math.floor(whole.length / 2));
    await writeFile(file, damaged);
    const reader = run(['read', file, 'agent-token:launch-1']);
    expect(await reader.exited).toBe(0);
    const { value, problems } = JSON.parse(reader.output()) as { value: string | null; problems: StorageProblem[] };

    expect(value).toBeNull();
    expect(problems).toEqual([
      expect.objectContaining({
        kind: 'secrets',
        file,
        backupPath: expect.stringContaining('secrets.json.unreadable-'),
      }),
    ]);
    expect(await readFile(problems[0].backupPath, 'utf8')).toBe(damaged);
    expect((await readdir(dir)).sort()).toEqual(['secrets.json', path.basename(problems[0].backupPath)].sort());
    expect(Object.keys(parseSecretsFile(await readFile(file, 'utf8'))!)).toEqual(['agent-token:after-restart']);
  }, 90_000);
});
