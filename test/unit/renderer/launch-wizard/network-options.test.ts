import { describe, expect, it } from 'vitest';
import type { SubnetSummary } from '../../../../electron/common/models';
import {
  groupOptions,
  networkSummary,
  vpcOptions,
  willGetPublicIp,
  withoutAccountNetwork,
} from '../../../../renderer/src/launch-wizard/network-options';
import { INITIAL_FORM } from '../../../../renderer/src/launch-wizard/wizard-form';

const subnet = (id: string, zone: string, mapPublicIpOnLaunch: boolean, defaultForAz = true): SubnetSummary => ({
  subnetId: id,
  vpcId: 'vpc-01234567',
  availabilityZone: zone,
  mapPublicIpOnLaunch,
  defaultForAz,
});

describe('network options', () => {
  it('offers the default VPC as "" so it is preselected', () => {
    expect(
      vpcOptions([
        { vpcId: 'vpc-2', isDefault: false },
        { vpcId: 'vpc-1', isDefault: true },
      ]).map((o) => o.value),
    ).toEqual(['vpc-2', '']);
    expect(vpcOptions([{ vpcId: 'vpc-2', isDefault: false }])[0]).toMatchObject({ value: '', label: 'Default VPC' });
  });

  it('knows whether the instance gets a public IP: the choice, or the subnet Kiln would pick', () => {
    const subnets = [subnet('subnet-b', 'us-east-1b', true), subnet('subnet-a', 'us-east-1a', false)];
    const network = INITIAL_FORM.network;
    expect(willGetPublicIp(network, subnets)).toBe(false);
    expect(willGetPublicIp({ ...network, subnetId: 'subnet-b' }, subnets)).toBe(true);
    expect(willGetPublicIp({ ...network, publicIp: 'enable' }, subnets)).toBe(true);
    expect(willGetPublicIp({ ...network, publicIp: 'disable', subnetId: 'subnet-b' }, subnets)).toBe(false);
    expect(willGetPublicIp(network, undefined)).toBeUndefined();
  });

  it('summarizes the choice for the review', () => {
    expect(networkSummary(INITIAL_FORM.network)).toBe(
      "default VPC · default subnet · public IP as the subnet sets it · Kiln's own group",
    );
    expect(
      networkSummary({
        ...INITIAL_FORM.network,
        securityGroupMode: 'existing',
        existingGroupIds: ['sg-1'],
        publicIp: 'disable',
      }),
    ).toBe("default VPC · default subnet · no public IP · sg-1 + Kiln's agent-port group");
  });
});

describe('withoutAccountNetwork', () => {
  it('drops the VPC, subnet and groups of one account and region, and keeps the rest of the choice', () => {
    const network = {
      ...INITIAL_FORM.network,
      vpcId: 'vpc-0c0c0c0c0c0c0c0c0',
      subnetId: 'subnet-0c0c0c0c0c0c0c0c0',
      securityGroupMode: 'existing' as const,
      existingGroupIds: ['sg-0fedcba9876543210'],
      publicIp: 'enable' as const,
    };
    expect(withoutAccountNetwork(network)).toEqual({ ...network, vpcId: '', subnetId: '', existingGroupIds: [] });
  });
});

describe('network options with names Kiln did not write', () => {
  it('spells out direction and zero-width characters in VPC names and group names and descriptions', () => {
    const [vpc] = vpcOptions([{ vpcId: 'vpc-1', isDefault: true, name: 'prod\u202eved' }]);
    expect(vpc?.label).toBe('prod<U+202E>ved · vpc-1 (default)');
    const [group] = groupOptions([
      { groupId: 'sg-1', vpcId: 'vpc-1', name: 'web\u200b', description: 'x\u2066y', inbound: [] },
    ]);
    expect(group).toMatchObject({ label: 'web<U+200B>', description: 'sg-1 · x<U+2066>y' });
  });
});
