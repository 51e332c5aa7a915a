// The runtime both composition roots share: which Local sandbox the profiles offer (started, running on its own, or
// unavailable and why), the workstation's shared-config profiles, and no sandbox left running when the backend
// cannot start.
import { access, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dispatchCommand } from '../../../electron/common/dispatch';
import type { Profile } from '../../../electron/common/models';
import { createKilnRuntime, type KilnRuntime, type RuntimeSandbox } from '../../../electron/core/kiln-runtime';
import { createMemorySecretStore } from '../../../electron/core/store/secret-store';
import { REPO_ROOT } from '../../support/sandbox-backend';

async function runtime(sandbox: RuntimeSandbox, appRoot = REPO_ROOT) {
  const home = await mkdtemp(path.join(os.tmpdir(), 'kiln-runtime-home-'));
  const configFile = path.join(home, 'config');
  await writeFile(configFile, '[profile team]\nregion = eu-west-1\ncredential_process = get-creds\n');
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'kiln-runtime-data-'));
  const create = () =>
    createKilnRuntime({
      appRoot,
      dataDir,
      env: { AWS_CONFIG_FILE: configFile, AWS_SHARED_CREDENTIALS_FILE: path.join(home, 'none') },
      homeDir: home,
      sandbox,
      secrets: createMemorySecretStore(),
      log: () => undefined,
    });
  return { create, runRecord: path.join(dataDir, 'sandbox-run.json') };
}

async function profiles(created: KilnRuntime): Promise<Profile[]> {
  const result = await dispatchCommand(created.backend.handlers, 'profiles.list', {}, (e) => console.error(e));
  if (!result.ok) throw new Error(result.error.message);
  return result.value as Profile[];
}

const exists = (file: string) =>
  access(file).then(
    () => true,
    () => false,
  );

describe('createKilnRuntime', () => {
  it('offers an unavailable Local sandbox with its reason, beside the profiles of the shared config file', async () => {
    const created = await (await runtime({ unavailableReason: 'disabled with --no-sandbox' })).create();
    try {
      expect(created.sandbox).toBeUndefined();
      const list = await profiles(created);
      expect(list.map((p) => [p.label, p.available])).toEqual([
        ['Local sandbox', false],
        ['team', true],
      ]);
      expect(list[0]?.reason).toContain('disabled with --no-sandbox');
    } finally {
      created.backend.dispose();
    }
  });

  it('starts a sandbox, records the run, and offers it; stopping it removes the record', async () => {
    const { create, runRecord } = await runtime({ start: { pendingSeconds: 0 } });
    const created = await create();
    try {
      expect(created.sandbox).toBeDefined();
      expect(created.sandboxState).toEqual({ endpoint: created.sandbox?.endpoint });
      expect(await exists(runRecord)).toBe(true);
      const [sandboxProfile] = await profiles(created);
      expect(sandboxProfile).toMatchObject({ label: 'Local sandbox', available: true });
    } finally {
      created.backend.dispose();
      await created.sandbox?.stop();
    }
    expect(await exists(runRecord)).toBe(false);
  }, 120_000);

  it('stops the sandbox it started when the backend cannot start (no assets under the app root)', async () => {
    const emptyRoot = await mkdtemp(path.join(os.tmpdir(), 'kiln-runtime-root-'));
    const { create, runRecord } = await runtime({ start: { pendingSeconds: 0 } }, emptyRoot);
    await expect(create()).rejects.toThrow(/ENOENT.*bootstrap/);
    expect(await exists(runRecord)).toBe(false);
  }, 120_000);
});
