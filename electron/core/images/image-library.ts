/** The Images page: Kiln-baked images across a profile's regions, copying one to a region, deregistering one. */
import { DescribeImagesCommand, DescribeSnapshotsCommand, type EC2Client, type Image } from '@aws-sdk/client-ec2';
import type { ImageRef, KilnImage } from '../../common/models';
import { KilnFailure } from '../../common/result';
import { awsCall } from '../aws/clients';
import type { AwsClientPool } from '../aws/clients';
import type { ProfileContext } from '../profiles/profile-context';
import type { ProfileRegistry } from '../profiles/profile-registry';
import {
  copyImage,
  deregisterImage,
  imageTagsOf,
  KILN_BAKED_FROM_TAG,
  KILN_SCRIPT_SHA256_TAG,
  KILN_SEALED_TAG,
  KILN_SOURCE_AMI_TAG,
  type DeregisterResult,
} from './image-calls';
import { snapshotMonthlyCost } from './image-cost';
import { parseProgress, snapshotIdsOf } from './image-watcher';

export interface ImageLibraryDeps {
  profiles: ProfileRegistry;
  clients: AwsClientPool;
  /** Watches a new copy until it is available. */
  watch: (profileId: string, region: string, imageId: string) => void;
  log: (message: string, error?: unknown) => void;
}

export interface ImageLibrary {
  list(profileId: string, regions: readonly string[]): Promise<KilnImage[]>;
  describe(ref: ImageRef): Promise<KilnImage>;
  copy(ref: ImageRef, targetRegion: string): Promise<KilnImage>;
  deregister(ref: ImageRef): Promise<DeregisterResult>;
}

export function createImageLibrary(deps: ImageLibraryDeps): ImageLibrary {
  const ec2Of = async (profileId: string, region: string) => {
    const context = await deps.profiles.get(profileId);
    return { context, ec2: deps.clients.get(context, region).ec2 };
  };

  async function inRegion(
    context: ProfileContext,
    ec2: EC2Client,
    region: string,
    filter: { imageIds?: string[] },
  ): Promise<KilnImage[]> {
    const out = await awsCall(context, `list the Kiln-baked images in ${region}`, () =>
      ec2.send(
        new DescribeImagesCommand(
          filter.imageIds
            ? { ImageIds: filter.imageIds }
            : { Owners: ['self'], Filters: [{ Name: 'tag-key', Values: [KILN_BAKED_FROM_TAG] }] },
        ),
      ),
    );
    const images = out.Images ?? [];
    const pendingSnapshots = images.filter((image) => image.State === 'pending').flatMap(snapshotIdsOf);
    const progress = new Map<string, number>();
    if (pendingSnapshots.length > 0) {
      const snapshots = await ec2
        .send(new DescribeSnapshotsCommand({ Filters: [{ Name: 'snapshot-id', Values: pendingSnapshots }] }))
        .catch(() => undefined);
      for (const snapshot of snapshots?.Snapshots ?? [])
        progress.set(snapshot.SnapshotId!, parseProgress(snapshot.Progress, snapshot.State));
    }
    return images
      .map((image) => toKilnImage(image, region, progress))
      .sort((a, b) => (b.createdAt ?? '').localeCompare(a.createdAt ?? ''));
  }

  return {
    async list(profileId, regions) {
      const context = await deps.profiles.get(profileId);
      const perRegion = await Promise.all(
        regions.map((region) =>
          inRegion(context, deps.clients.get(context, region).ec2, region, {}).catch((error: unknown) => {
            deps.log(`could not list images in ${region}`, error);
            return [];
          }),
        ),
      );
      return perRegion.flat();
    },

    async describe({ profileId, region, imageId }) {
      const { context, ec2 } = await ec2Of(profileId, region);
      const [image] = await inRegion(context, ec2, region, { imageIds: [imageId] });
      if (!image)
        throw new KilnFailure({
          code: 'InvalidAMIID.NotFound',
          message: `${imageId} does not exist in ${region}.`,
          remedy: 'Refresh the list.',
        });
      return image;
    },

    async copy(ref, targetRegion) {
      if (targetRegion === ref.region) {
        throw new KilnFailure({
          code: 'CopyToSameRegion',
          message: `${ref.imageId} is in ${ref.region} already.`,
          remedy: 'Pick another region.',
          field: 'targetRegion',
        });
      }
      const { context, ec2 } = await ec2Of(ref.profileId, ref.region);
      if (context.regions && !context.regions.includes(targetRegion)) {
        throw new KilnFailure({
          code: 'RegionNotAvailable',
          message: `${targetRegion} is not a region of this profile.`,
          remedy: `Pick one of ${context.regions.join(', ')}.`,
          field: 'targetRegion',
        });
      }
      const [source] = await inRegion(context, ec2, ref.region, { imageIds: [ref.imageId] });
      if (!source)
        throw new KilnFailure({
          code: 'InvalidAMIID.NotFound',
          message: `${ref.imageId} does not exist in ${ref.region}.`,
          remedy: 'Refresh the list.',
        });
      if (source.state !== 'available') {
        throw new KilnFailure({
          code: 'ImageNotAvailable',
          message: `${ref.imageId} is ${source.state}; only available images can be copied.`,
          remedy: 'Wait until it is available.',
        });
      }
      const target = deps.clients.get(context, targetRegion).ec2;
      const tags = await imageTagsOf(context, ec2, ref.imageId);
      const imageId = await copyImage(
        context,
        target,
        { imageId: ref.imageId, region: ref.region, name: source.name, description: source.description },
        tags,
      );
      deps.watch(ref.profileId, targetRegion, imageId);
      return {
        ...source,
        imageId,
        region: targetRegion,
        state: 'pending',
        progress: 0,
        snapshotIds: [],
        createdAt: new Date().toISOString(),
      };
    },

    async deregister(ref) {
      const { context, ec2 } = await ec2Of(ref.profileId, ref.region);
      return deregisterImage(context, ec2, ref.imageId);
    },
  };
}

function tagOf(image: Image, key: string): string | undefined {
  return image.Tags?.find((tag) => tag.Key === key)?.Value;
}

/** The Images page's row for an EC2 image; `progress` holds the known progress of its snapshots. */
export function toKilnImage(image: Image, region: string, progress: ReadonlyMap<string, number>): KilnImage {
  const snapshotIds = snapshotIdsOf(image);
  const sizes = (image.BlockDeviceMappings ?? [])
    .map((m) => m.Ebs?.VolumeSize)
    .filter((size): size is number => size !== undefined);
  const sizeGiB = sizes.length > 0 ? sizes.reduce((a, b) => a + b, 0) : null;
  const sealed = tagOf(image, KILN_SEALED_TAG);
  const known = snapshotIds.map((id) => progress.get(id)).filter((p): p is number => p !== undefined);
  return {
    imageId: image.ImageId!,
    region,
    name: image.Name ?? image.ImageId!,
    description: image.Description || undefined,
    state: image.State ?? 'unknown',
    stateReason: image.StateReason?.Message,
    progress:
      image.State === 'available'
        ? 100
        : known.length > 0
          ? known.reduce((a, b) => a + b, 0) / known.length
          : image.State === 'pending'
            ? 0
            : null,
    sizeGiB,
    createdAt: image.CreationDate,
    sourceImageId: tagOf(image, KILN_SOURCE_AMI_TAG),
    launchId: tagOf(image, KILN_BAKED_FROM_TAG),
    sealed: sealed === undefined ? null : sealed === 'true',
    scriptSha256: tagOf(image, KILN_SCRIPT_SHA256_TAG),
    snapshotIds,
    usdPerMonth: snapshotMonthlyCost(sizeGiB),
    architecture: image.Architecture,
    platform:
      image.Platform?.toLowerCase() === 'windows' || /windows/i.test(image.PlatformDetails ?? '') ? 'windows' : 'linux',
  };
}
