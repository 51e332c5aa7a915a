/** Baking: a launch saved as an AMI (sealed, imaged, watched until available, copied), and Kiln-baked images. */
import { z } from 'zod';
import { KilnError } from '../result';
import { UserTags } from './launch-spec';

/** EC2's AMI name rules: 3–128 characters of letters, digits, ( ) [ ] space . / - ' @ _. */
export const ImageName = z
  .string()
  .trim()
  .min(3, 'An AMI name holds at least 3 characters.')
  .max(128, 'An AMI name holds at most 128 characters.')
  .regex(/^[A-Za-z0-9()[\] ./\-'@_]+$/, "An AMI name may use letters, digits, spaces and ( ) [ ] . / - ' @ _ only.");

const Region = z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, 'Choose a region, e.g. us-west-2.');

/** What the Save-as-AMI dialog asks for. */
export const BakeRequest = z.object({
  launchId: z.string().min(1),
  name: ImageName,
  description: z.string().trim().max(255, 'A description holds at most 255 characters.').default(''),
  /** `stop`: stop the instance, image it, start it again if it was running. `reboot`: image it with a reboot. */
  mode: z.enum(['stop', 'reboot']).default('stop'),
  /** Extra tags on the image and its snapshots (beside Kiln's lineage tags). */
  tags: UserTags.default([]),
  /** Regions to copy the image to once it is available. */
  copyToRegions: z.array(Region).max(10, 'Copy to at most 10 regions at once.').default([]),
  /** Leave the agent binary in the image so launches from it skip the download. */
  keepAgent: z.boolean().default(false),
  /** Windows: generalize with sysprep while sealing. */
  generalize: z.boolean().default(false),
  /** The operator confirmed imaging without sealing (the agent cannot be reached); the image is tagged so. */
  allowUnsealed: z.boolean().default(false),
});
export type BakeRequest = z.infer<typeof BakeRequest>;
export type BakeRequestInput = z.input<typeof BakeRequest>;

/** One EBS snapshot of an image, as DescribeSnapshots last reported it. */
export const SnapshotProgress = z.object({
  snapshotId: z.string(),
  volumeSizeGiB: z.number().nullable(),
  /** 0–100. */
  progress: z.number(),
  state: z.string(),
});
export type SnapshotProgress = z.infer<typeof SnapshotProgress>;

/** An image a bake made (the first) or copied (the rest), and how far it is. */
export const BakedImage = z.object({
  imageId: z.string(),
  region: z.string(),
  /** EC2's image state (pending, available, failed…); `copy-requested` before CopyImage answered. */
  state: z.string(),
  stateReason: z.string().optional(),
  snapshots: z.array(SnapshotProgress).default([]),
  /** The image this one was copied from. */
  copiedFrom: z.string().optional(),
  createdAt: z.string(),
  availableAt: z.string().optional(),
});
export type BakedImage = z.infer<typeof BakedImage>;

export const BakePhase = z.enum(['sealing', 'stopping', 'creating-image', 'pending', 'copying', 'available', 'failed']);
export type BakePhase = z.infer<typeof BakePhase>;

/** What the agent removed from the instance before it was imaged. */
export const SealReport = z.object({
  sealed: z.boolean(),
  removed: z.array(z.string()).default([]),
  kept: z.array(z.string()).default([]),
  actions: z.array(z.object({ command: z.string(), ok: z.boolean(), detail: z.string().optional() })).default([]),
  /** Why the instance was imaged unsealed, when it was. */
  reason: z.string().optional(),
});
export type SealReport = z.infer<typeof SealReport>;

/** One Save-as-AMI of a launch: kept on the launch record, so watching resumes after a restart. */
export const Bake = z.object({
  id: z.string(),
  request: BakeRequest,
  phase: BakePhase,
  startedAt: z.string(),
  timeline: z.array(z.object({ phase: BakePhase, at: z.string() })),
  seal: SealReport.optional(),
  /** Start the instance again once the image is created (it was running before a stop-then-image). */
  restartInstance: z.boolean().default(false),
  /** The total size of the volumes imaged, for the time estimate. */
  volumeSizeGiB: z.number().nullable().default(null),
  images: z.array(BakedImage).default([]),
  error: KilnError.optional(),
  /** What went wrong beside the image itself (the instance not started again), each with what to do. */
  warnings: z.array(KilnError).optional(),
});
export type Bake = z.infer<typeof Bake>;

/** The review of a Save as AMI: what will be created and what it costs per month to keep. */
export const BakePreview = z.object({
  volumes: z.array(z.object({ volumeId: z.string(), sizeGiB: z.number(), device: z.string().optional() })),
  /** Snapshot storage per month for one copy of the image, USD; null when the price is unknown. */
  usdPerMonth: z.number().nullable(),
  /** Every region's copy included. */
  usdPerMonthAllRegions: z.number().nullable(),
  priceNote: z.string(),
  instanceState: z.string(),
  /** Whether the agent can be asked to seal (the install ended and Kiln holds its token). */
  agentReachable: z.boolean(),
  agentNote: z.string(),
  willCreate: z.array(z.string()),
  /** Minutes a bake of this size usually takes, as a rough guide. */
  estimatedMinutes: z.number(),
});
export type BakePreview = z.infer<typeof BakePreview>;

/** A Kiln-baked image as the Images page lists it. */
export const KilnImage = z.object({
  imageId: z.string(),
  region: z.string(),
  name: z.string(),
  description: z.string().optional(),
  state: z.string(),
  stateReason: z.string().optional(),
  /** Average snapshot progress while pending, 0–100. */
  progress: z.number().nullable(),
  sizeGiB: z.number().nullable(),
  createdAt: z.string().optional(),
  sourceImageId: z.string().optional(),
  /** The launch it was baked from (kiln:baked-from). */
  launchId: z.string().optional(),
  sealed: z.boolean().nullable(),
  scriptSha256: z.string().optional(),
  snapshotIds: z.array(z.string()),
  usdPerMonth: z.number().nullable(),
  architecture: z.string().optional(),
  platform: z.enum(['linux', 'windows']),
});
export type KilnImage = z.infer<typeof KilnImage>;

export const ImageRef = z.object({
  profileId: z.string().min(1),
  region: Region,
  imageId: z.string().regex(/^ami-[0-9a-f]{8,17}$/, 'An AMI id looks like ami-0123456789abcdef0.'),
});
export type ImageRef = z.infer<typeof ImageRef>;
