import { describe, expect, it } from 'vitest';
import type { SubnetSummary } from '../../../../electron/common/models';
import { KilnFailure } from '../../../../electron/common/result';
import { assertReachable, getsPublicIp, pickSubnet } from '../../../../electron/core/launch/launch-network';
import { loginPortOf, placementInput } from '../../../../electron/core/launch/launch-resources';

const subnet = (id: string, zone: string, extra: Partial<SubnetSummary> = {}): SubnetSummary => ({
  subnetId: id,
  vpcId: 'vpc-0123456789abcdef0',
  availabilityZone: zone,
  mapPublicIpOnLaunch: true,
  defaultForAz: true,
  ...extra,
});
const failure = (f: () => unknown) => {
  try {
    f();
  } catch (error) {
    if (error instanceof KilnFailure) return error.error;
    throw error;
  }
  throw new Error('expected a KilnFailure');
};

describe('pickSubnet', () => {
  const subnets = [
    subnet('subnet-b', 'us-east-1b'),
    subnet('subnet-c', 'us-east-1a', { defaultForAz: false }),
    subnet('subnet-a', 'us-east-1a'),
  ];

  it('takes the chosen subnet, else the first zone default subnet, else the first zone', () => {
    expect(pickSubnet(subnets, 'vpc-1', 'subnet-b', 'us-east-1').subnetId).toBe('subnet-b');
    expect(pickSubnet(subnets, 'vpc-1', '', 'us-east-1').subnetId).toBe('subnet-a');
    expect(
      pickSubnet(
        [
          subnet('subnet-z', 'us-east-1c', { defaultForAz: false }),
          subnet('subnet-y', 'us-east-1b', { defaultForAz: false }),
        ],
        'vpc-1',
        '',
        'us-east-1',
      ).subnetId,
    ).toBe('subnet-y');
  });

  it('refuses a subnet outside the VPC, and a VPC without subnets', () => {
    expect(failure(() => pickSubnet(subnets, 'vpc-1', 'subnet-x', 'us-east-1'))).toMatchObject({
      code: 'InvalidSubnetID.NotFound',
      field: 'network.subnetId',
      message: 'Subnet subnet-x is not in VPC vpc-1.',
    });
    expect(failure(() => pickSubnet([], 'vpc-1', '', 'us-east-1'))).toMatchObject({
      code: 'NoSubnet',
      field: 'network.subnetId',
    });
  });
});

describe('public IP', () => {
  it('follows the choice, or the subnet when the choice is "subnet"', () => {
    const mapping = subnet('s', 'z');
    const private_ = subnet('s', 'z', { mapPublicIpOnLaunch: false });
    expect(getsPublicIp('subnet', mapping)).toBe(true);
    expect(getsPublicIp('subnet', private_)).toBe(false);
    expect(getsPublicIp('enable', private_)).toBe(true);
    expect(getsPublicIp('disable', mapping)).toBe(false);
  });

  it('refuses no public IP when the agent link needs one, and allows it when the profile reaches instances otherwise', () => {
    expect(failure(() => assertReachable({ getsPublicIp: false, subnetId: 'subnet-a' }, true))).toMatchObject({
      code: 'NoPublicIp',
      field: 'network.publicIp',
    });
    expect(() => assertReachable({ getsPublicIp: false, subnetId: 'subnet-a' }, false)).not.toThrow();
    expect(() => assertReachable({ getsPublicIp: true, subnetId: 'subnet-a' }, true)).not.toThrow();
  });
});

describe('RunInstances placement', () => {
  it('uses top-level SubnetId and SecurityGroupIds when the subnet decides the public IP', () => {
    expect(placementInput({ subnetId: 'subnet-a', publicIp: 'subnet', groupIds: ['sg-kiln', 'sg-corp'] })).toEqual({
      SubnetId: 'subnet-a',
      SecurityGroupIds: ['sg-kiln', 'sg-corp'],
    });
  });

  it.each([
    ['enable', true],
    ['disable', false],
  ] as const)(
    'puts subnet, groups and the public IP on network interface 0 with publicIp %s',
    (publicIp, associate) => {
      const input = placementInput({ subnetId: 'subnet-a', publicIp, groupIds: ['sg-kiln', 'sg-corp'] });
      expect(input.SubnetId).toBeUndefined();
      expect(input.SecurityGroupIds).toBeUndefined();
      expect(input.NetworkInterfaces).toEqual([
        {
          DeviceIndex: 0,
          SubnetId: 'subnet-a',
          Groups: ['sg-kiln', 'sg-corp'],
          AssociatePublicIpAddress: associate,
          DeleteOnTermination: true,
        },
      ]);
    },
  );

  it('opens SSH for Linux and RDP for Windows', () => {
    expect(loginPortOf('linux')).toBe(22);
    expect(loginPortOf('windows')).toBe(3389);
  });
});
