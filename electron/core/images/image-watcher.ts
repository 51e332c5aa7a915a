/**
 * Watches images being made or copied in one profile and region with one DescribeImages and one DescribeSnapshots
 * per tick for all of them together, backing off (with jitter) when AWS throttles or a call fails. There is no
 * waiter budget: an image is watched for as long as AWS says it is pending, however long that is.
 */
import { DescribeImagesCommand, DescribeSnapshotsCommand, type EC2Client, type Image } from '@aws-sdk/client-ec2';
import type { SnapshotProgress } from '../../common/models';
import { isThrottling } from '../monitor/instance-status';

export interface ImageObservation {
  imageId: string;
  /** EC2's state, or `missing` when DescribeImages no longer lists it (deregistered elsewhere). */
  state: string;
  stateReason?: string;
  snapshots: SnapshotProgress[];
  /** EC2's description of the image (absent when missing), so listeners need not describe it again. */
  image?: Image;
}

export interface ImageWatcherOptions {
  ec2: EC2Client;
  onObservation: (observation: ImageObservation) => void;
  onError?: (error: unknown) => void;
  /** Tick while anything is watched; default 3 s. */
  intervalMs?: number;
  /** Longest backoff; default 60 s. */
  maxBackoffMs?: number;
  random?: () => number;
}

export interface ImageWatcher {
  watch(imageId: string): void;
  unwatch(imageId: string): void;
  watching(): string[];
  stop(): void;
}

export function createImageWatcher(options: ImageWatcherOptions): ImageWatcher {
  const intervalMs = options.intervalMs ?? 3_000;
  const maxBackoffMs = options.maxBackoffMs ?? 60_000;
  const random = options.random ?? Math.random;
  const watched = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let failures = 0;
  let running = false;
  let stopped = false;

  function schedule(delay: number): void {
    if (stopped || timer || watched.size === 0) return;
    timer = setTimeout(() => {
      timer = undefined;
      void tick();
    }, delay);
  }

  async function tick(): Promise<void> {
    if (running || stopped || watched.size === 0) return;
    running = true;
    try {
      for (const observation of await observe([...watched])) {
        if (watched.has(observation.imageId)) options.onObservation(observation);
      }
      failures = 0;
    } catch (error) {
      failures += 1;
      if (!isThrottling(error)) options.onError?.(error);
    } finally {
      running = false;
    }
    const backoff =
      failures === 0 ? intervalMs : Math.min(maxBackoffMs, intervalMs * 2 ** failures) * (0.5 + random() / 2);
    schedule(backoff);
  }

  async function observe(imageIds: string[]): Promise<ImageObservation[]> {
    const out = await options.ec2.send(new DescribeImagesCommand({ ImageIds: imageIds })).catch((error: unknown) => {
      // One deregistered id makes the whole call fail on AWS: ask again with a filter, which skips unknown ids.
      if ((error as { name?: string }).name !== 'InvalidAMIID.NotFound') throw error;
      return options.ec2.send(new DescribeImagesCommand({ Filters: [{ Name: 'image-id', Values: imageIds }] }));
    });
    const images = out.Images ?? [];
    const snapshotIds = images.flatMap(snapshotIdsOf);
    const snapshots = new Map<string, SnapshotProgress>();
    if (snapshotIds.length > 0) {
      const described = await options.ec2.send(
        new DescribeSnapshotsCommand({ Filters: [{ Name: 'snapshot-id', Values: snapshotIds }] }),
      );
      for (const snapshot of described.Snapshots ?? []) {
        snapshots.set(snapshot.SnapshotId!, {
          snapshotId: snapshot.SnapshotId!,
          volumeSizeGiB: snapshot.VolumeSize ?? null,
          progress: parseProgress(snapshot.Progress, snapshot.State),
          state: snapshot.State ?? 'unknown',
        });
      }
    }
    const found = new Set(images.map((image) => image.ImageId));
    return [
      ...images.map((image) => ({
        imageId: image.ImageId!,
        state: image.State ?? 'unknown',
        stateReason: image.StateReason?.Message,
        image,
        snapshots: snapshotIdsOf(image).map(
          (id) =>
            snapshots.get(id) ?? { snapshotId: id, volumeSizeGiB: sizeOf(image, id), progress: 0, state: 'unknown' },
        ),
      })),
      ...imageIds.filter((id) => !found.has(id)).map((imageId) => ({ imageId, state: 'missing', snapshots: [] })),
    ];
  }

  return {
    watch(imageId) {
      watched.add(imageId);
      schedule(0);
    },
    unwatch: (imageId) => void watched.delete(imageId),
    watching: () => [...watched],
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}

/** The snapshots behind an image's EBS block device mappings. */
export function snapshotIdsOf(image: Image): string[] {
  return (image.BlockDeviceMappings ?? []).flatMap((m) => (m.Ebs?.SnapshotId ? [m.Ebs.SnapshotId] : []));
}

function sizeOf(image: Image, snapshotId: string): number | null {
  return image.BlockDeviceMappings?.find((m) => m.Ebs?.SnapshotId === snapshotId)?.Ebs?.VolumeSize ?? null;
}

/** "42%" → 42; a completed snapshot without progress counts as 100. */
export function parseProgress(progress: string | undefined, state: string | undefined): number {
  const value = Number.parseFloat(progress ?? '');
  if (Number.isFinite(value)) return Math.max(0, Math.min(100, value));
  return state === 'completed' ? 100 : 0;
}
