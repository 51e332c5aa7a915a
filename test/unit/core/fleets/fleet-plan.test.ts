import { describe, expect, it } from 'vitest';
import { FleetSpec, type FleetSpecInput } from '../../../../electron/common/models';
import { KilnFailure } from '../../../../electron/common/result';
import {
  ALB_HOURLY_USD,
  checkFleetSpec,
  fleetResourceName,
  planFleet,
} from '../../../../electron/core/fleets/fleet-plan';

const input: FleetSpecInput = {
  profileId: 'sandbox',
  region: 'us-east-1',
  name: 'web',
  imageId: 'ami-0ed094fb1304fd857',
  instanceType: 't3.micro',
  subnetIds: ['subnet-a', 'subnet-b'],
  capacity: { min: 1, desired: 2, max: 4 },
};
const spec = (overrides: Partial<FleetSpecInput> = {}) => FleetSpec.parse({ ...input, ...overrides });

describe('fleet plan', () => {
  it('is a template and a group with a CPU policy when nothing else is asked, priced at min and max', () => {
    const plan = planFleet(spec(), 'fl-0a1b2c3d', 0.01);
    expect(plan.resources.map((r) => [r.kind, r.name])).toEqual([
      ['security-group', 'kiln-0a1b2c3d-web'],
      ['launch-template', 'kiln-0a1b2c3d-web'],
      ['auto-scaling-group', 'kiln-0a1b2c3d-web'],
      ['scaling-policy', 'kiln-0a1b2c3d-web-cpu'],
    ]);
    expect(plan.costPerHour).toEqual({ atMin: 0.01, atMax: 0.04 });
    expect(plan.deleteOrder[0]).toBe('scaling-policy kiln-0a1b2c3d-web-cpu');
    expect(plan.resources.find((r) => r.kind === 'scaling-policy')?.purpose).toContain('near 80 %');
  });

  it('adds the load balancer, its groups, listener and DNS record, and the balancer to the cost', () => {
    const plan = planFleet(
      spec({
        cpuTarget: null,
        loadBalancer: { allowedCidr: '203.0.113.7/32' },
        dns: { hostedZoneId: 'Z1', recordName: 'App.Example.com' },
      }),
      'fl-0a1b2c3d',
      0.01,
    );
    expect(plan.resources.map((r) => r.kind)).toEqual([
      'security-group',
      'security-group',
      'launch-template',
      'target-group',
      'load-balancer',
      'listener',
      'auto-scaling-group',
      'dns-record',
    ]);
    expect(plan.resources.find((r) => r.kind === 'dns-record')?.name).toBe('app.example.com');
    expect(plan.resources.find((r) => r.kind === 'target-group')?.purpose).toContain('/ping answers 200');
    expect(plan.costPerHour.atMin).toBeCloseTo(0.01 + ALB_HOURLY_USD);
    expect(planFleet(spec(), 'fl-1', undefined).costPerHour).toEqual({ atMin: null, atMax: null });
  });

  it('says in the launch template’s purpose which extra groups, profile and root volume the instances get', () => {
    const plan = planFleet(
      spec({
        keyName: 'ops',
        instanceProfile: 'web-role',
        securityGroupIds: ['sg-0123456789abcdef0'],
        storage: { rootVolumeSizeGiB: 12, volumeType: 'gp3', encrypted: true },
      }),
      'fl-0a1b2c3d',
      0.01,
    );
    const template = plan.resources.find((r) => r.kind === 'launch-template')?.purpose;
    expect(template).toBe(
      'What each instance is: ami-0ed094fb1304fd857, t3.micro, key pair ops, instance profile web-role, also in sg-0123456789abcdef0, a 12 GiB root volume (gp3, encrypted), IMDSv2 only.',
    );
    expect(plan.resources.find((r) => r.kind === 'security-group')?.purpose).toContain('your groups let clients in');
    const imageSized = planFleet(spec({ storage: { volumeType: 'gp2', encrypted: false } }), 'fl-1', 0.01);
    expect(imageSized.resources.find((r) => r.kind === 'launch-template')?.purpose).toContain(
      'a root volume of the image’s size (gp2, not encrypted)',
    );
  });

  it('refuses more than four extra security groups and HDD root volumes in the spec itself', () => {
    const groups = ['sg-00000001', 'sg-00000002', 'sg-00000003', 'sg-00000004', 'sg-00000005'];
    expect(FleetSpec.safeParse({ ...input, securityGroupIds: groups }).error?.issues[0]?.path).toEqual([
      'securityGroupIds',
    ]);
    expect(FleetSpec.safeParse({ ...input, storage: { volumeType: 'st1' } }).error?.issues[0]?.path).toEqual([
      'storage',
      'volumeType',
    ]);
  });

  it('keeps every name within the 32 characters load balancers and target groups allow', () => {
    const long = 'a'.repeat(32);
    expect(fleetResourceName('fl-0a1b2c3d', long)).toHaveLength(32);
    expect(fleetResourceName('fl-0a1b2c3d', long, '-lb')).toMatch(/^kiln-0a1b2c3d-a+-lb$/);
    expect(fleetResourceName('fl-0a1b2c3d', long, '-lb')).toHaveLength(32);
    expect(fleetResourceName('fl-0a1b2c3d', 'web-')).toBe('kiln-0a1b2c3d-web');
  });

  it('refuses an open load balancer without confirmation, a DNS name without one, and bad capacity', () => {
    const refusal = (s: FleetSpec) => {
      try {
        checkFleetSpec(s);
        return 'accepted';
      } catch (error) {
        return error instanceof KilnFailure ? error.error.code : String(error);
      }
    };
    expect(refusal(spec({ loadBalancer: { allowedCidr: '0.0.0.0/0' } }))).toBe('OpenToWorldNotConfirmed');
    expect(refusal(spec({ loadBalancer: { allowedCidr: '0.0.0.0/0', confirmOpenToWorld: true } }))).toBe('accepted');
    expect(refusal(spec({ dns: { hostedZoneId: 'Z1', recordName: 'app.example.com' } }))).toBe('DnsNeedsLoadBalancer');
    expect(FleetSpec.safeParse({ ...input, capacity: { min: 3, desired: 2, max: 4 } }).success).toBe(false);
    expect(FleetSpec.safeParse({ ...input, loadBalancer: { allowedCidr: '300.1.1.1/32' } }).success).toBe(false);
    expect(FleetSpec.safeParse({ ...input, name: 'has space' }).success).toBe(false);
  });
});
