/** Fleet records as fleets.list holds them, planned by the real (pure) fleet plan, for the Fleets page tests. */
import { FleetSpec, type FleetRecord, type FleetSpecInput } from '../../../../electron/common/models';
import { planFleet } from '../../../../electron/core/fleets/fleet-plan';

export function fleetSpec(overrides: Partial<FleetSpecInput> = {}): FleetSpec {
  return FleetSpec.parse({
    profileId: 'sandbox',
    region: 'us-east-1',
    name: 'web',
    imageId: 'ami-0b4e0000000000001',
    instanceType: 't3.micro',
    subnetIds: ['subnet-0a0a0a0a0a0a0a0a0', 'subnet-0b0b0b0b0b0b0b0b0'],
    capacity: { min: 1, desired: 1, max: 3 },
    loadBalancer: { allowedCidr: '203.0.113.9/32' },
    dns: { hostedZoneId: 'Z0123456789', recordName: 'app.example.test' },
    ...overrides,
  });
}

export function fleetRecord(overrides: Partial<FleetRecord> = {}, spec = fleetSpec()): FleetRecord {
  const id = overrides.id ?? 'fl-0000000a';
  return {
    id,
    spec,
    createdAt: '2026-12-01T10:00:00.000Z',
    state: 'active',
    resources: planFleet(spec, id, 0.0104).resources.map((r, i) => ({ ...r, id: `id-${i}-${r.kind}` })),
    dnsName: 'kiln-0000000a-web-123.us-east-1.elb.amazonaws.com',
    ...overrides,
  };
}
