import { describe, expect, it } from 'vitest';
import {
  fleetCostPerDay,
  groupByFleet,
  inCreationOrder,
  type FoundFleetResource,
} from '../../../../electron/core/fleets/fleet-leftovers';

const resource = (over: Partial<FoundFleetResource> & Pick<FoundFleetResource, 'kind'>): FoundFleetResource => ({
  name: `kiln-1-${over.kind}`,
  fleetId: 'fl-1',
  kilnTagged: true,
  costPerDay: 0,
  ...over,
});

describe('fleetCostPerDay', () => {
  it('prices a leftover fleet as its billed instances by type plus its load balancer', () => {
    const cost = fleetCostPerDay([
      resource({ kind: 'security-group' }),
      resource({ kind: 'launch-template' }),
      resource({ kind: 'load-balancer', costPerDay: 0.0225 * 24 }),
      resource({ kind: 'auto-scaling-group', instanceTypes: ['t3.micro', 't3.micro', 'm5.large'] }),
    ]);
    // t3.micro USD 0.0104 and m5.large USD 0.096 an hour in the bundled price list.
    expect(cost).toBeCloseTo((2 * 0.0104 + 0.096 + 0.0225) * 24, 6);
  });

  it('costs nothing for a fleet left with no instances and no load balancer', () => {
    expect(fleetCostPerDay([resource({ kind: 'auto-scaling-group', instanceTypes: [] })])).toBe(0);
  });

  it('is unknown when an instance type is not in the price list, or a resource has no price', () => {
    expect(fleetCostPerDay([resource({ kind: 'auto-scaling-group', instanceTypes: ['x9.unknown'] })])).toBeNull();
    expect(fleetCostPerDay([resource({ kind: 'load-balancer', costPerDay: null })])).toBeNull();
  });
});

describe('inCreationOrder', () => {
  it('puts the load balancer’s group before the instances’ group that names it, whatever order AWS lists them in', () => {
    const ordered = inCreationOrder([
      resource({ kind: 'auto-scaling-group' }),
      resource({ kind: 'security-group', name: 'kiln-1-web' }),
      resource({ kind: 'launch-template' }),
      resource({ kind: 'security-group', name: 'kiln-1-web-lb' }),
    ]);
    expect(ordered.map((r) => r.name)).toEqual([
      'kiln-1-web-lb',
      'kiln-1-web',
      'kiln-1-launch-template',
      'kiln-1-auto-scaling-group',
    ]);
  });
});

describe('groupByFleet', () => {
  it('keeps each fleet’s resources in the order they were found', () => {
    const grouped = groupByFleet([
      resource({ kind: 'security-group', fleetId: 'fl-1' }),
      resource({ kind: 'security-group', fleetId: 'fl-2' }),
      resource({ kind: 'auto-scaling-group', fleetId: 'fl-1' }),
    ]);
    expect([...grouped].map(([id, rs]) => [id, rs.map((r) => r.kind)])).toEqual([
      ['fl-1', ['security-group', 'auto-scaling-group']],
      ['fl-2', ['security-group']],
    ]);
  });
});
