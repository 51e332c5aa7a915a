/** The EC2 calls of a bake: name check, volumes, stop and wait, CreateImage with lineage tags, copy, deregister. */
import { createHash } from 'node:crypto';
import {
  CopyImageCommand,
  CreateImageCommand,
  DeleteSnapshotCommand,
  DeregisterImageCommand,
  DescribeImagesCommand,
  DescribeInstancesCommand,
  DescribeVolumesCommand,
  StopInstancesCommand,
  type EC2Client,
  type Tag,
} from '@aws-sdk/client-ec2';
import type { BakeRequest, LaunchRecord } from '../../common/models';
import { KilnFailure } from '../../common/result';
import { awsCall, throwAwsFailure } from '../aws/clients';
import { awsErrorCode } from '../aws/errors';
import { KILN_CREATED_BY_TAG, KILN_CREATED_BY_VALUE } from '../launch/tags';
import type { ProfileContext } from '../profiles/profile-context';
import { snapshotIdsOf } from './image-watcher';

export const KILN_BAKED_FROM_TAG = 'kiln:baked-from';
export const KILN_BAKE_ID_TAG = 'kiln:bake-id';
export const KILN_SOURCE_AMI_TAG = 'kiln:source-ami';
export const KILN_SCRIPT_SHA256_TAG = 'kiln:script-sha256';
export const KILN_SEALED_TAG = 'kiln:sealed';
/** On images that kept the agent binary: launches from them skip the download when its SHA-256 matches. */
export const KILN_AGENT_INSTALLED_TAG = 'kiln:agent-installed';

/** A name already used by one of the account's images in the region is refused before anything is done. */
export async function checkImageNameFree(
  context: ProfileContext,
  ec2: EC2Client,
  name: string,
  region: string,
): Promise<void> {
  const out = await awsCall(context, 'look up AMI names', () =>
    ec2.send(new DescribeImagesCommand({ Owners: ['self'], Filters: [{ Name: 'name', Values: [name] }] })),
  );
  const existing = out.Images?.[0];
  if (existing) {
    throw new KilnFailure({
      code: 'InvalidAMIName.Duplicate',
      message: `An AMI named "${name}" already exists in ${region} (${existing.ImageId}).`,
      remedy: 'Choose another name, or deregister the old image first.',
      field: 'name',
    });
  }
}

export interface InstanceVolumes {
  state: string;
  volumes: Array<{ volumeId: string; sizeGiB: number; device?: string }>;
}

/** The instance's state and attached volumes (what an image of it snapshots). */
export async function describeInstanceVolumes(
  context: ProfileContext,
  ec2: EC2Client,
  instanceId: string,
): Promise<InstanceVolumes> {
  const described = await awsCall(context, `describe ${instanceId}`, () =>
    ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] })),
  );
  const instance = described.Reservations?.[0]?.Instances?.[0];
  if (!instance)
    throw new KilnFailure({
      code: 'InstanceNotFound',
      message: `${instanceId} no longer exists.`,
      remedy: 'There is nothing left to image.',
    });
  const volumes = await awsCall(context, `list the volumes of ${instanceId}`, () =>
    ec2.send(new DescribeVolumesCommand({ Filters: [{ Name: 'attachment.instance-id', Values: [instanceId] }] })),
  );
  return {
    state: instance.State?.Name ?? 'unknown',
    volumes: (volumes.Volumes ?? []).map((v) => ({
      volumeId: v.VolumeId!,
      sizeGiB: v.Size ?? 0,
      device: v.Attachments?.[0]?.Device,
    })),
  };
}

/** Stops the instance and waits (no waiter budget of its own beyond `timeoutMs`) until EC2 says stopped. */
export async function stopAndWait(
  context: ProfileContext,
  ec2: EC2Client,
  instanceId: string,
  options: { intervalMs?: number; timeoutMs?: number } = {},
): Promise<void> {
  await awsCall(context, `stop ${instanceId}`, () => ec2.send(new StopInstancesCommand({ InstanceIds: [instanceId] })));
  const deadline = Date.now() + (options.timeoutMs ?? 30 * 60_000);
  for (;;) {
    const out = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] })).catch(() => undefined);
    const state = out?.Reservations?.[0]?.Instances?.[0]?.State?.Name;
    if (state === 'stopped') return;
    if (state === 'terminated' || state === 'shutting-down') {
      throw new KilnFailure({
        code: 'InstanceGone',
        message: `${instanceId} is ${state}; there is nothing to image.`,
        remedy: 'Launch again, then save it as an AMI.',
      });
    }
    if (Date.now() > deadline) {
      throw new KilnFailure({
        code: 'StopTimedOut',
        message: `${instanceId} did not stop within 30 minutes (it is ${state ?? 'unknown'}).`,
        remedy: 'Stop it in the EC2 console, then save it as an AMI again.',
      });
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 2_000));
  }
}

/** Lineage and ownership tags for an image and its snapshots, then the operator's own. */
export function imageTags(record: LaunchRecord, request: BakeRequest, bakeId: string, sealed: boolean): Tag[] {
  const lineage: Record<string, string> = {
    Name: request.name,
    [KILN_BAKED_FROM_TAG]: record.id,
    [KILN_BAKE_ID_TAG]: bakeId,
    [KILN_SOURCE_AMI_TAG]: record.spec.imageId,
    [KILN_SCRIPT_SHA256_TAG]: createHash('sha256').update(record.spec.installScript, 'utf8').digest('hex'),
    [KILN_SEALED_TAG]: String(sealed),
    [KILN_CREATED_BY_TAG]: KILN_CREATED_BY_VALUE,
    ...(request.keepAgent && sealed ? { [KILN_AGENT_INSTALLED_TAG]: 'true' } : {}),
  };
  return [
    ...Object.entries(lineage).map(([Key, Value]) => ({ Key, Value })),
    ...request.tags.map((t) => ({ Key: t.key, Value: t.value })),
  ];
}

/** CreateImage with the tags on the image and its snapshots; `reboot` mode lets EC2 reboot a running instance. */
export async function createImage(
  context: ProfileContext,
  ec2: EC2Client,
  instanceId: string,
  request: BakeRequest,
  tags: Tag[],
): Promise<string> {
  const out = await awsCall(context, `create the image ${request.name}`, () =>
    ec2.send(
      new CreateImageCommand({
        InstanceId: instanceId,
        Name: request.name,
        Description: request.description || undefined,
        NoReboot: false,
        TagSpecifications: [
          { ResourceType: 'image', Tags: tags },
          { ResourceType: 'snapshot', Tags: tags },
        ],
      }),
    ),
  );
  return out.ImageId!;
}

/**
 * Copies an image into `target` (the call goes to the target region). CopyImage's TagSpecifications tag the copy and
 * its new snapshots (CopyImageTags would tag the image only, leaving its snapshots without lineage).
 */
export async function copyImage(
  context: ProfileContext,
  targetEc2: EC2Client,
  source: { imageId: string; region: string; name: string; description?: string },
  tags: Tag[],
  /** Makes a repeated request (after a restart, or a second click) return the same copy. */
  clientToken?: string,
): Promise<string> {
  const own = tags.filter((tag) => !tag.Key?.startsWith('aws:'));
  const out = await awsCall(context, `copy ${source.imageId} from ${source.region}`, () =>
    targetEc2.send(
      new CopyImageCommand({
        SourceImageId: source.imageId,
        SourceRegion: source.region,
        Name: source.name,
        Description: source.description,
        ClientToken: clientToken,
        TagSpecifications:
          own.length > 0
            ? [
                { ResourceType: 'image', Tags: own },
                { ResourceType: 'snapshot', Tags: own },
              ]
            : undefined,
      }),
    ),
  );
  return out.ImageId!;
}

/** The image a bake already made (found by its kiln:bake-id tag), if any. */
export async function imageOfBake(
  context: ProfileContext,
  ec2: EC2Client,
  bakeId: string,
): Promise<string | undefined> {
  const out = await awsCall(context, 'look for the image of this bake', () =>
    ec2.send(
      new DescribeImagesCommand({ Owners: ['self'], Filters: [{ Name: `tag:${KILN_BAKE_ID_TAG}`, Values: [bakeId] }] }),
    ),
  );
  return out.Images?.[0]?.ImageId;
}

/** The tags of an image, to carry over to its copies. */
export async function imageTagsOf(context: ProfileContext, ec2: EC2Client, imageId: string): Promise<Tag[]> {
  const out = await awsCall(context, `read the tags of ${imageId}`, () =>
    ec2.send(new DescribeImagesCommand({ ImageIds: [imageId] })),
  );
  return out.Images?.[0]?.Tags ?? [];
}

export interface DeregisterResult {
  imageId: string;
  deletedSnapshotIds: string[];
  keptSnapshots: Array<{ snapshotId: string; reason: string }>;
}

/** Deregisters the image, then deletes every snapshot behind it; a snapshot that cannot go is reported, not hidden. */
export async function deregisterImage(
  context: ProfileContext,
  ec2: EC2Client,
  imageId: string,
): Promise<DeregisterResult> {
  const described = await awsCall(context, `describe ${imageId}`, () =>
    ec2.send(new DescribeImagesCommand({ ImageIds: [imageId] })),
  );
  const image = described.Images?.[0];
  if (!image)
    throw new KilnFailure({
      code: 'InvalidAMIID.NotFound',
      message: `${imageId} does not exist (any more).`,
      remedy: 'Refresh the list.',
    });
  await awsCall(context, `deregister ${imageId}`, () => ec2.send(new DeregisterImageCommand({ ImageId: imageId })));
  const result: DeregisterResult = { imageId, deletedSnapshotIds: [], keptSnapshots: [] };
  for (const snapshotId of snapshotIdsOf(image)) {
    try {
      await ec2.send(new DeleteSnapshotCommand({ SnapshotId: snapshotId }));
      result.deletedSnapshotIds.push(snapshotId);
    } catch (error) {
      if (awsErrorCode(error) === 'InvalidSnapshot.NotFound') {
        result.deletedSnapshotIds.push(snapshotId);
        continue;
      }
      try {
        throwAwsFailure(context, `delete ${snapshotId}`, error);
      } catch (failure) {
        result.keptSnapshots.push({
          snapshotId,
          reason: failure instanceof KilnFailure ? failure.error.message : String(failure),
        });
      }
    }
  }
  return result;
}
