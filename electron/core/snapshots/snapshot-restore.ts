/**
 * Restoring a launch from one of its snapshots, two ways (restore-by-image.ts, restore-by-volume.ts). The preview
 * says what each does to the instance id, the IP address and what is left behind; a snapshot that is not of this
 * launch's root volume, not completed, or a terminated launch is refused before anything is created. One restore
 * per launch at a time; its steps show on the launch record, and a failed step rolls back what the restore created.
 */
import { DescribeAddressesCommand } from '@aws-sdk/client-ec2';
import type {
  LaunchSnapshot,
  RestoreMethod,
  RestoreMethodPreview,
  RestorePreview,
  RestoreRequest,
  RestoreResult,
} from '../../common/models';
import { KilnFailure } from '../../common/result';
import { awsCall, type AwsClientPool } from '../aws/clients';
import type { LaunchService } from '../launch/launch-service';
import type { ProfileRegistry } from '../profiles/profile-registry';
import { restoreByImage } from './restore-by-image';
import { restoreBySwappingVolume } from './restore-by-volume';
import { startRestoreSteps } from './restore-steps';
import { describeLaunchInstance, liveInstanceId, type SnapshotList } from './snapshot-list';

export interface SnapshotRestoreDeps {
  profiles: ProfileRegistry;
  clients: AwsClientPool;
  launches: Pick<LaunchService, 'get' | 'update' | 'adopt' | 'list'>;
  snapshots: Pick<SnapshotList, 'list'>;
  now?: () => Date;
  /** How often a wait polls EC2 (default 2 s) and how long it waits at most (default 15 minutes). */
  pollMs?: number;
  waitTimeoutMs?: number;
}

export interface SnapshotRestore {
  preview(launchId: string, snapshotId: string): Promise<RestorePreview>;
  restore(request: RestoreRequest): Promise<RestoreResult>;
  /**
   * Marks restores that were running when Kiln stopped as failed, saying what to check: their steps cannot be
   * resumed or rolled back from here. Call once at start, after the launches are loaded.
   */
  resume(): Promise<void>;
}

export function createSnapshotRestore(deps: SnapshotRestoreDeps): SnapshotRestore {
  const now = deps.now ?? (() => new Date());
  const wait = { pollMs: deps.pollMs ?? 2_000, timeoutMs: deps.waitTimeoutMs ?? 15 * 60_000 };
  const running = new Set<string>();

  /** The snapshot, checked: of this launch's root volume, completed, and the launch not terminated. */
  async function restorableSnapshot(launchId: string, snapshotId: string): Promise<LaunchSnapshot> {
    const record = deps.launches.get(launchId);
    liveInstanceId(record);
    const snapshot = (await deps.snapshots.list(launchId)).find((s) => s.snapshotId === snapshotId);
    if (!snapshot) {
      throw new KilnFailure({
        code: 'SnapshotNotOfLaunch',
        message: `${snapshotId} is not a snapshot of ${record.spec.name}'s volumes; nothing was created.`,
        remedy: 'Choose one of the snapshots listed on this launch.',
        field: 'snapshotId',
      });
    }
    if (!snapshot.root) {
      throw new KilnFailure({
        code: 'NotRootSnapshot',
        message: `${snapshotId} is a snapshot of a data volume (${snapshot.volumeId}), not of the root volume; nothing was created.`,
        remedy: 'Restore from a snapshot of the root volume; attach a volume of a data snapshot in the EC2 console.',
        field: 'snapshotId',
      });
    }
    if (snapshot.state !== 'completed') {
      throw new KilnFailure({
        code: 'SnapshotNotCompleted',
        message: `${snapshotId} is ${snapshot.state} (${snapshot.progress}%); only a completed snapshot can be restored. Nothing was created.`,
        remedy: 'Wait until the snapshot is completed, then restore again.',
        field: 'snapshotId',
      });
    }
    return snapshot;
  }

  return {
    async resume() {
      for (const record of deps.launches.list()) {
        if (record.restore?.state !== 'running') continue;
        const last = record.restore.steps.at(-1)?.title ?? 'its first step';
        await deps.launches.update(record.id, (r) => ({
          ...r,
          restore: r.restore && {
            ...r.restore,
            state: 'failed',
            error: {
              code: 'RestoreInterrupted',
              message: `Kiln stopped during this restore (at "${last}"); nothing was rolled back.`,
              remedy:
                'Check the instance, its volumes and images in the EC2 console (restore resources carry the kiln:restored-from tag), then restore again.',
            },
          },
        }));
      }
    },

    async preview(launchId, snapshotId) {
      const snapshot = await restorableSnapshot(launchId, snapshotId);
      const record = deps.launches.get(launchId);
      const context = await deps.profiles.get(record.spec.profileId);
      const instance = await describeLaunchInstance(context, deps.clients, record);
      const { ec2 } = deps.clients.get(context, record.spec.region);
      const addresses = await awsCall(context, `find the Elastic IP of ${instance.InstanceId}`, () =>
        ec2.send(new DescribeAddressesCommand({ Filters: [{ Name: 'instance-id', Values: [instance.InstanceId!] }] })),
      ).catch(() => ({ Addresses: [] }));
      const elasticIp = addresses.Addresses?.[0]?.PublicIp;
      return {
        launchId,
        snapshot,
        methods: methodPreviews({
          name: record.spec.name,
          instanceId: instance.InstanceId!,
          snapshotId,
          publicIp: instance.PublicIpAddress,
          elasticIp,
          rootDevice: instance.RootDeviceName,
          // A record removed, or changed by someone else (kept), is no longer Kiln's to move.
          dnsName:
            record.dns && record.dns.state !== 'deleted' && record.dns.state !== 'kept'
              ? record.dns.recordName
              : undefined,
          dnsPrivate: record.dns?.privateZone,
          windows: instance.Platform?.toLowerCase() === 'windows',
          busy: running.has(launchId),
        }),
      };
    },

    async restore({ launchId, snapshotId, method }) {
      await restorableSnapshot(launchId, snapshotId);
      if (running.has(launchId)) throw busyFailure();
      running.add(launchId);
      try {
        const record = deps.launches.get(launchId);
        const context = await deps.profiles.get(record.spec.profileId);
        const instance = await describeLaunchInstance(context, deps.clients, record);
        if (method === 'image' && instance.Platform?.toLowerCase() === 'windows')
          throw new KilnFailure(WINDOWS_IMAGE_REFUSAL);
        const { ec2 } = deps.clients.get(context, record.spec.region);
        const steps = await startRestoreSteps(
          { update: (change) => deps.launches.update(launchId, change), now },
          { snapshotId, method },
        );
        const input = { context, ec2, record, instance, snapshotId, steps, wait };
        try {
          if (method === 'image') {
            const replacement = await restoreByImage({ ...input, now: now() });
            await deps.launches.adopt(replacement);
            await steps.succeed((r) => ({ ...r, replacementLaunchId: replacement.id }));
            return { method, launchId: replacement.id, instanceId: replacement.instanceId! };
          }
          const retiredVolumeId = await restoreBySwappingVolume(input);
          await deps.launches.update(launchId, (r) => ({
            ...r,
            retiredVolumes: [
              ...(r.retiredVolumes ?? []),
              { volumeId: retiredVolumeId, retiredAt: now().toISOString(), deleted: false },
            ],
          }));
          await steps.succeed();
          return { method, launchId, instanceId: instance.InstanceId!, retiredVolumeId };
        } catch (error) {
          return await steps.fail(error);
        }
      } finally {
        running.delete(launchId);
      }
    },
  };
}

/** EC2 gives an image registered from a snapshot no Windows licence (billing product), so it cannot run Windows. */
const WINDOWS_IMAGE_REFUSAL = {
  code: 'ImageRestoreUnsupported',
  message:
    'A Windows instance cannot be restored as a replacement: an image registered from a snapshot carries no Windows licence. Nothing was created.',
  remedy: 'Swap the root volume instead (same instance, its licence kept).',
  field: 'method',
};

function busyFailure(): KilnFailure {
  return new KilnFailure({
    code: 'RestoreRunning',
    message: 'A restore of this launch is already running; nothing was created.',
    remedy: 'Wait until it has finished (its steps show on the launch).',
  });
}

interface PreviewFacts {
  name: string;
  instanceId: string;
  snapshotId: string;
  publicIp: string | undefined;
  elasticIp: string | undefined;
  rootDevice: string | undefined;
  /** The launch's DNS name, when it has one that Kiln keeps on the instance's address. */
  dnsName?: string;
  /** The DNS name is in a private zone, so it holds the private IP (which a stop and start keeps). */
  dnsPrivate?: boolean;
  /** Windows: a replacement from an image of a snapshot would have no Windows licence. */
  windows?: boolean;
  busy: boolean;
}

/** Pure: what each method does, in the operator's words. */
export function methodPreviews(facts: PreviewFacts): RestoreMethodPreview[] {
  const refusal = facts.busy ? 'A restore of this launch is already running.' : undefined;
  const preview = (
    method: RestoreMethod,
    rest: Omit<RestoreMethodPreview, 'method' | 'refusal'>,
    own?: string,
  ): RestoreMethodPreview => ({
    method,
    ...rest,
    ...((refusal ?? own) ? { refusal: refusal ?? own } : {}),
  });
  const kept = facts.elasticIp
    ? `The public IP stays ${facts.elasticIp}: it is an Elastic IP, which stays associated across a stop and start.`
    : facts.publicIp
      ? `The public IP changes: ${facts.publicIp} is released when the instance stops, and it gets a new one when it starts.`
      : 'The instance has no public IP; its private IP stays the same.';
  return [
    preview(
      'image',
      {
        title: 'Launch a replacement instance',
        instanceId: 'new',
        publicIp: `The replacement gets a new instance id and new IP addresses; ${facts.instanceId} keeps ${facts.publicIp ?? 'its addresses'} and keeps running.`,
        steps: [
          `Register an image from ${facts.snapshotId}`,
          "Copy the launch's security group (your other groups are shared)",
          `Launch "${facts.name} (restored)" from it in the same subnet, with the same type, key pair, options and tags`,
          'Deregister the image (the replacement keeps its volume)',
        ],
        afterwards: [
          `${facts.instanceId} keeps running (and costing) until you terminate it.`,
          'The replacement is a new launch in Kiln; the install script is not run again on it.',
          ...(facts.dnsName
            ? [`The DNS name ${facts.dnsName} stays with ${facts.instanceId}; the replacement has none.`]
            : []),
        ],
      },
      facts.windows ? WINDOWS_IMAGE_REFUSAL.message.replace(' Nothing was created.', '') : undefined,
    ),
    preview('swap-volume', {
      title: 'Swap the root volume of this instance',
      instanceId: 'same',
      publicIp: kept,
      steps: [
        `Stop ${facts.instanceId} and wait until it is stopped`,
        `Create a volume from ${facts.snapshotId} in the instance's Availability Zone`,
        `Detach the current root volume and attach the new one at ${facts.rootDevice ?? 'the root device'}`,
        `Start ${facts.instanceId} again`,
      ],
      afterwards: [
        `The instance id stays ${facts.instanceId}; everything written since the snapshot is on the old root volume only.`,
        'The old root volume is kept detached (tagged) so you can get files back from it; Kiln deletes it when the launch is terminated.',
        ...(facts.dnsName && !facts.dnsPrivate && !facts.elasticIp
          ? [
              facts.publicIp
                ? `Kiln takes the DNS name ${facts.dnsName} down while the instance is stopped, and points it at the new public IP once it is running again.`
                : `Kiln points the DNS name ${facts.dnsName} at the instance's new public IP once it is running again.`,
            ]
          : []),
      ],
    }),
  ];
}
