/**
 * The inventory's rows for what only fleets make (Auto Scaling groups, launch templates, load balancers, their
 * listeners and target groups), which the Resource Groups Tagging API is not asked for: read with the Cleanup page's
 * fleet scan (one Describe per kind and region; listeners one per load balancer) and kept when Kiln's tag is on them.
 * Their security groups and instances come through the Tagging API like everything else.
 */
import type { InventoryRow } from '../../common/models';
import type { AwsClients } from '../aws/clients';
import { scanFleetResources, type FoundFleetResource } from '../fleets/fleet-leftovers';
import type { ProfileContext } from '../profiles/profile-context';
import { FLEET_KINDS, type FleetOwnKind } from './inventory-rows';

const OWN_KINDS: ReadonlySet<string> = new Set(FLEET_KINDS);
const isOwnKind = (resource: FoundFleetResource): resource is FoundFleetResource & { kind: FleetOwnKind } =>
  OWN_KINDS.has(resource.kind);

/** A row without `knownHere` (set once the whole inventory is read). */
export type FleetResourceRow = Omit<InventoryRow, 'knownHere'>;

export async function fleetResourceRows(context: ProfileContext, clients: AwsClients): Promise<FleetResourceRow[]> {
  return toFleetResourceRows(await scanFleetResources(context, clients), clients.region);
}

/** Pure: the rows of the scanned resources that are Kiln's and of a fleet-only kind. */
export function toFleetResourceRows(found: readonly FoundFleetResource[], region: string): FleetResourceRow[] {
  return found.filter(isOwnKind).flatMap((resource): FleetResourceRow[] => {
    if (!resource.kilnTagged || !resource.id) return [];
    const arn = resource.id.startsWith('arn:') ? resource.id : undefined;
    const priced = resource.kind === 'load-balancer' && resource.costPerDay !== null && resource.costPerDay > 0;
    return [
      {
        kind: resource.kind,
        id: resource.id,
        arn,
        name: resource.name,
        region,
        fleetId: resource.fleetId,
        createdAt: resource.createdAt,
        state: resource.state,
        detail: resource.detail,
        costPerDay: resource.costPerDay,
        // A group's instances are rows of their own: the group itself costs nothing.
        costBasis: resource.costPerDay === null ? 'unknown' : priced ? 'price-list' : 'free',
      },
    ];
  });
}
