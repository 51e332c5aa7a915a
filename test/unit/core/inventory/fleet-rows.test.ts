// The inventory's fleet pieces, pure: the rows of what only fleets make (from the fleet scan), and the fleet rows
// derived from every row a `kiln:fleet-id` owns.
import { describe, expect, it } from 'vitest';
import { inventoryCostPerDay, type InventoryRow } from '../../../../electron/common/models';
import type { FoundFleetResource } from '../../../../electron/core/fleets/fleet-leftovers';
import { toFleetResourceRows } from '../../../../electron/core/inventory/fleet-resource-rows';
import { fleetRows, ownerFleetId, sortRows } from '../../../../electron/core/inventory/inventory-rows';

const LB_ARN = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/kiln-1-web/50dc6c495c0c9188';
const found = (over: Partial<FoundFleetResource> & Pick<FoundFleetResource, 'kind'>): FoundFleetResource => ({
  name: `kiln-1-web-${over.kind}`,
  id: `${over.kind}-id`,
  fleetId: 'fl-1',
  kilnTagged: true,
  costPerDay: 0,
  ...over,
});

describe('toFleetResourceRows', () => {
  it('lists the fleet-only kinds with their owner fleet, ARN and cost basis; not the groups or DNS records', () => {
    const rows = toFleetResourceRows(
      [
        found({ kind: 'security-group' }),
        found({ kind: 'launch-template', id: 'lt-1', createdAt: '2026-12-01T00:00:00.000Z' }),
        found({ kind: 'load-balancer', id: LB_ARN, state: 'active', costPerDay: 0.54 }),
        found({ kind: 'auto-scaling-group', id: 'kiln-1-web', instanceTypes: ['t3.micro'] }),
        found({ kind: 'dns-record', id: 'Z1/app.example.test' }),
      ],
      'us-east-1',
    );
    expect(rows.map((r) => [r.kind, r.id, r.fleetId, r.arn, r.costPerDay, r.costBasis])).toEqual([
      ['launch-template', 'lt-1', 'fl-1', undefined, 0, 'free'],
      ['load-balancer', LB_ARN, 'fl-1', LB_ARN, 0.54, 'price-list'],
      ['auto-scaling-group', 'kiln-1-web', 'fl-1', undefined, 0, 'free'],
    ]);
    expect(rows[0]).toMatchObject({ region: 'us-east-1', createdAt: '2026-12-01T00:00:00.000Z' });
  });

  it('leaves out what lacks Kiln’s own tag (a fleet id alone is not Kiln’s word)', () => {
    expect(toFleetResourceRows([found({ kind: 'launch-template', kilnTagged: false })], 'us-east-1')).toEqual([]);
  });

  it('marks a load balancer of unknown price as unknown', () => {
    expect(toFleetResourceRows([found({ kind: 'load-balancer', costPerDay: null })], 'eu-west-1')[0]).toMatchObject({
      costPerDay: null,
      costBasis: 'unknown',
    });
  });
});

const row = (over: Partial<InventoryRow> & Pick<InventoryRow, 'kind' | 'id'>): InventoryRow => ({
  region: 'us-east-1',
  knownHere: false,
  costPerDay: 0,
  costBasis: 'free',
  ...over,
});

describe('fleetRows', () => {
  const owned = [
    row({ kind: 'instance', id: 'i-1', fleetId: 'fl-1', costPerDay: 0.2496, costBasis: 'price-list' }),
    row({ kind: 'load-balancer', id: LB_ARN, fleetId: 'fl-1', costPerDay: 0.54, createdAt: '2026-12-01T00:00:00Z' }),
    row({
      kind: 'auto-scaling-group',
      id: 'kiln-1-web',
      name: 'kiln-1-web',
      fleetId: 'fl-1',
      state: '1 of 1 instances',
      createdAt: '2026-12-02T00:00:00Z',
    }),
    row({ kind: 'launch-template', id: 'lt-2', fleetId: 'fl-2', region: 'eu-west-1', createdAt: '2026-11-01T00:00Z' }),
    row({ kind: 'instance', id: 'i-9', launchId: 'launch-1' }),
  ];

  it('makes one row per fleet, named as this workstation knows it, else by its group, summing its costs', () => {
    const fleets = fleetRows(owned, new Map([['fl-1', 'web']]));
    expect(fleets).toEqual([
      {
        kind: 'fleet',
        id: 'fl-1',
        name: 'web',
        region: 'us-east-1',
        fleetId: 'fl-1',
        knownHere: true,
        createdAt: '2026-12-02T00:00:00Z',
        state: '1 of 1 instances',
        detail: '1 instance, 1 load-balancer, 1 auto-scaling-group',
        costPerDay: 0.2496 + 0.54,
        costBasis: 'sum',
      },
      expect.objectContaining({
        id: 'fl-2',
        name: undefined,
        region: 'eu-west-1',
        knownHere: false,
        createdAt: '2026-11-01T00:00Z',
        state: 'no Auto Scaling group',
      }),
    ]);
    // Sums are left out of the total, which counts each resource once.
    expect(inventoryCostPerDay([...fleets, ...owned])).toBeCloseTo(0.2496 + 0.54, 9);
  });

  it('is unknown in cost when one of its resources is', () => {
    const fleets = fleetRows(
      [row({ kind: 'load-balancer', id: LB_ARN, fleetId: 'fl-1', costPerDay: null })],
      new Map(),
    );
    expect(fleets[0]?.costPerDay).toBeNull();
  });

  it('sorts fleets right after launches', () => {
    const sorted = sortRows([
      row({ kind: 'instance', id: 'i-1' }),
      ...fleetRows(owned, new Map()),
      row({ kind: 'launch', id: 'l' }),
    ]);
    expect(sorted.map((r) => r.kind).slice(0, 3)).toEqual(['launch', 'fleet', 'fleet']);
  });
});

describe('ownerFleetId', () => {
  it('reads kiln:fleet-id', () => {
    expect(ownerFleetId([{ Key: 'kiln:fleet-id', Value: 'fl-1' }])).toBe('fl-1');
    expect(ownerFleetId([{ Key: 'kiln:launch-id', Value: 'l-1' }])).toBeUndefined();
  });
});
