import { describe, expect, it } from 'vitest';
import { LaunchSpec } from '../../../../electron/common/models';
import { IMPORTED_SCRIPT_PLACEHOLDER } from '../../../../electron/core/launch/import-from-aws';
import { launchAgainSpec, nextLaunchName } from '../../../../renderer/src/launch-wizard/launch-again';
import { launchRecord } from '../../../support/fake-kiln-api';

describe('nextLaunchName', () => {
  it('counts up a numbered name and numbers a plain one, skipping names in use', () => {
    expect(nextLaunchName('web-1', [])).toBe('web-2');
    expect(nextLaunchName('web-1', ['web-2', 'web-3'])).toBe('web-4');
    expect(nextLaunchName('builder', ['builder'])).toBe('builder-2');
    expect(nextLaunchName('-7', [])).toBe('-8');
  });

  it('keeps a name that cannot grow within the 255 characters of a Name tag', () => {
    const long = 'x'.repeat(255);
    expect(nextLaunchName(long, [])).toBe(long);
  });
});

describe('launchAgainSpec', () => {
  const created = { mode: 'create', name: 'web-key', type: 'ed25519', savePath: '/home/op/web-key.pem' } as const;

  it('uses a key pair the launch created as an existing one while it exists', () => {
    const record = launchRecord({ spec: { ...launchRecord().spec, keyPair: created }, keyPairName: 'web-key' });
    expect(launchAgainSpec(record, ['web-1']).keyPair).toEqual({ mode: 'existing', name: 'web-key' });
  });

  it('names a deleted key pair too, for the wizard to check and say what it changes', () => {
    const record = launchRecord({
      spec: { ...launchRecord().spec, keyPair: created },
      keyPairName: 'web-key',
      keyPairDeleted: true,
    });
    expect(launchAgainSpec(record, []).keyPair).toEqual({ mode: 'existing', name: 'web-key' });
  });

  it('launches one instance again, not the batch it was part of', () => {
    const advanced = {
      imdsv2Required: false,
      instanceProfile: '',
      shutdownBehavior: 'terminate' as const,
      terminationProtection: false,
      count: 5,
    };
    const record = launchRecord({ spec: { ...launchRecord().spec, advanced } });
    expect(launchAgainSpec(record, []).advanced).toEqual({ ...advanced, count: 1 });
  });

  it('asks again before opening a wide CIDR', () => {
    const network = {
      vpcId: '',
      subnetId: '',
      publicIp: 'subnet' as const,
      securityGroupMode: 'kiln' as const,
      existingGroupIds: [],
      source: 'cidr' as const,
      cidr: '0.0.0.0/0',
      confirmOpenToInternet: true,
    };
    const record = launchRecord({ spec: { ...launchRecord().spec, network } });
    expect(launchAgainSpec(record, []).network).toEqual({ ...network, confirmOpenToInternet: false });
  });

  it('keeps everything else, with the next free name', () => {
    const record = launchRecord({
      spec: {
        ...launchRecord().spec,
        keyPair: { mode: 'existing', name: 'team-key' },
        tags: [{ key: 'a', value: 'b' }],
      },
    });
    expect(launchAgainSpec(record, ['web-1', 'web-2'])).toEqual({ ...record.spec, name: 'web-3' });
  });

  it('empties the placeholder script of an imported launch, so the wizard asks for the script', () => {
    const record = launchRecord({
      imported: true,
      spec: { ...launchRecord().spec, installScript: IMPORTED_SCRIPT_PLACEHOLDER },
    });
    const spec = launchAgainSpec(record, []);
    expect(spec.installScript).toBe('');
    expect(LaunchSpec.safeParse(spec).error?.issues.map((issue) => issue.message)).toContain(
      'The install script is empty: type the commands to run on the instance.',
    );
  });
});
