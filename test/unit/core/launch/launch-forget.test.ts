// Forgetting a launch: a terminated, cleaned-up launch loses its record file and its log (and stays gone after a
// restart); a launch that may still run, or whose group or key pair is left, is refused and keeps both files.
import { mkdtemp, readdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LaunchRecord } from '../../../../electron/common/models';
import { KilnFailure } from '../../../../electron/common/result';
import { createLaunchForget } from '../../../../electron/core/launch/launch-forget';
import { createLaunchRecords } from '../../../../electron/core/launch/launch-records';
import { createLaunchStore } from '../../../../electron/core/store/launch-store';
import { createStorageProblems } from '../../../../electron/core/store/storage-problems';

const record = (id: string, extra: Partial<LaunchRecord> = {}): LaunchRecord => ({
  id,
  spec: {
    profileId: 'p',
    region: 'us-east-1',
    name: id,
    imageId: 'ami-12345678',
    instanceType: 't3.micro',
    installScript: 'x',
    agentPort: 8443,
    keepAgentOpen: false,
  },
  createdAt: '2026-01-01T00:00:00.000Z',
  phase: 'terminated',
  timeline: [],
  securityGroupId: 'sg-1',
  securityGroupDeleted: true,
  agentRuleRevoked: true,
  agentCursor: 0,
  ...extra,
});

async function setup(...held: LaunchRecord[]) {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'kiln-forget-'));
  const store = createLaunchStore({ dataDir, problems: createStorageProblems() });
  const records = createLaunchRecords({
    store,
    onRecord: () => undefined,
    onChange: () => undefined,
    now: () => new Date(),
  });
  for (const r of held) {
    records.hold(r);
    await store.save(r);
    await store.appendLog(r.id, [{ seq: 1, ts: r.createdAt, stream: 'stdout', text: 'hello' }]);
  }
  const files = async () => [
    ...(await readdir(path.join(dataDir, 'launches'))),
    ...(await readdir(path.join(dataDir, 'logs'))),
  ];
  return { dataDir, store, records, forget: createLaunchForget({ records, store }), files };
}

async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(KilnFailure);
  return (error as KilnFailure).error.code;
}

describe('forgetting a launch', () => {
  it('deletes the record file and the log of a terminated launch, and it does not come back', async () => {
    const { store, records, forget, files } = await setup(record('gone'), record('kept'));
    await forget('gone');
    expect((await files()).sort()).toEqual(['kept.json', 'kept.jsonl']);
    expect(records.find('gone')).toBeUndefined();
    expect((await store.loadAll()).map((r) => r.id)).toEqual(['kept']);
    expect(await store.readLog('gone', 0)).toEqual([]);
  });

  it('refuses a launch whose instance may still run, and keeps its files', async () => {
    for (const phase of ['installing', 'succeeded', 'failed', 'terminating', 'lost'] as const) {
      const { forget, files, records } = await setup(record('live', { phase }));
      expect(await refusal(forget('live'))).toBe('NotTerminated');
      expect((await files()).sort()).toEqual(['live.json', 'live.jsonl']);
      expect(records.find('live')).toBeDefined();
    }
  });

  it('refuses a terminated launch whose security group or key pair Kiln has not deleted', async () => {
    const group = await setup(record('g', { securityGroupDeleted: false }));
    expect(await refusal(group.forget('g'))).toBe('CleanupPending');
    const key = await setup(record('k', { keyPairName: 'kiln-k', keyPairDeleted: false }));
    expect(await refusal(key.forget('k'))).toBe('CleanupPending');
    expect((await key.files()).sort()).toEqual(['k.json', 'k.jsonl']);
  });

  it('an unknown launch is refused as such', async () => {
    const { forget } = await setup();
    expect(await refusal(forget('nope'))).toBe('UnknownLaunch');
  });

  it('a save still in flight does not bring the record file back after the delete', async () => {
    const { store, records, forget, files } = await setup(record('busy'));
    const late = store.save(record('busy', { agentCursor: 5 }));
    await forget('busy');
    await late;
    expect(await files()).toEqual([]);
    expect(records.find('busy')).toBeUndefined();
  });
});
