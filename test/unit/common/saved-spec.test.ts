import { describe, expect, it } from 'vitest';
import { LaunchSpec } from '../../../electron/common/models';
import { readSavedSpec, toSavedSpec } from '../../../electron/common/saved-spec';

const openSpec = LaunchSpec.parse({
  profileId: 'sandbox',
  region: 'eu-west-1',
  name: 'web-1',
  imageId: 'ami-00000000000000abc',
  instanceType: 't3.small',
  installScript: 'echo hi',
  network: { vpcId: 'vpc-0123456789abcdef0', source: 'cidr', cidr: '0.0.0.0/0', confirmOpenToInternet: true },
});

describe('toSavedSpec', () => {
  it('keeps a wide CIDR but not its confirmation', () => {
    const saved = toSavedSpec(openSpec, () => false);
    expect(saved.network).toMatchObject({ vpcId: 'vpc-0123456789abcdef0', source: 'cidr', cidr: '0.0.0.0/0' });
    expect(saved.network).not.toHaveProperty('confirmOpenToInternet');
  });

  it('reads a stored confirmed wide CIDR back without the confirmation and without dropping the network', () => {
    const read = readSavedSpec({ network: { ...openSpec.network } });
    expect(read?.dropped).toEqual([]);
    expect(read?.spec.network).toMatchObject({ cidr: '0.0.0.0/0' });
    expect(read?.spec.network).not.toHaveProperty('confirmOpenToInternet');
  });
});
