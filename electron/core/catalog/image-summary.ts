/** EC2 images as the wizard shows them: architecture, platform, creation date, root device and size. */
import type { Image } from '@aws-sdk/client-ec2';
import type { ImageSummary } from '../../common/models';

/** Tags save-as-AMI puts on the images Kiln bakes. */
export const KILN_BAKED_TAG_KEYS: readonly string[] = ['kiln:baked-from', 'kiln:launch-id'];

/** An AMI id as EC2 writes it (8 or 17 hex digits). */
export const AMI_ID_PATTERN = /^ami-(?:[0-9a-f]{8}|[0-9a-f]{17})$/;

export function toImageSummary(image: Image): ImageSummary {
  const root = image.BlockDeviceMappings?.find((m) => m.DeviceName === image.RootDeviceName);
  const tagKeys = new Set((image.Tags ?? []).map((t) => t.Key));
  return {
    imageId: image.ImageId ?? '',
    name: image.Name ?? image.ImageId ?? '',
    description: image.Description,
    architecture: image.Architecture ?? 'x86_64',
    platform: isWindows(image) ? 'windows' : 'linux',
    creationDate: image.CreationDate,
    rootDeviceName: image.RootDeviceName,
    rootVolumeSizeGiB: root?.Ebs?.VolumeSize,
    state: image.State,
    kilnBaked: KILN_BAKED_TAG_KEYS.some((key) => tagKeys.has(key)),
  };
}

function isWindows(image: Image): boolean {
  return image.Platform?.toLowerCase() === 'windows' || /windows/i.test(image.PlatformDetails ?? '');
}

/** Newest first; images without a creation date last. */
export function byNewest(a: ImageSummary, b: ImageSummary): number {
  return (b.creationDate ?? '').localeCompare(a.creationDate ?? '');
}
