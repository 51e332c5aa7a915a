/**
 * Restore (b): the snapshot becomes the instance's root volume. The instance is stopped, a volume is made from the
 * snapshot in its Availability Zone, the old root volume is detached (kept, tagged) and the new one attached at the
 * same device, deleted with the instance, and the instance is started again: same instance id, new public IP unless
 * it has an Elastic IP. The old root volume is named on the launch so its cleanup deletes it.
 */
import {
  AttachVolumeCommand,
  CreateTagsCommand,
  CreateVolumeCommand,
  DeleteVolumeCommand,
  DescribeInstancesCommand,
  DescribeVolumesCommand,
  DetachVolumeCommand,
  ModifyInstanceAttributeCommand,
  StartInstancesCommand,
  StopInstancesCommand,
  type EC2Client,
  type Instance,
} from '@aws-sdk/client-ec2';
import { launchChoices, type LaunchRecord } from '../../common/models';
import { awsCall } from '../aws/clients';
import { userTagEntries } from '../launch/launch-resources';
import { launchTags } from '../launch/tags';
import type { ProfileContext } from '../profiles/profile-context';
import { waitUntil, type RestoreSteps } from './restore-steps';
import { rootVolumeOf } from './snapshot-list';

/** On volumes a restore made or retired: the snapshot it came from, and the instance a retired root belonged to. */
export const KILN_RESTORED_FROM_TAG = 'kiln:restored-from';
export const KILN_RETIRED_ROOT_TAG = 'kiln:retired-root-of';

export interface VolumeRestoreInput {
  context: ProfileContext;
  ec2: EC2Client;
  record: LaunchRecord;
  instance: Instance;
  snapshotId: string;
  steps: RestoreSteps;
  wait: { pollMs: number; timeoutMs: number };
}

/** Runs the swap; resolves the old root volume's id once the instance runs on the new one. */
export async function restoreBySwappingVolume(input: VolumeRestoreInput): Promise<string> {
  const { context, ec2, record, instance, snapshotId, steps, wait } = input;
  const instanceId = instance.InstanceId!;
  const device = instance.RootDeviceName!;
  const oldVolumeId = rootVolumeOf(instance)!;
  const zone = instance.Placement?.AvailabilityZone;
  const wasRunning = instance.State?.Name !== 'stopped';
  const call = <T>(what: string, run: () => Promise<T>) => awsCall(context, what, run);
  const instanceState = async () =>
    (await call(`describe ${instanceId}`, () => ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }))))
      .Reservations?.[0]?.Instances?.[0]?.State?.Name;
  const volumeState = async (volumeId: string) =>
    (await call(`describe ${volumeId}`, () => ec2.send(new DescribeVolumesCommand({ VolumeIds: [volumeId] }))))
      .Volumes?.[0]?.State;
  const untilVolume = (volumeId: string, state: string) =>
    waitUntil(
      `${volumeId} to be ${state}`,
      async () => ((await volumeState(volumeId)) === state ? true : undefined),
      wait,
    );
  const untilInstance = (state: string) =>
    waitUntil(`${instanceId} to be ${state}`, async () => ((await instanceState()) === state ? true : undefined), wait);
  const start = async () => {
    await call(`start ${instanceId}`, () => ec2.send(new StartInstancesCommand({ InstanceIds: [instanceId] })));
    await untilInstance('running');
  };

  if (wasRunning) {
    await steps.step(`Stop ${instanceId} and wait until it is stopped`, async () => {
      await call(`stop ${instanceId}`, () => ec2.send(new StopInstancesCommand({ InstanceIds: [instanceId] })));
      await untilInstance('stopped');
    });
    steps.onRollback(`started ${instanceId} again`, start);
  }

  const oldVolume = (
    await call(`describe ${oldVolumeId}`, () => ec2.send(new DescribeVolumesCommand({ VolumeIds: [oldVolumeId] })))
  ).Volumes?.[0];
  const tags = launchTags(record.id, `${record.spec.name} root (restored from ${snapshotId})`, {
    ...userTagEntries(launchChoices(record.spec).tags),
    [KILN_RESTORED_FROM_TAG]: snapshotId,
  });
  const newVolumeId = await steps.step(`Create a volume from ${snapshotId} in ${zone}`, async () => {
    const created = await call(`create a volume from ${snapshotId}`, () =>
      ec2.send(
        new CreateVolumeCommand({
          SnapshotId: snapshotId,
          AvailabilityZone: zone,
          VolumeType: oldVolume?.VolumeType,
          ...(oldVolume?.VolumeType === 'io1' || oldVolume?.VolumeType === 'io2' ? { Iops: oldVolume.Iops } : {}),
          TagSpecifications: [{ ResourceType: 'volume', Tags: tags }],
        }),
      ),
    );
    const volumeId = created.VolumeId!;
    steps.onRollback(`deleted the new volume ${volumeId}`, () =>
      call(`delete ${volumeId}`, () => ec2.send(new DeleteVolumeCommand({ VolumeId: volumeId }))),
    );
    await untilVolume(volumeId, 'available');
    return volumeId;
  });

  await steps.step(`Detach the old root volume ${oldVolumeId}`, async () => {
    await call(`detach ${oldVolumeId}`, () =>
      ec2.send(new DetachVolumeCommand({ VolumeId: oldVolumeId, InstanceId: instanceId })),
    );
    steps.onRollback(`attached ${oldVolumeId} again at ${device}`, async () => {
      await call(`attach ${oldVolumeId}`, () =>
        ec2.send(new AttachVolumeCommand({ VolumeId: oldVolumeId, InstanceId: instanceId, Device: device })),
      );
      await untilVolume(oldVolumeId, 'in-use');
    });
    await untilVolume(oldVolumeId, 'available');
  });

  await steps.step(`Attach ${newVolumeId} at ${device}`, async () => {
    await call(`attach ${newVolumeId}`, () =>
      ec2.send(new AttachVolumeCommand({ VolumeId: newVolumeId, InstanceId: instanceId, Device: device })),
    );
    steps.onRollback(`detached ${newVolumeId}`, async () => {
      await call(`detach ${newVolumeId}`, () => ec2.send(new DetachVolumeCommand({ VolumeId: newVolumeId })));
      await untilVolume(newVolumeId, 'available');
    });
    await untilVolume(newVolumeId, 'in-use');
    // AttachVolume leaves DeleteOnTermination off; the root volume should go with the instance, as the old one did.
    await call(`delete ${newVolumeId} with the instance`, () =>
      ec2.send(
        new ModifyInstanceAttributeCommand({
          InstanceId: instanceId,
          BlockDeviceMappings: [{ DeviceName: device, Ebs: { DeleteOnTermination: true } }],
        }),
      ),
    );
  });

  await steps.step(`Start ${instanceId} on the restored volume`, start);
  await call(`tag the old root volume ${oldVolumeId}`, () =>
    ec2.send(
      new CreateTagsCommand({
        Resources: [oldVolumeId],
        Tags: [
          { Key: KILN_RETIRED_ROOT_TAG, Value: instanceId },
          { Key: 'Name', Value: `${record.spec.name} old root (before restoring ${snapshotId})` },
        ],
      }),
    ),
  ).catch(() => undefined);
  return oldVolumeId;
}
