// Wizard defaults and presets through the real backend on the sandbox: a launch saves its spec as the profile's
// defaults (with the key pair it created named as an existing one, and no key file path), presets keep a key
// pair only when it exists in moto, and both survive a restart.
import { mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ImportKeyPairCommand } from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LaunchSpecInput } from '../../../electron/common/models';
import { SANDBOX_PROFILE_ID } from '../../../electron/core/profiles/sandbox-profile';
import { startSandboxBackend, type SandboxBackend } from '../../support/sandbox-backend';
import { backendCommands } from '../../support/backend-commands';

const AL2023 = 'ami-0ed094fb1304fd857';
const PUBLIC_KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJ0nKf8d4e1a0Vb7Qb7a5Wnq3m8a4Lr9oB1cXr6sYtZk presets@kiln';
let env: SandboxBackend;
let dir: string;

const { call, must } = backendCommands(() => env.backend.handlers);
const spec = (overrides: Partial<LaunchSpecInput> = {}): LaunchSpecInput => ({
  profileId: SANDBOX_PROFILE_ID,
  region: 'us-east-1',
  name: 'saved-specs',
  imageId: AL2023,
  instanceType: 't3.small',
  installScript: 'echo kept',
  ...overrides,
});

beforeAll(async () => {
  // No instance host: these launches never need their agent.
  env = await startSandboxBackend({ pendingSeconds: 1, hostRegions: [] });
  dir = await mkdtemp(path.join(os.tmpdir(), 'kiln-saved-specs-'));
}, 60_000);
afterAll(async () => env?.stop());

describe('wizard defaults and presets on the sandbox', () => {
  it('saves a launched spec as the profile’s defaults, naming the created key pair, and keeps them over a restart', async () => {
    expect(await must('wizard.defaults.get', { profileId: SANDBOX_PROFILE_ID })).toBeNull();
    const savePath = path.join(dir, 'saved-specs-key');
    const launched = await must('launch.start', {
      spec: spec({
        keyPair: { mode: 'create', name: 'kiln-saved-specs', type: 'ed25519', savePath },
        tags: [{ key: 'team', value: 'build' }],
      }),
    });
    expect(launched.keyPairName).toBe('kiln-saved-specs');

    const defaults = await must('wizard.defaults.get', { profileId: SANDBOX_PROFILE_ID });
    expect(defaults).toMatchObject({
      region: 'us-east-1',
      instanceType: 't3.small',
      installScript: 'echo kept',
      tags: [{ key: 'team', value: 'build' }],
    });
    expect(defaults?.keyPair).toEqual({ mode: 'existing', name: 'kiln-saved-specs' });
    const onDisk = await readFile(path.join(env.dataDir, 'wizard-defaults.json'), 'utf8');
    expect(onDisk).not.toContain(savePath);
    expect(onDisk).not.toContain('PRIVATE KEY');

    await env.restart();
    expect(await must('wizard.defaults.get', { profileId: SANDBOX_PROFILE_ID })).toEqual(defaults);
    await must('launch.terminate', { launchId: launched.id });
  }, 60_000);

  it('saves the spec of a batch as the defaults too', async () => {
    const batch = await must('launch.startBatch', {
      spec: spec({ name: 'batch', instanceType: 't3.micro', advanced: { count: 2 } }),
    });
    expect(batch.launched).toHaveLength(2);
    expect(await must('wizard.defaults.get', { profileId: SANDBOX_PROFILE_ID })).toMatchObject({
      name: 'batch',
      advanced: { count: 2 },
    });
    for (const record of batch.launched) await must('launch.terminate', { launchId: record.id });
  }, 60_000);

  it('keeps a preset’s key pair only when it exists in the region, and refuses a taken name without replace', async () => {
    const keyName = 'kiln-preset-imported';
    await env
      .ec2('us-east-1')
      .send(new ImportKeyPairCommand({ KeyName: keyName, PublicKeyMaterial: new TextEncoder().encode(PUBLIC_KEY) }));

    const imported = await must('presets.save', {
      name: 'imported',
      spec: spec({ keyPair: { mode: 'import', name: keyName, publicKey: PUBLIC_KEY } }),
    });
    expect(imported.spec.keyPair).toEqual({ mode: 'existing', name: keyName });
    const toCreate = await must('presets.save', {
      name: 'to create',
      spec: spec({
        keyPair: { mode: 'create', name: 'kiln-not-created', type: 'rsa', savePath: path.join(dir, 'never') },
      }),
    });
    expect(toCreate.spec.keyPair).toEqual({ mode: 'none' });
    expect(await readFile(path.join(env.dataDir, 'presets.json'), 'utf8')).not.toContain('AAAAC3NzaC1lZDI1NTE5');

    const taken = await call('presets.save', { name: 'Imported', spec: spec() });
    expect(taken).toMatchObject({ ok: false, error: { code: 'PresetExists', field: 'name' } });
    expect(await call('presets.save', { name: ' ', spec: spec() })).toMatchObject({
      ok: false,
      error: { code: 'InvalidInput', field: 'name' },
    });
    await must('presets.save', { name: 'Imported', spec: spec({ instanceType: 't3.micro' }), replace: true });

    // Saving defaults by hand follows the same rule as presets.
    const saved = await must('wizard.defaults.save', {
      profileId: SANDBOX_PROFILE_ID,
      spec: spec({
        keyPair: { mode: 'create', name: 'kiln-not-created', type: 'rsa', savePath: path.join(dir, 'never') },
      }),
    });
    expect(saved.keyPair).toEqual({ mode: 'none' });

    await env.restart();
    const presets = await must('presets.list', {});
    expect(presets.map((p) => [p.name, p.spec.instanceType])).toEqual([
      ['Imported', 't3.micro'],
      ['to create', 't3.small'],
    ]);
    expect(await must('presets.delete', { name: 'to create' })).toEqual({ deleted: true });
    expect((await must('presets.list', {})).map((p) => p.name)).toEqual(['Imported']);
    expect((await must('wizard.defaults.get', { profileId: SANDBOX_PROFILE_ID }))?.keyPair).toEqual({ mode: 'none' });
  }, 60_000);
});
