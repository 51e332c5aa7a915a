/**
 * The Snapshots list of a launch: every snapshot of its instance's volumes (and of root volumes a restore retired),
 * plus those tagged with its launch id (its DLM schedule tags them so), read with one DescribeSnapshots per filter;
 * and "Take snapshot now", a snapshot of the root volume tagged as the schedule's are, marked manual.
 */
import {
  CreateSnapshotCommand,
  DescribeInstancesCommand,
  DescribeSnapshotsCommand,
  type Instance,
  type Snapshot,
} from '@aws-sdk/client-ec2';
import { launchChoices, type LaunchRecord, type LaunchSnapshot, type SnapshotSource } from '../../common/models';
import { KilnFailure } from '../../common/result';
import { awsCall, type AwsClientPool } from '../aws/clients';
import { userTagEntries } from '../launch/launch-resources';
import type { LaunchService } from '../launch/launch-service';
import { KILN_LAUNCH_ID_TAG, launchTags } from '../launch/tags';
import type { ProfileContext } from '../profiles/profile-context';
import type { ProfileRegistry } from '../profiles/profile-registry';

/** On a snapshot Kiln took: `manual` (Take snapshot now). */
export const KILN_SNAPSHOT_TAG = 'kiln:snapshot';
/** Tags by which Data Lifecycle Manager marks the snapshots its policies create. */
const DLM_TAGS = ['aws:dlm:lifecycle-policy-id', 'dlm:managed'];

export interface SnapshotListDeps {
  profiles: ProfileRegistry;
  clients: AwsClientPool;
  launches: Pick<LaunchService, 'get'>;
}

export interface SnapshotList {
  /** The launch's snapshots, newest first. */
  list(launchId: string): Promise<LaunchSnapshot[]>;
  /** Snapshots the root volume now; refused (`NoInstance`) for a launch without a live instance. */
  take(launchId: string): Promise<LaunchSnapshot>;
}

/** A launch's instance as the snapshot commands need it; refused for a terminated launch. */
export async function describeLaunchInstance(
  context: ProfileContext,
  clients: AwsClientPool,
  record: LaunchRecord,
): Promise<Instance> {
  const instanceId = liveInstanceId(record);
  const { ec2 } = clients.get(context, record.spec.region);
  const out = await awsCall(context, `describe ${instanceId}`, () =>
    ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] })),
  );
  const instance = out.Reservations?.flatMap((r) => r.Instances ?? [])[0];
  if (!instance || instance.State?.Name === 'terminated' || instance.State?.Name === 'shutting-down') {
    throw terminatedFailure(record);
  }
  return instance;
}

/** The instance id of a launch that has not been terminated. */
export function liveInstanceId(record: LaunchRecord): string {
  if (!record.instanceId || ['terminating', 'terminated', 'lost'].includes(record.phase))
    throw terminatedFailure(record);
  return record.instanceId;
}

function terminatedFailure(record: LaunchRecord): KilnFailure {
  return new KilnFailure({
    code: 'LaunchTerminated',
    message: `${record.spec.name} has no instance any more (it is ${record.phase}); nothing was created.`,
    remedy: 'Its snapshots stay in EC2 → Snapshots; launch a new instance from an image of one there.',
  });
}

/** The root volume id of an instance (its mapping at the root device name). */
export function rootVolumeOf(instance: Instance): string | undefined {
  return instance.BlockDeviceMappings?.find((m) => m.DeviceName === instance.RootDeviceName)?.Ebs?.VolumeId;
}

export function createSnapshotList(deps: SnapshotListDeps): SnapshotList {
  return {
    async list(launchId) {
      const record = deps.launches.get(launchId);
      const context = await deps.profiles.get(record.spec.profileId);
      const { ec2 } = deps.clients.get(context, record.spec.region);
      const instance = record.instanceId
        ? await describeLaunchInstance(context, deps.clients, record).catch(() => undefined)
        : undefined;
      const retired = (record.retiredVolumes ?? []).map((v) => v.volumeId);
      const rootVolumes = new Set([...(instance ? [rootVolumeOf(instance)] : []), ...retired].filter(Boolean));
      const volumeIds = [
        ...new Set([...(instance?.BlockDeviceMappings ?? []).flatMap((m) => m.Ebs?.VolumeId ?? []), ...retired]),
      ];
      const describe = (filter: { Name: string; Values: string[] }) =>
        awsCall(context, `list the snapshots of ${record.spec.name}`, () =>
          ec2.send(new DescribeSnapshotsCommand({ OwnerIds: ['self'], Filters: [filter] })),
        );
      const answers = await Promise.all([
        describe({ Name: `tag:${KILN_LAUNCH_ID_TAG}`, Values: [launchId] }),
        ...(volumeIds.length > 0 ? [describe({ Name: 'volume-id', Values: volumeIds })] : []),
      ]);
      const byId = new Map(answers.flatMap((a) => a.Snapshots ?? []).map((s) => [s.SnapshotId, s] as const));
      return [...byId.values()]
        .map((s) => toLaunchSnapshot(s, rootVolumes))
        .sort((a, b) => b.startTime.localeCompare(a.startTime));
    },

    async take(launchId) {
      const record = deps.launches.get(launchId);
      const context = await deps.profiles.get(record.spec.profileId);
      const instance = await describeLaunchInstance(context, deps.clients, record);
      const volumeId = rootVolumeOf(instance);
      if (!volumeId) {
        throw new KilnFailure({
          code: 'NoRootVolume',
          message: `${instance.InstanceId} has no EBS root volume to snapshot; nothing was created.`,
          remedy: 'Instance-store instances cannot be snapshotted; bake an image instead.',
        });
      }
      const { ec2 } = deps.clients.get(context, record.spec.region);
      const tags = launchTags(launchId, `${record.spec.name} snapshot`, {
        ...userTagEntries(launchChoices(record.spec).tags),
        [KILN_SNAPSHOT_TAG]: 'manual',
      });
      const created = await awsCall(context, `snapshot the root volume ${volumeId}`, () =>
        ec2.send(
          new CreateSnapshotCommand({
            VolumeId: volumeId,
            Description: `Kiln: snapshot of ${record.spec.name} taken by the operator (launch ${launchId})`,
            TagSpecifications: [{ ResourceType: 'snapshot', Tags: tags }],
          }),
        ),
      );
      return toLaunchSnapshot({ ...created, Tags: created.Tags ?? tags }, new Set([volumeId]));
    },
  };
}

/** Pure: the list row of an EC2 snapshot. */
export function toLaunchSnapshot(snapshot: Snapshot, rootVolumes: ReadonlySet<string | undefined>): LaunchSnapshot {
  const progress = Number.parseInt(snapshot.Progress ?? '', 10);
  return {
    snapshotId: snapshot.SnapshotId ?? '',
    volumeId: snapshot.VolumeId,
    startTime: (snapshot.StartTime ?? new Date(0)).toISOString(),
    sizeGiB: snapshot.VolumeSize ?? null,
    state: snapshot.State ?? 'unknown',
    progress: Number.isFinite(progress)
      ? Math.min(100, Math.max(0, progress))
      : snapshot.State === 'completed'
        ? 100
        : 0,
    description: snapshot.Description ?? '',
    source: sourceOf(snapshot),
    root: rootVolumes.has(snapshot.VolumeId),
  };
}

function sourceOf(snapshot: Snapshot): SnapshotSource {
  const tags = new Map((snapshot.Tags ?? []).map((t) => [t.Key, t.Value]));
  const dlmDescription = (snapshot.Description ?? '').startsWith('Created for policy:');
  if (DLM_TAGS.some((key) => tags.has(key)) || tags.get(KILN_SNAPSHOT_TAG) === 'scheduled' || dlmDescription) {
    return 'scheduled';
  }
  if (tags.get(KILN_SNAPSHOT_TAG) === 'manual') return 'manual';
  if (tags.has('kiln:baked-from') || (snapshot.Description ?? '').startsWith('Created by CreateImage')) return 'bake';
  return 'other';
}
