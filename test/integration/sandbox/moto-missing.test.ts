// When moto is not installed, starting the sandbox fails at once with one clear message saying what to do.
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KilnFailure } from '../../../electron/common/result';
import { startSandbox } from '../../../electron/core/sandbox/sandbox';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'kiln-no-moto-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('sandbox without moto', () => {
  it('says moto_server is not on PATH and how to fix it', async () => {
    const error = await startSandbox({ rootDir: dir, env: { ...process.env, PATH: dir } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KilnFailure);
    expect((error as KilnFailure).error.code).toBe('SandboxUnavailable');
    expect((error as KilnFailure).message).toBe(
      "moto_server is not on PATH: install moto (pip install 'moto[server]') or choose a real AWS profile",
    );
  });

  it('names the binary it looked for', async () => {
    const error = await startSandbox({ rootDir: dir, moto: { motoServerBinary: 'moto_server_not_here' } }).catch(
      (e: unknown) => e,
    );
    expect((error as Error).message).toMatch(/^moto_server_not_here is not on PATH: install moto/);
  });

  it('says when moto_server exists but its Python cannot import moto', async () => {
    const fakeServer = path.join(dir, 'moto_server');
    const fakePython = path.join(dir, 'python-without-moto');
    await writeFile(fakeServer, '#!/bin/sh\nexit 1\n');
    await writeFile(fakePython, '#!/bin/sh\necho "ModuleNotFoundError: No module named \'moto\'" >&2\nexit 1\n');
    await Promise.all([chmod(fakeServer, 0o755), chmod(fakePython, 0o755)]);
    const error = await startSandbox({
      rootDir: dir,
      env: { ...process.env, PATH: `${dir}${path.delimiter}${process.env.PATH}` },
      moto: { python: fakePython },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KilnFailure);
    expect((error as Error).message).toContain('cannot import moto');
    expect((error as Error).message).toContain("No module named 'moto'");
    expect((error as Error).message).toContain("pip install 'moto[server]'");
  });

  it("reports the launcher's stderr when it dies before listening", async () => {
    const launcher = path.join(dir, 'broken_launcher.py');
    await writeFile(launcher, 'import sys\nprint("launcher broke: port in use", file=sys.stderr)\nsys.exit(3)\n');
    const error = await startSandbox({ rootDir: dir, moto: { launcherPath: launcher } }).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/exited before listening \(code 3\)/);
    expect((error as Error).message).toContain('launcher broke: port in use');
  }, 30_000);
});
