import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LaunchSpec } from '../../../../electron/common/models';
import { KilnFailure } from '../../../../electron/common/result';
import { createPresetStore } from '../../../../electron/core/store/presets';
import { createStorageProblems } from '../../../../electron/core/store/storage-problems';

const open = (dataDir: string, log: (message: string) => void = () => undefined, problems = createStorageProblems()) =>
  createPresetStore({ dataDir, log, problems });

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
    const store = open(await tempDir());
    await store.save({ name: 'web', spec, replace: false }, () => false);
    await store.save({ name: 'Build', spec, replace: false }, () => false);
    expect((await store.list()).map((p) => p.name)).toEqual(['Build', 'web']);
    expect(await store.delete('WEB')).toBe(true);
    expect(await store.delete('web')).toBe(false);
    expect((await store.list()).map((p) => p.name)).toEqual(['Build']);
  });

  it('keeps the health probes, and drops probes a file holds that the schema refuses', async () => {
    const dataDir = await tempDir();
    const probes: LaunchSpec['probes'] = [
      {
        protocol: 'http',
        port: 8080,
        path: '/health',
        expectedStatus: 200,
        bodyContains: 'ok',
        intervalSeconds: 30,
        thresholdSeconds: 90,
        requireValidCertificate: false,
      },
    ];
    await open(dataDir).save({ name: 'probed', spec: { ...spec, probes }, replace: false }, () => false);
    expect((await open(dataDir).list())[0]?.spec.probes).toEqual(probes);

    const file = path.join(dataDir, 'presets.json');
    const stored = JSON.parse(await readFile(file, 'utf8')) as { presets: { spec: { probes: unknown } }[] };
    stored.presets[0].spec.probes = [{ port: 80, intervalSeconds: 60, thresholdSeconds: 5 }];
    await writeFile(file, JSON.stringify(stored));
    const read = (await open(dataDir).list())[0];
    expect(read?.spec.probes).toBeUndefined();
    expect(read?.spec.name).toBe('build-box');
  });

  it('refuses a taken name unless asked to replace, then replaces it', async () => {
    const store = open(await tempDir());
    await store.save({ name: 'web', spec, replace: false }, () => false);
    const taken = await store
      .save({ name: ' Web ', spec: { ...spec, instanceType: 't3.small' }, replace: false }, () => false)
      .catch((e: unknown) => e);
    expect(taken).toBeInstanceOf(KilnFailure);
    expect((taken as KilnFailure).error).toMatchObject({ code: 'PresetExists', field: 'name' });
    await store.save({ name: 'Web', spec: { ...spec, instanceType: 't3.small' }, replace: true }, () => false);
    const presets = await store.list();
    expect(presets).toHaveLength(1);
    expect(presets[0]).toMatchObject({ name: 'Web', spec: { instanceType: 't3.small' } });
  });

  it('keeps no public key material; an imported key pair is kept by name only when it exists', async () => {
    const dir = await tempDir();
    const store = open(dir);
    expect((await store.save({ name: 'a', spec, replace: false }, () => false)).spec.keyPair).toEqual({ mode: 'none' });
    expect((await store.save({ name: 'b', spec, replace: false }, () => true)).spec.keyPair).toEqual({
      mode: 'existing',
      name: 'laptop',
    });
    const onDisk = await readFile(path.join(dir, 'presets.json'), 'utf8');
    expect(onDisk).not.toContain('SECRETISH');
    expect(onDisk).not.toContain('publicKey');
    expect(onDisk).toContain('make install');
  });

  it('reads the presets of a file written before conf, and keeps them through the next save', async () => {
    const dir = await tempDir();
    await writeFile(
      path.join(dir, 'presets.json'),
      JSON.stringify({ version: 1, presets: [{ name: 'old', spec: { instanceType: 't3.micro' }, savedAt: 'then' }] }),
    );
    const store = open(dir);
    await store.save({ name: 'new', spec, replace: false }, () => false);
    expect((await store.list()).map((p) => p.name)).toEqual(['new', 'old']);
    expect(JSON.parse(await readFile(path.join(dir, 'presets.json'), 'utf8'))).not.toHaveProperty('version');
  });

  it('keeps the readable presets of a partly damaged file, and a copy of the whole file', async () => {
    const dir = await tempDir();
    const log: string[] = [];
    const problems = createStorageProblems();
    const content = JSON.stringify({
      version: 1,
      presets: [{ name: '', spec: {} }, { name: 'old', spec: { instanceType: 't3.micro', futureField: 1 } }, 7],
    });
    await writeFile(path.join(dir, 'presets.json'), content);
    const store = open(dir, (message) => log.push(message), problems);
    expect(await store.list()).toEqual([{ name: 'old', spec: { instanceType: 't3.micro' }, savedAt: '' }]);
    expect(problems.list()).toEqual([
      expect.objectContaining({
        kind: 'presets',
        message: expect.stringContaining('preset #1 is damaged; preset #3 is damaged'),
      }),
    ]);
    await store.delete('old');
    expect(await readFile(problems.list()[0].backupPath, 'utf8')).toBe(content);
  });

  it('moves a truncated file aside instead of replacing it on the next save', async () => {
    const dir = await tempDir();
    const first = open(dir);
    await first.save({ name: 'one', spec, replace: false }, () => false);
    await first.save({ name: 'two', spec, replace: false }, () => false);
    const full = await readFile(path.join(dir, 'presets.json'), 'utf8');
    await writeFile(path.join(dir, 'presets.json'), full.slice(0, full.length / 2));
    const problems = createStorageProblems();
    const restarted = open(dir, undefined, problems);
    expect(await restarted.list()).toEqual([]);
    await restarted.save({ name: 'three', spec, replace: false }, () => false);
    expect(problems.list()).toHaveLength(1);
    expect(await readFile(problems.list()[0].backupPath, 'utf8')).toBe(full.slice(0, full.length / 2));
  });
});
