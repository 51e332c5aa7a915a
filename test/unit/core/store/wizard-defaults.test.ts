import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LaunchSpec } from '../../../../electron/common/models';
import { createStorageProblems } from '../../../../electron/core/store/storage-problems';
import { createWizardDefaultsStore } from '../../../../electron/core/store/wizard-defaults';

const open = (dataDir: string, log: (message: string) => void = () => undefined, problems = createStorageProblems()) =>
  createWizardDefaultsStore({ dataDir, log, problems });

const spec: LaunchSpec = {
  profileId: 'sandbox',
  region: 'eu-west-1',
  name: 'web-1',
  imageId: 'ami-0ed094fb1304fd857',
  instanceType: 't3.small',
  installScript: '#!/bin/bash\necho hi',
  agentPort: 8443,
  keepAgentOpen: false,
  keyPair: { mode: 'create', name: 'web-key', type: 'ed25519', savePath: '/home/op/.ssh/web-key.pem' },
  tags: [{ key: 'team', value: 'build' }],
};

const tempDir = () => mkdtemp(path.join(os.tmpdir(), 'kiln-defaults-'));

describe('wizard defaults store', () => {
  it('keeps the last spec per profile and returns null for a profile without defaults', async () => {
    const store = open(await tempDir(), () => undefined);
    await store.save('sandbox', spec, () => false);
    await store.save('sandbox', { ...spec, region: 'us-east-1' }, () => false);
    await store.save('prod', { ...spec, profileId: 'prod', instanceType: 't3.micro' }, () => false);
    expect((await store.get('sandbox'))?.region).toBe('us-east-1');
    expect((await store.get('prod'))?.instanceType).toBe('t3.micro');
    expect(await store.get('other')).toBeNull();
    expect(await store.get('__proto__')).toBeNull();
  });

  it('stores no key file path or key material, and a created key pair only once it exists', async () => {
    const dir = await tempDir();
    const store = open(dir, () => undefined);
    expect((await store.save('sandbox', spec, () => false)).keyPair).toEqual({ mode: 'none' });
    expect((await store.save('sandbox', spec, (name) => name === 'web-key')).keyPair).toEqual({
      mode: 'existing',
      name: 'web-key',
    });
    await store.save(
      'import',
      { ...spec, keyPair: { mode: 'import', name: 'mine', publicKey: 'ssh-ed25519 AAAAC3Nza mine@host' } },
      () => true,
    );
    const onDisk = await readFile(path.join(dir, 'wizard-defaults.json'), 'utf8');
    expect(onDisk).not.toContain('savePath');
    expect(onDisk).not.toContain('.pem');
    expect(onDisk).not.toContain('AAAAC3Nza');
    expect(onDisk).toContain('#!/bin/bash\\necho hi');
    expect((await store.get('import'))?.keyPair).toEqual({ mode: 'existing', name: 'mine' });
  });

  it('survives a damaged file: moves it aside, reports it, reads no defaults, and saves again', async () => {
    const dir = await tempDir();
    const problems = createStorageProblems();
    await writeFile(path.join(dir, 'wizard-defaults.json'), '\u0000\u0000garbage');
    const store = open(dir, undefined, problems);
    expect(await store.get('sandbox')).toBeNull();
    expect(problems.list()).toEqual([expect.objectContaining({ kind: 'wizard-defaults' })]);
    await store.save('sandbox', spec, () => false);
    expect((await store.get('sandbox'))?.name).toBe('web-1');
    expect(await readFile(problems.list()[0].backupPath, 'utf8')).toBe('\u0000\u0000garbage');
  });

  it('loads defaults written by an older version, dropping only the fields that no longer validate', async () => {
    const dir = await tempDir();
    const log: string[] = [];
    await writeFile(
      path.join(dir, 'wizard-defaults.json'),
      JSON.stringify({
        version: 1,
        profiles: {
          sandbox: {
            spec: { region: 'eu-west-1', instanceType: 'not a type', storage: { volumeType: 'gp2' } },
            savedAt: '2025-01-01T00:00:00Z',
          },
          broken: 'not an entry',
        },
      }),
    );
    const problems = createStorageProblems();
    const store = open(dir, (message) => log.push(message), problems);
    expect(await store.get('sandbox')).toEqual({
      region: 'eu-west-1',
      storage: { volumeType: 'gp2', encrypted: true },
    });
    expect(await store.get('broken')).toBeNull();
    expect(log.join('\n')).toMatch(/instanceType/);
    expect(problems.list()).toEqual([
      expect.objectContaining({ message: expect.stringContaining('profile broken are damaged') }),
    ]);
  });
});
