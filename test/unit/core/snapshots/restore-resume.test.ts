// A restore that was running when Kiln stopped is marked failed at start, saying where it stopped and what to check.
import { describe, expect, it } from 'vitest';
import type { LaunchRecord } from '../../../../electron/common/models';
import { createSnapshotRestore } from '../../../../electron/core/snapshots/snapshot-restore';
import { launchRecord } from '../../../support/fake-data';

describe('snapshot restore resume', () => {
  it('marks a running restore as interrupted and leaves finished ones alone', async () => {
    const at = '2025-01-15T12:00:00.000Z';
    const records = new Map<string, LaunchRecord>([
      [
        'launch-1',
        launchRecord({
          id: 'launch-1',
          restore: {
            snapshotId: 'snap-0123456789abcdef0',
            method: 'swap-volume',
            state: 'running',
            startedAt: at,
            steps: [{ title: 'Detach the old root volume vol-1', state: 'running', at }],
          },
        }),
      ],
      [
        'launch-2',
        launchRecord({
          id: 'launch-2',
          restore: {
            snapshotId: 'snap-0123456789abcdef0',
            method: 'image',
            state: 'succeeded',
            startedAt: at,
            steps: [],
          },
        }),
      ],
    ]);
    const restores = createSnapshotRestore({
      // Only the launches are used at resume; AWS is not called.
      profiles: {} as never,
      clients: {} as never,
      snapshots: {} as never,
      launches: {
        get: (id) => records.get(id)!,
        list: () => [...records.values()],
        update: async (id, change) => {
          records.set(id, change(records.get(id)!));
          return records.get(id)!;
        },
        adopt: async (record) => record,
      },
    });
    await restores.resume();
    expect(records.get('launch-1')!.restore).toMatchObject({
      state: 'failed',
      error: {
        code: 'RestoreInterrupted',
        message: 'Kiln stopped during this restore (at "Detach the old root volume vol-1"); nothing was rolled back.',
      },
    });
    expect(records.get('launch-2')!.restore?.state).toBe('succeeded');
  });
});
