// The Create fleet form's pure rules: the spec it sends, capacity and open-source checks, refusals' fields.
import { describe, expect, it } from 'vitest';
import {
  capacityErrors,
  emptyFleetForm,
  errorField,
  fleetFormErrors,
  toFleetSpec,
  type FleetForm,
} from '../../../../renderer/src/fleets/fleet-form';
import { applyFleetUpdate, resourcesNewestFirst } from '../../../../renderer/src/fleets/fleets-store';
import { fleetRecord } from './fleet-fixtures';

const MY_IP = '203.0.113.9/32';
const filled = (patch: Partial<FleetForm> = {}): FleetForm => ({
  ...emptyFleetForm({ profileId: 'sandbox', region: 'us-east-1', imageId: 'ami-0b4e0000000000001' }),
  name: 'web',
  subnetIds: ['subnet-a', 'subnet-b'],
  ...patch,
});

describe('fleet form', () => {
  it('sends the load balancer to My IP by default, with the defaults the issue names', () => {
    expect(toFleetSpec(filled(), MY_IP)).toMatchObject({
      imageId: 'ami-0b4e0000000000001',
      capacity: { min: 1, desired: 1, max: 3 },
      cpuTarget: 80,
      loadBalancer: { healthCheckPath: '/ping', listenerPort: 80, allowedCidr: MY_IP, confirmOpenToWorld: false },
      dns: undefined,
      keyName: undefined,
      userData: undefined,
    });
    expect(toFleetSpec(filled({ cpuScaling: false, loadBalancer: false }), MY_IP)).toMatchObject({
      cpuTarget: null,
      loadBalancer: undefined,
    });
    expect(fleetFormErrors(filled(), MY_IP)).toEqual({});
  });

  it('checks health on the instance port unless a port of its own is typed, which must be a port', () => {
    expect(toFleetSpec(filled(), MY_IP).loadBalancer).not.toHaveProperty('healthCheckPort', expect.anything());
    expect(toFleetSpec(filled({ healthCheckPort: ' 8081 ' }), MY_IP).loadBalancer?.healthCheckPort).toBe(8081);
    expect(fleetFormErrors(filled({ healthCheckPort: '8081' }), MY_IP)).toEqual({});
    expect(fleetFormErrors(filled({ healthCheckPort: 'http' }), MY_IP)).toEqual({
      'loadBalancer.healthCheckPort': 'Type a whole number.',
    });
    expect(fleetFormErrors(filled({ healthCheckPort: '70000' }), MY_IP)).toHaveProperty([
      'loadBalancer.healthCheckPort',
    ]);
  });

  it('needs a confirmation for 0.0.0.0/0 and for any range wider than one address', () => {
    expect(fleetFormErrors(filled({ source: 'world' }), MY_IP)['loadBalancer.confirmOpenToWorld']).toContain(
      'the whole internet',
    );
    expect(fleetFormErrors(filled({ source: 'cidr', cidr: '198.51.100.0/24' }), MY_IP)).toHaveProperty([
      'loadBalancer.confirmOpenToWorld',
    ]);
    expect(fleetFormErrors(filled({ source: 'cidr', cidr: '198.51.100.7/32' }), MY_IP)).toEqual({});
    const confirmed = filled({ source: 'world', confirmOpen: true });
    expect(fleetFormErrors(confirmed, MY_IP)).toEqual({});
    expect(toFleetSpec(confirmed, MY_IP).loadBalancer).toMatchObject({
      allowedCidr: '0.0.0.0/0',
      confirmOpenToWorld: true,
    });
  });

  it('checks min ≤ desired ≤ max ≤ 100 at the field that breaks it', () => {
    expect(capacityErrors({ min: '2', desired: '1', max: '3' })).toEqual({
      'capacity.min': 'The minimum cannot be more than the desired capacity.',
    });
    expect(capacityErrors({ min: '1', desired: '4', max: '3' })).toEqual({
      'capacity.desired': 'The desired capacity cannot be more than the maximum.',
    });
    expect(capacityErrors({ min: '1', desired: '1', max: '101' })).toEqual({
      'capacity.max': 'Kiln makes fleets of at most 100 instances.',
    });
    expect(capacityErrors({ min: '', desired: '1.5', max: '3' })).toEqual({
      'capacity.min': 'Type a whole number.',
      'capacity.desired': 'Type a whole number.',
    });
    expect(capacityErrors({ min: '0', desired: '2', max: '100' })).toEqual({});
  });

  it('names the spec’s fields in its errors, as the backend’s refusals do', () => {
    expect(Object.keys(fleetFormErrors(filled({ name: 'no spaces', subnetIds: [], imageId: 'web' }), MY_IP))).toEqual([
      'name',
      'imageId',
      'subnetIds',
    ]);
    expect(fleetFormErrors(filled({ dns: true, hostedZoneId: 'Z1', recordName: 'not a name' }), MY_IP)).toHaveProperty([
      'dns.recordName',
    ]);
    expect(
      fleetFormErrors(
        filled({ loadBalancer: false, dns: true, hostedZoneId: 'Z1', recordName: 'a.example.test' }),
        MY_IP,
      ),
    ).toHaveProperty(['dns']);
    expect(errorField({ code: 'InvalidInput', message: 'x', field: 'spec.capacity.desired' })).toBe('capacity.desired');
    expect(errorField({ code: 'DnsNameTaken', message: 'x', field: 'dns.recordName' })).toBe('dns.recordName');
    expect(errorField({ code: 'Error', message: 'x' })).toBeUndefined();
  });
});

describe('fleets store', () => {
  it('replaces, adds first, and drops deleted fleets', () => {
    const a = fleetRecord({ id: 'fl-a' });
    const b = fleetRecord({ id: 'fl-b' });
    expect(applyFleetUpdate([a], b).map((f) => f.id)).toEqual(['fl-b', 'fl-a']);
    expect(applyFleetUpdate([a, b], { ...a, state: 'failed' }).map((f) => f.state)).toEqual(['failed', 'active']);
    expect(applyFleetUpdate([a, b], { ...a, state: 'deleted' }).map((f) => f.id)).toEqual(['fl-b']);
  });

  it('lists what Delete removes newest first', () => {
    expect(resourcesNewestFirst(fleetRecord()).map((r) => r.kind)).toEqual([
      'dns-record',
      'scaling-policy',
      'auto-scaling-group',
      'listener',
      'load-balancer',
      'target-group',
      'launch-template',
      'security-group',
      'security-group',
    ]);
  });
});
