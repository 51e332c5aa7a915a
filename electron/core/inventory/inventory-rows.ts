/**
 * Pure pieces of the inventory: which resource an ARN names, the owner of a tagged resource, and the launch rows
 * derived from the resource rows. No I/O here: `inventory.ts` reads AWS and hands the answers to these.
 */
import { InventoryKind, type InventoryRow } from '../../common/models';
import { KILN_BAKED_FROM_TAG } from '../images/image-calls';
import { KILN_FLEET_ID_TAG } from '../fleets/fleet-steps';
import { KILN_LAUNCH_ID_TAG } from '../launch/tags';

/** Tags as the Tagging API and most Describe calls return them. */
export type TagList = ReadonlyArray<{ Key?: string; Value?: string }> | undefined;

/** A resource kind the Resource Groups Tagging API lists, and the resource id its ARN carries. */
export interface ArnTarget {
  kind: Exclude<InventoryKind, 'launch' | 'key-pair' | 'policy' | FleetOwnKind | 'fleet'>;
  id: string;
}

/** The kinds only fleets make, read by `fleet-resource-rows.ts` (the Tagging API is not asked for them). */
export const FLEET_KINDS = [
  'auto-scaling-group',
  'launch-template',
  'load-balancer',
  'listener',
  'target-group',
] as const;
export type FleetOwnKind = (typeof FLEET_KINDS)[number];

/** The Tagging API resource types the inventory asks for (key pairs and DLM policies are read directly). */
export const TAGGING_RESOURCE_TYPES = [
  'ec2:instance',
  'ec2:volume',
  'ec2:image',
  'ec2:snapshot',
  'ec2:security-group',
  'cloudwatch:alarm',
  'ssm:parameter',
  's3:bucket',
] as const;

/** The kinds the Tagging API answer covers: when it fails, these are what a region is missing. */
export const TAGGING_KINDS: readonly InventoryKind[] = [
  'instance',
  'volume',
  'image',
  'snapshot',
  'security-group',
  'alarm',
  'parameter',
  'bucket',
];

const EC2_KINDS: Readonly<Record<string, ArnTarget['kind']>> = {
  instance: 'instance',
  volume: 'volume',
  image: 'image',
  snapshot: 'snapshot',
  'security-group': 'security-group',
};

/**
 * The kind and id an ARN names, or undefined for a resource type the inventory does not list. SSM keeps the leading
 * slash of a hierarchical parameter name out of the ARN (`parameter/kiln/x` is `/kiln/x`); names with a slash must
 * start with one, so it is put back.
 */
export function arnTarget(arn: string): ArnTarget | undefined {
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  const service = parts[2];
  const resource = parts.slice(5).join(':');
  if (service === 's3') return resource && !resource.includes('/') ? { kind: 'bucket', id: resource } : undefined;
  if (service === 'cloudwatch' && resource.startsWith('alarm:')) {
    return { kind: 'alarm', id: resource.slice('alarm:'.length) };
  }
  const slash = resource.indexOf('/');
  if (slash < 0) return undefined;
  const type = resource.slice(0, slash);
  const rest = resource.slice(slash + 1);
  if (!rest) return undefined;
  if (service === 'ssm' && type === 'parameter') {
    return { kind: 'parameter', id: rest.includes('/') ? `/${rest}` : rest };
  }
  const kind = service === 'ec2' ? EC2_KINDS[type] : undefined;
  return kind ? { kind, id: rest } : undefined;
}

export function tagOf(tags: TagList, key: string): string | undefined {
  return tags?.find((t) => t.Key === key)?.Value;
}

/** The launch that owns a resource: its `kiln:launch-id`, or for a baked image and its snapshots `kiln:baked-from`. */
export function ownerLaunchId(tags: TagList): string | undefined {
  return tagOf(tags, KILN_LAUNCH_ID_TAG) ?? tagOf(tags, KILN_BAKED_FROM_TAG);
}

/** The fleet that owns a resource: its `kiln:fleet-id`. */
export function ownerFleetId(tags: TagList): string | undefined {
  return tagOf(tags, KILN_FLEET_ID_TAG);
}

/**
 * One row per fleet found on the resource rows: named by this workstation's record of it (else by its group), placed
 * and aged by its Auto Scaling group (else its oldest resource), in its group's state, costing the sum of its
 * resources (basis `sum`, so totals leave it out).
 */
export function fleetRows(rows: readonly InventoryRow[], known: ReadonlyMap<string, string>): InventoryRow[] {
  const byFleet = new Map<string, InventoryRow[]>();
  for (const row of rows) {
    if (!row.fleetId || row.kind === 'fleet') continue;
    byFleet.set(row.fleetId, [...(byFleet.get(row.fleetId) ?? []), row]);
  }
  return [...byFleet].map(([fleetId, owned]) => {
    const group = owned.find((r) => r.kind === 'auto-scaling-group');
    const oldest = [...owned].sort((a, b) => (a.createdAt ?? '~').localeCompare(b.createdAt ?? '~'))[0]!;
    const costs = owned.map((r) => r.costPerDay);
    return {
      kind: 'fleet' as const,
      id: fleetId,
      name: known.get(fleetId) ?? group?.name ?? group?.id,
      region: (group ?? oldest).region,
      fleetId,
      knownHere: known.has(fleetId),
      createdAt: group?.createdAt ?? oldest.createdAt,
      state: group?.state ?? 'no Auto Scaling group',
      detail: countKinds(owned),
      costPerDay: costs.includes(null) ? null : costs.reduce<number>((sum, c) => sum + (c ?? 0), 0),
      costBasis: 'sum' as const,
    };
  });
}

function countKinds(rows: readonly InventoryRow[]): string {
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(r.kind, (counts.get(r.kind) ?? 0) + 1);
  return [...counts].map(([kind, n]) => `${n} ${kind}`).join(', ');
}

/**
 * One row per owner launch found on the resource rows: named, placed and aged by its instance (else its oldest
 * resource), in its instance's state, costing the sum of its resources (basis `sum`, so totals leave it out).
 */
export function launchRows(rows: readonly InventoryRow[], knownHere: (launchId: string) => boolean): InventoryRow[] {
  const byLaunch = new Map<string, InventoryRow[]>();
  for (const row of rows) {
    if (!row.launchId || row.kind === 'launch') continue;
    byLaunch.set(row.launchId, [...(byLaunch.get(row.launchId) ?? []), row]);
  }
  return [...byLaunch].map(([launchId, owned]) => {
    const instance = owned.find((r) => r.kind === 'instance');
    const oldest = [...owned].sort((a, b) => (a.createdAt ?? '~').localeCompare(b.createdAt ?? '~'))[0]!;
    const anchor = instance ?? oldest;
    const costs = owned.map((r) => r.costPerDay);
    return {
      kind: 'launch' as const,
      id: launchId,
      name: instance?.name ?? owned.find((r) => r.name)?.name,
      region: anchor.region,
      launchId,
      knownHere: knownHere(launchId),
      createdAt: instance?.createdAt ?? oldest.createdAt,
      state: instance?.state ?? 'no instance',
      detail: countKinds(owned),
      costPerDay: costs.includes(null) ? null : costs.reduce<number>((sum, c) => sum + (c ?? 0), 0),
      costBasis: 'sum' as const,
    };
  });
}

/** Rows sort by kind in the order the model lists the kinds (launches first). */
const KIND_ORDER: readonly InventoryKind[] = InventoryKind.options;

/** Kind (launches, then fleets first), then region, then id: a stable order, so two exports of the same account diff cleanly. */
export function sortRows(rows: InventoryRow[]): InventoryRow[] {
  const rank = (kind: InventoryKind) => KIND_ORDER.indexOf(kind);
  return rows.sort(
    (a, b) => rank(a.kind) - rank(b.kind) || a.region.localeCompare(b.region) || a.id.localeCompare(b.id),
  );
}
