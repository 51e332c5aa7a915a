// What Create fleet is filled with from a launch (its choices and its newest baked image) and from the wizard on a
// Kiln-baked image, and the spec that form sends with the new fields.
import { describe, expect, it } from 'vitest';
import type { LaunchSpec } from '../../../../electron/common/models';
import { emptyFleetForm, fleetFormErrors, toFleetSpec } from '../../../../renderer/src/fleets/fleet-form';
import {
  fleetNameFrom,
  fleetPrefillFromLaunch,
  fleetPrefillFromWizard,
  newestBakedImage,
} from '../../../../renderer/src/fleets/fleet-prefill';
import { INITIAL_FORM, type WizardForm } from '../../../../renderer/src/launch-wizard/wizard-form';
import { KILN_BAKED_IMAGE } from '../../../support/fake-data';
import { availableBake, pendingBake, succeededRecord } from '../launch-detail/bake/bake-fixtures';

const MY_IP = '203.0.113.9/32';
const launchSpec = (overrides: Partial<LaunchSpec> = {}): LaunchSpec => ({
  ...succeededRecord().spec,
  name: 'web 1 (blue)',
  instanceType: 'm7i.large',
  keyPair: { mode: 'existing', name: 'ops' },
  network: {
    vpcId: 'vpc-0a0a0a0a0a0a0a0a0',
    subnetId: 'subnet-0a0a0a0a0a0a0a0a0',
    publicIp: 'subnet',
    securityGroupMode: 'existing',
    existingGroupIds: ['sg-0c0c0c0c0c0c0c0c0'],
    source: 'my-ip',
    cidr: '',
    confirmOpenToInternet: false,
  },
  advanced: {
    imdsv2Required: true,
    instanceProfile: 'web-role',
    shutdownBehavior: 'stop',
    terminationProtection: false,
    count: 1,
  },
  storage: { rootVolumeSizeGiB: 12, volumeType: 'gp3', encrypted: true },
  ...overrides,
});

describe('fleet prefill from a launch', () => {
  it('carries the launch’s choices and its newest available baked image into the spec', () => {
    const older = { ...availableBake(), id: 'bake-old' };
    const newer = availableBake();
    newer.images = [{ ...newer.images[0], imageId: 'ami-0b4e00000000000ff', availableAt: '2026-11-21T08:00:00.000Z' }];
    newer.request = { ...newer.request, name: 'web-golden-2' };
    const record = succeededRecord({ spec: launchSpec(), bakes: [older, newer, pendingBake({ id: 'bake-p' })] });

    const prefill = fleetPrefillFromLaunch(record);
    expect(prefill).toMatchObject({
      imageId: 'ami-0b4e00000000000ff',
      imageName: 'web-golden-2',
      source: 'the launch web 1 (blue)',
      launchId: 'launch-1',
    });
    const form = { ...emptyFleetForm(prefill), loadBalancer: false };
    expect(form).toMatchObject({ name: 'web-1-blue', vpcId: 'vpc-0a0a0a0a0a0a0a0a0' });
    expect(fleetFormErrors(form, MY_IP)).toEqual({});
    expect(toFleetSpec(form, MY_IP)).toMatchObject({
      profileId: 'sandbox',
      region: 'us-east-1',
      name: 'web-1-blue',
      imageId: 'ami-0b4e00000000000ff',
      instanceType: 'm7i.large',
      keyName: 'ops',
      subnetIds: ['subnet-0a0a0a0a0a0a0a0a0'],
      securityGroupIds: ['sg-0c0c0c0c0c0c0c0c0'],
      instanceProfile: 'web-role',
      storage: { rootVolumeSizeGiB: 12, volumeType: 'gp3', encrypted: true },
    });
  });

  it('leaves the image empty without a baked one, and leaves out Kiln’s own group and a key it made', () => {
    const record = succeededRecord({
      spec: launchSpec({
        keyPair: { mode: 'create', name: 'web-1-key', type: 'ed25519', savePath: '/tmp/k' },
        network: undefined,
        storage: undefined,
        advanced: undefined,
      }),
      bakes: [pendingBake()],
    });
    expect(newestBakedImage(record)).toBeUndefined();
    const prefill = fleetPrefillFromLaunch(record);
    expect(prefill.imageId).toBe('');
    expect(prefill.note).toContain('The key pair web-1-key is left out');
    expect(prefill.note).toContain('The launch’s own security group is left out');
    const spec = toFleetSpec(emptyFleetForm(prefill), MY_IP);
    expect(spec).toMatchObject({ keyName: undefined, securityGroupIds: undefined, instanceProfile: undefined });
    expect(spec.storage).toEqual({ rootVolumeSizeGiB: undefined, volumeType: 'gp3', encrypted: true });
    expect(fleetFormErrors(emptyFleetForm(prefill), MY_IP).imageId).toBe('Choose an AMI (ami-…).');
  });

  it('makes a fleet name of any instance name', () => {
    expect(fleetNameFrom('  My web server #2  ')).toBe('My-web-server-2');
    expect(fleetNameFrom('--a--b--')).toBe('a-b');
    expect(fleetNameFrom('x'.repeat(40))).toHaveLength(32);
  });
});

describe('fleet prefill from the wizard', () => {
  const wizard = (patch: Partial<WizardForm> = {}): WizardForm => ({
    ...INITIAL_FORM,
    profileId: 'sandbox',
    region: 'us-east-1',
    customImageId: KILN_BAKED_IMAGE.imageId,
    instanceType: 't3.small',
    name: 'api',
    keyPair: { ...INITIAL_FORM.keyPair, mode: 'existing', name: 'ops' },
    network: {
      ...INITIAL_FORM.network,
      vpcId: 'vpc-0a0a0a0a0a0a0a0a0',
      subnetId: 'subnet-0b0b0b0b0b0b0b0b0',
      securityGroupMode: 'existing',
      existingGroupIds: ['sg-0c0c0c0c0c0c0c0c0', 'sg-0d0d0d0d0d0d0d0d0'],
    },
    storage: { sizeGiB: '20', volumeType: 'gp2', encrypted: false },
    advanced: { ...INITIAL_FORM.advanced, instanceProfile: ' api-role ' },
    installScript: '#!/bin/bash\necho ready > /etc/motd\n',
    ...patch,
  });

  it('carries network, groups, key pair, profile, storage, and the install script as user data', () => {
    const prefill = fleetPrefillFromWizard(wizard(), KILN_BAKED_IMAGE);
    expect(prefill).toMatchObject({
      imageId: KILN_BAKED_IMAGE.imageId,
      imageName: KILN_BAKED_IMAGE.name,
      source: 'the launch wizard',
    });
    expect(prefill.note).toContain('The install script is the fleet’s user data');
    expect(toFleetSpec({ ...emptyFleetForm(prefill), loadBalancer: false }, MY_IP)).toMatchObject({
      name: 'api',
      imageId: KILN_BAKED_IMAGE.imageId,
      instanceType: 't3.small',
      keyName: 'ops',
      subnetIds: ['subnet-0b0b0b0b0b0b0b0b0'],
      securityGroupIds: ['sg-0c0c0c0c0c0c0c0c0', 'sg-0d0d0d0d0d0d0d0d0'],
      instanceProfile: 'api-role',
      storage: { rootVolumeSizeGiB: 20, volumeType: 'gp2', encrypted: false },
      userData: '#!/bin/bash\necho ready > /etc/motd\n',
    });
  });

  it('leaves out the example script and a key pair Kiln would create for the launch', () => {
    const prefill = fleetPrefillFromWizard(
      wizard({
        installScript: INITIAL_FORM.installScript,
        keyPair: { ...INITIAL_FORM.keyPair, mode: 'create', name: 'new-key' },
        network: INITIAL_FORM.network,
      }),
      KILN_BAKED_IMAGE,
    );
    expect(prefill.note).toBeUndefined();
    expect(emptyFleetForm(prefill)).toMatchObject({ userData: '', keyName: '', securityGroupIds: [], vpcId: '' });
  });
});
