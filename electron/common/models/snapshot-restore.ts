/** A launch's EBS snapshots as the Snapshots list shows them, and restoring the launch from one of them. */
import { z } from 'zod';

/** Who made a snapshot: the launch's DLM schedule, the operator (Take snapshot now), a Save as AMI, or someone else. */
export const SnapshotSource = z.enum(['scheduled', 'manual', 'bake', 'other']);
export type SnapshotSource = z.infer<typeof SnapshotSource>;

/** One snapshot of one of the launch's volumes. */
export const LaunchSnapshot = z.object({
  snapshotId: z.string(),
  volumeId: z.string().optional(),
  /** When EC2 started it (ISO 8601): the moment its data is from. */
  startTime: z.string(),
  sizeGiB: z.number().nullable(),
  /** EC2's state: pending, completed, error (recoverable and recovering for archived ones). */
  state: z.string(),
  /** 0–100. */
  progress: z.number().min(0).max(100),
  description: z.string(),
  source: SnapshotSource,
  /** Whether it is a snapshot of the instance's root volume (only those can be restored here). */
  root: z.boolean(),
});
export type LaunchSnapshot = z.infer<typeof LaunchSnapshot>;

/** The two ways back: (a) a replacement instance from an image of the snapshot; (b) the snapshot as the root volume. */
export const RestoreMethod = z.enum(['image', 'swap-volume']);
export type RestoreMethod = z.infer<typeof RestoreMethod>;

export const RestoreRequest = z.object({
  launchId: z.string().min(1),
  snapshotId: z.string().regex(/^snap-[0-9a-f]{8,17}$/, 'A snapshot id looks like snap-0123456789abcdef0.'),
  method: RestoreMethod,
});
export type RestoreRequest = z.infer<typeof RestoreRequest>;

/** What one method does, in the operator's terms, and why it cannot be used now (if it cannot). */
export const RestoreMethodPreview = z.object({
  method: RestoreMethod,
  title: z.string(),
  /** `new`: a new instance (new id); `same`: the launch's own instance. */
  instanceId: z.enum(['new', 'same']),
  /** What happens to the public IPv4 address. */
  publicIp: z.string(),
  /** What each step does, in order. */
  steps: z.array(z.string()),
  /** What is left afterwards and what the operator should do about it. */
  afterwards: z.array(z.string()),
  /** Why the method cannot be used for this launch now; absent when it can. */
  refusal: z.string().optional(),
});
export type RestoreMethodPreview = z.infer<typeof RestoreMethodPreview>;

export const RestorePreview = z.object({
  launchId: z.string(),
  snapshot: LaunchSnapshot,
  methods: z.array(RestoreMethodPreview),
});
export type RestorePreview = z.infer<typeof RestorePreview>;

/** One step of a restore as the launch page shows it while it runs. */
export const RestoreStep = z.object({
  title: z.string(),
  state: z.enum(['running', 'done', 'failed', 'rolled-back']),
  detail: z.string().optional(),
  at: z.string(),
});
export type RestoreStep = z.infer<typeof RestoreStep>;

/** A restore of a launch, on its record: running, done or failed (with what was rolled back). */
export const LaunchRestore = z.object({
  snapshotId: z.string(),
  method: RestoreMethod,
  state: z.enum(['running', 'succeeded', 'failed']),
  startedAt: z.string(),
  steps: z.array(RestoreStep),
  /** (a): the replacement launch. */
  replacementLaunchId: z.string().optional(),
  error: z.object({ code: z.string(), message: z.string(), remedy: z.string().optional() }).optional(),
});
export type LaunchRestore = z.infer<typeof LaunchRestore>;

/** A root volume a swap detached: kept (tagged) in case the operator wants it back, deleted with the launch. */
export const RetiredVolume = z.object({
  volumeId: z.string(),
  retiredAt: z.string(),
  deleted: z.boolean().default(false),
});
export type RetiredVolume = z.infer<typeof RetiredVolume>;

/** On a replacement launch: where it came from. */
export const RestoredFrom = z.object({ launchId: z.string(), snapshotId: z.string(), imageId: z.string() });
export type RestoredFrom = z.infer<typeof RestoredFrom>;

/** What `snapshots.restore` answers: the launch that now runs the snapshot's data (the replacement, or the same). */
export const RestoreResult = z.object({
  method: RestoreMethod,
  launchId: z.string(),
  instanceId: z.string(),
  /** (b): the old root volume, detached and kept until the launch is cleaned up. */
  retiredVolumeId: z.string().optional(),
});
export type RestoreResult = z.infer<typeof RestoreResult>;
