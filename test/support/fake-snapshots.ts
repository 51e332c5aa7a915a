/** The fake's Snapshots list and restores: canned snapshots per launch, refusals as the backend words them. */
import type { CommandHandlers } from '../../electron/common/contract';
import type { LaunchSnapshot } from '../../electron/common/models';
import { ok } from '../../electron/common/result';
import { methodPreviews } from '../../electron/core/snapshots/snapshot-restore';
import { changeLaunch, notFound, type Emit } from './fake-shared';
import type { FakeData } from './fake-data';

type SnapshotHandlers = Pick<
  CommandHandlers,
  'snapshots.list' | 'snapshots.take' | 'snapshots.restore.preview' | 'snapshots.restore'
>;

export function snapshotHandlers(data: FakeData, emit: Emit): SnapshotHandlers {
  const snapshotsOf = (launchId: string): LaunchSnapshot[] => (data.snapshots ??= {})[launchId] ?? [];
  const find = (launchId: string, snapshotId: string) => snapshotsOf(launchId).find((s) => s.snapshotId === snapshotId);
  let next = 1;
  return {
    'snapshots.list': async ({ launchId }) => ok(snapshotsOf(launchId)),
    'snapshots.take': async ({ launchId }) => {
      const snapshot: LaunchSnapshot = {
        snapshotId: `snap-0000000000000f${String(next++).padStart(3, '0')}`,
        volumeId: 'vol-0123456789abcdef0',
        startTime: new Date().toISOString(),
        sizeGiB: 8,
        state: 'pending',
        progress: 0,
        description: 'Kiln: snapshot taken by the operator',
        source: 'manual',
        root: true,
      };
      (data.snapshots ??= {})[launchId] = [snapshot, ...snapshotsOf(launchId)];
      return ok(snapshot);
    },
    'snapshots.restore.preview': async ({ launchId, snapshotId }) => {
      const snapshot = find(launchId, snapshotId);
      const record = data.launches.find((r) => r.id === launchId);
      if (!snapshot || !record) {
        return notFound('SnapshotNotOfLaunch', `${snapshotId} is not a snapshot of this launch.`, 'Choose one listed.');
      }
      if (snapshot.state !== 'completed') {
        return notFound('SnapshotNotCompleted', `${snapshotId} is ${snapshot.state}.`, 'Wait until it is completed.');
      }
      return ok({
        launchId,
        snapshot,
        methods: methodPreviews({
          name: record.spec.name,
          instanceId: record.instanceId ?? 'i-0',
          snapshotId,
          publicIp: record.publicIp,
          elasticIp: undefined,
          rootDevice: '/dev/xvda',
          busy: false,
        }),
      });
    },
    'snapshots.restore': async ({ launchId, snapshotId, method }) => {
      const at = new Date().toISOString();
      const changed = changeLaunch(data, launchId, (r) => ({
        ...r,
        restore: {
          snapshotId,
          method,
          state: 'succeeded',
          startedAt: at,
          steps: [{ title: `Restore from ${snapshotId}`, state: 'done', at }],
        },
      }));
      if (!changed.ok) return changed;
      emit('launch.updated', changed.value);
      return ok({ method, launchId, instanceId: changed.value.instanceId ?? 'i-0' });
    },
  };
}
