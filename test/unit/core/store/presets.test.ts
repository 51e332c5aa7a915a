import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LaunchSpec } from '../../../../electron/common/models';
import { KilnFailure } from '../../../../electron/common/result';
import { createPresetStore } from '../../../../electron/core/store/presets';

const spec: LaunchSpec = {
  profileId: 'sandbox',
  region: 'us-east-1',
  name: 'build-box',
  imageId: 'ami-0ed094fb1304fd857',
  instanceType: 't3.micro',
  installScript: 'make install',
  agentPort: 8443,
  keepAgentOpen: false,
  keyPair: { mode: 'import', name: 'laptop', publicKey: 'ssh-ed25519 AAAAC3NzaSECRETISH op@laptop' },
};

const tempDir = () => mkdtemp(path.join(os.tmpdir(), 'kiln-presets-'));

describe('preset store', () => {
  it('lists saved presets by name and deletes them', async () => {
    const store = createPresetStore(await tempDir(), () => undefined);
    await store.save({ name: 'web', spec, replace: false }, () => false);
    await store.save({ name: 'Build', spec, replace: false }, () => false);
    expect((await store.list()).map((p) => p.name)).toEqual(['Build', 'web']);
    expect(await store.delete('WEB')).toBe(true);
    expect(await store.delete('web')).toBe(false);
    expect((await store.list()).map((p) => p.name)).toEqual(['Build']);
  });

  it('refuses a taken name unless asked to replace, then replaces it', async () => {
    const store = createPresetStore(await tempDir(), () => undefined);
    await store.save({ name: 'web', spec, replace: false }, () => false);
    const taken = await store.save({ name: ' Web ', spec: { ...spec, instanceType: 't3.small' }, replace: false }, () => false).catch((e: unknown) => e);
    expect(taken).toBeInstanceOf(KilnFailure);
    expect((taken as KilnFailure).error).toMatchObject({ code: 'PresetExists', field: 'name' });
    await store.save({ name: 'Web', spec: { ...spec, instanceType: 't3.small' }, replace: true }, () => false);
    const presets = await store.list();
    expect(presets).toHaveLength(1);
    expect(presets[0]).toMatchObject({ name: 'Web', spec: { instanceType: 't3.small' } });
  });

  it('keeps no public key material; an imported key pair is kept by name only when it exists', async () => {
    const dir = await tempDir();
    const store = createPresetStore(dir, () => undefined);
    expect((await store.save({ name: 'a', spec, replace: false }, () => false)).spec.keyPair).toEqual({ mode: 'none' });
    expect((await store.save({ name: 'b', spec, replace: false }, () => true)).spec.keyPair).toEqual({ mode: 'existing', name: 'laptop' });
    const onDisk = await readFile(path.join(dir, 'presets.json'), 'utf8');
    expect(onDisk).not.toContain('SECRETISH');
    expect(onDisk).not.toContain('publicKey');
    expect(onDisk).toContain('make install');
  });

  it('skips damaged presets and a damaged file with a log line', async () => {
    const dir = await tempDir();
    const log: string[] = [];
    await writeFile(
      path.join(dir, 'presets.json'),
      JSON.stringify({ version: 1, presets: [{ name: '', spec: {} }, { name: 'old', spec: { instanceType: 't3.micro', futureField: 1 } }, 7] }),
    );
    const store = createPresetStore(dir, (message) => log.push(message));
    expect(await store.list()).toEqual([{ name: 'old', spec: { instanceType: 't3.micro' }, savedAt: '' }]);
    expect(log.filter((l) => l.includes('damaged preset'))).toHaveLength(2);
    await writeFile(path.join(dir, 'presets.json'), 'nope');
    expect(await store.list()).toEqual([]);
    expect(log.at(-1)).toMatch(/ignored the damaged file/);
  });
});
