/** What the catalog lists for the wizard: AMIs, instance types and prices, key pairs, VPCs, subnets, groups. */
import { z } from 'zod';

export const Architecture = z.enum(['x86_64', 'arm64', 'i386', 'x86_64_mac', 'arm64_mac']);
export type Architecture = z.infer<typeof Architecture>;

export const ImageSummary = z.object({
  imageId: z.string(),
  name: z.string(),
  /** Friendly title for quick-start tiles, e.g. "Amazon Linux 2023". */
  label: z.string().optional(),
  description: z.string().optional(),
  architecture: z.string(),
  platform: z.enum(['linux', 'windows']),
  creationDate: z.string().optional(),
  rootDeviceName: z.string().optional(),
  rootVolumeSizeGiB: z.number().optional(),
  /** EC2's image state: available, pending, failed… */
  state: z.string().optional(),
  /** Built by Kiln's save-as-AMI (tagged kiln:baked-from or kiln:launch-id). */
  kilnBaked: z.boolean().optional(),
});
export type ImageSummary = z.infer<typeof ImageSummary>;

/** A quick-start tile: shown even when its SSM parameter does not resolve in the region, disabled with the reason. */
export const QuickStartTile = z.object({
  /** The SSM public parameter that names the latest AMI of this distribution. */
  parameter: z.string(),
  label: z.string(),
  description: z.string(),
  architecture: z.string(),
  platform: z.enum(['linux', 'windows']),
  /** The resolved image; absent when the tile is unavailable in this region. */
  image: ImageSummary.optional(),
  unavailableReason: z.string().optional(),
});
export type QuickStartTile = z.infer<typeof QuickStartTile>;

/** One page of an image listing; `nextToken` fetches the next page. */
export const ImagePage = z.object({
  images: z.array(ImageSummary),
  nextToken: z.string().optional(),
  /** EC2 matched more images than one page holds and gave no way to page on: only the newest are here. */
  truncated: z.boolean().optional(),
});
export type ImagePage = z.infer<typeof ImagePage>;

/** An on-demand Linux price per hour in USD, and where it came from (the Pricing API, or the bundled snapshot). */
export const InstancePrice = z.object({
  usdPerHour: z.number().nonnegative(),
  source: z.enum(['pricing-api', 'snapshot']),
  /** The snapshot's date, or when the Pricing API answered (ISO 8601 date). */
  asOf: z.string(),
  /** The region the price is for (the snapshot only knows us-east-1). */
  region: z.string(),
});
export type InstancePrice = z.infer<typeof InstancePrice>;

export const InstanceTypeSummary = z.object({
  instanceType: z.string(),
  vcpus: z.number(),
  memoryMiB: z.number(),
  architectures: z.array(z.string()),
  freeTierEligible: z.boolean(),
  /** "Up to 5 Gigabit", "25 Gigabit"… as EC2 reports it. */
  networkPerformance: z.string().optional(),
  /** Null when no price is known for the type: the UI says "unknown". */
  price: InstancePrice.nullable().optional(),
});
export type InstanceTypeSummary = z.infer<typeof InstanceTypeSummary>;

/** On-demand prices of a region's instance types; a type missing from `prices` has no known price. */
export const InstancePriceList = z.object({
  prices: z.record(z.string(), InstancePrice),
  /** Why the Pricing API was not used (not reachable, not allowed), when the snapshot answered instead. */
  fallbackReason: z.string().optional(),
});
export type InstancePriceList = z.infer<typeof InstancePriceList>;

export const KeyPairSummary = z.object({
  name: z.string(),
  keyPairId: z.string().optional(),
  type: z.string().optional(),
  fingerprint: z.string().optional(),
  createdAt: z.string().optional(),
});
export type KeyPairSummary = z.infer<typeof KeyPairSummary>;

export const SubnetSummary = z.object({
  subnetId: z.string(),
  vpcId: z.string(),
  availabilityZone: z.string(),
  cidrBlock: z.string().optional(),
  mapPublicIpOnLaunch: z.boolean(),
  defaultForAz: z.boolean(),
});
export type SubnetSummary = z.infer<typeof SubnetSummary>;

export const VpcSummary = z.object({
  vpcId: z.string(),
  cidrBlock: z.string().optional(),
  isDefault: z.boolean(),
  /** The Name tag, when there is one. */
  name: z.string().optional(),
});
export type VpcSummary = z.infer<typeof VpcSummary>;

export const SecurityGroupSummary = z.object({
  groupId: z.string(),
  name: z.string(),
  description: z.string().optional(),
  vpcId: z.string(),
  /** One line per inbound rule, e.g. "tcp 22 from 203.0.113.7/32". */
  inbound: z.array(z.string()),
});
export type SecurityGroupSummary = z.infer<typeof SecurityGroupSummary>;
