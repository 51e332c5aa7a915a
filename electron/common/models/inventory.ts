/** The inventory: everything Kiln manages in a profile's regions, read from AWS tags, with owner, age, state and cost. */
import { z } from 'zod';

/**
 * What a row is. `launch` and `fleet` rows are derived: one per `kiln:launch-id` (or `kiln:fleet-id`) value found on
 * the other rows.
 */
export const InventoryKind = z.enum([
  'launch',
  'fleet',
  'instance',
  'volume',
  'image',
  'snapshot',
  'policy',
  'alarm',
  'security-group',
  'key-pair',
  'bucket',
  'parameter',
  'auto-scaling-group',
  'launch-template',
  'load-balancer',
  'listener',
  'target-group',
]);
export type InventoryKind = z.infer<typeof InventoryKind>;

/** How the UI, the CLI and messages name each kind, one and many. */
export const INVENTORY_KIND_LABELS: Readonly<Record<InventoryKind, { one: string; many: string }>> = {
  launch: { one: 'Launch', many: 'Launches' },
  instance: { one: 'Instance', many: 'Instances' },
  volume: { one: 'Volume', many: 'Volumes' },
  image: { one: 'Image', many: 'Images' },
  snapshot: { one: 'Snapshot', many: 'Snapshots' },
  policy: { one: 'Snapshot policy', many: 'Snapshot policies' },
  alarm: { one: 'Alarm', many: 'Alarms' },
  'security-group': { one: 'Security group', many: 'Security groups' },
  'key-pair': { one: 'Key pair', many: 'Key pairs' },
  bucket: { one: 'Bucket', many: 'Buckets' },
  parameter: { one: 'SSM parameter', many: 'SSM parameters' },
  fleet: { one: 'Fleet', many: 'Fleets' },
  'auto-scaling-group': { one: 'Auto Scaling group', many: 'Auto Scaling groups' },
  'launch-template': { one: 'Launch template', many: 'Launch templates' },
  'load-balancer': { one: 'Load balancer', many: 'Load balancers' },
  listener: { one: 'Listener', many: 'Listeners' },
  'target-group': { one: 'Target group', many: 'Target groups' },
};

/** Rows derived from the others (their cost is a sum, left out of totals). */
export const DERIVED_INVENTORY_KINDS: ReadonlySet<InventoryKind> = new Set(['launch', 'fleet']);

/**
 * Where a row's cost per day comes from: `price-list` the bundled on-demand price of the instance type (of a load
 * balancer: its hourly charge, capacity units aside); `storage`
 * EBS GiB-month rates (snapshots at their full volume size, an upper bound); `alarm` the standard alarm price; `free`
 * costs nothing by itself (security groups, key pairs, standard parameters, stopped instances, images: their
 * snapshots carry the cost); `unknown` depends on what AWS does not say here (bucket content, unknown instance
 * types); `sum` a launch or fleet row: the sum of its resources' rows, left out of totals.
 */
export const InventoryCostBasis = z.enum(['price-list', 'storage', 'alarm', 'free', 'unknown', 'sum']);
export type InventoryCostBasis = z.infer<typeof InventoryCostBasis>;

export const InventoryRow = z.object({
  kind: InventoryKind,
  /** The resource's own id (instance id, AMI id, alarm name, bucket name, parameter name, launch id…). */
  id: z.string().min(1),
  /** The ARN, where AWS gives one. */
  arn: z.string().optional(),
  name: z.string().optional(),
  /** The region it lives in (a bucket: its own region, wherever it was found). */
  region: z.string(),
  /** The launch that owns it (`kiln:launch-id`, for images and their snapshots `kiln:baked-from`). */
  launchId: z.string().optional(),
  /** The fleet that owns it (`kiln:fleet-id`); on a fleet row, its own id. */
  fleetId: z.string().optional(),
  /** Whether this workstation has a record of the owner launch (launches.json) or fleet (fleets.json). */
  knownHere: z.boolean(),
  /** When AWS says it was created (ISO 8601). */
  createdAt: z.string().optional(),
  state: z.string().optional(),
  detail: z.string().optional(),
  /** Estimated USD per day; null when unknown. */
  costPerDay: z.number().nullable(),
  costBasis: InventoryCostBasis,
});
export type InventoryRow = z.infer<typeof InventoryRow>;

/** A part of the inventory that could not be read: its rows may be missing or lack details. */
export const InventoryProblem = z.object({
  region: z.string(),
  kinds: z.array(InventoryKind).min(1),
  message: z.string(),
  remedy: z.string().optional(),
});
export type InventoryProblem = z.infer<typeof InventoryProblem>;

export const Inventory = z.object({
  profileId: z.string(),
  /** When it was read (ISO 8601). */
  readAt: z.string(),
  regions: z.array(z.string()),
  rows: z.array(InventoryRow),
  problems: z.array(InventoryProblem),
});
export type Inventory = z.infer<typeof Inventory>;

export const InventoryFormat = z.enum(['csv', 'json']);
export type InventoryFormat = z.infer<typeof InventoryFormat>;

/** An export as a file to save (the shape the renderer's download takes). */
export const InventoryExport = z.object({
  fileName: z.string(),
  mimeType: z.string(),
  content: z.string(),
  rowCount: z.number().int().min(0),
});
export type InventoryExport = z.infer<typeof InventoryExport>;

/** Total estimated USD per day of the resources (launch and fleet rows are sums and left out); unknown costs count as 0. */
export function inventoryCostPerDay(rows: readonly InventoryRow[]): number {
  return rows.reduce((sum, row) => (DERIVED_INVENTORY_KINDS.has(row.kind) ? sum : sum + (row.costPerDay ?? 0)), 0);
}
