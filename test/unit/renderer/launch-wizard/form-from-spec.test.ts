import { describe, expect, it } from 'vitest';
import { LaunchSpec, type LaunchSpecInput } from '../../../../electron/common/models';
import {
  adoptQuickStartTile,
  fillKeepingProfile,
  formFromSpec,
} from '../../../../renderer/src/launch-wizard/form-from-spec';
import { INITIAL_FORM, toSpecInput } from '../../../../renderer/src/launch-wizard/wizard-form';

/** The spec the schema makes of an input: defaults filled in, strings trimmed. */
const normalised = (spec: LaunchSpecInput) => LaunchSpec.parse(spec);
/** Spec → form → spec, with the operator confirming a wide CIDR again where the spec had it confirmed. */
const roundTrip = (spec: LaunchSpecInput) => {
  const form = formFromSpec(spec);
  const confirmOpenToInternet = spec.network?.confirmOpenToInternet ?? false;
  return normalised(toSpecInput({ ...form, network: { ...form.network, confirmOpenToInternet } }));
};

const base: LaunchSpecInput = {
  profileId: 'sandbox',
  region: 'eu-west-1',
  name: 'web-7',
  imageId: 'ami-00000000000000abc',
  instanceType: 't3.small',
  installScript: '#!/bin/bash\nset -e\ndnf install -y nginx\n',
};

// Every field the wizard form holds gets a value other than the form's initial one, so a field the conversion
// forgets shows up as a difference. Fields the form does not hold (agentPort, keepAgentOpen) keep their defaults.
const full: LaunchSpecInput = {
  ...base,
  tags: [
    { key: 'team', value: 'platform' },
    { key: 'cost-centre', value: '' },
  ],
  keyPair: { mode: 'create', name: 'web-key', type: 'rsa', savePath: '/home/op/.ssh/web-key.pem' },
  storage: { rootVolumeSizeGiB: 40, volumeType: 'io2', encrypted: false },
  network: {
    vpcId: 'vpc-0123456789abcdef0',
    subnetId: 'subnet-0b0b0b0b0b0b0b0b0',
    publicIp: 'disable',
    securityGroupMode: 'existing',
    existingGroupIds: ['sg-0aaaaaaaaaaaaaaaa', 'sg-0bbbbbbbbbbbbbbbb'],
    source: 'cidr',
    cidr: '10.0.0.0/8',
    confirmOpenToInternet: true,
  },
  advanced: {
    imdsv2Required: false,
    instanceProfile: 'kiln-builder',
    shutdownBehavior: 'terminate',
    terminationProtection: true,
    count: 3,
    autoTerminateAfterHours: 12,
  },
  // Presets and Launch again keep the probes, each field other than its default.
  probes: [
    {
      protocol: 'https',
      port: 8443,
      path: '/status?full=1',
      expectedStatus: 204,
      bodyContains: 'ready',
      intervalSeconds: 30,
      thresholdSeconds: 120,
      requireValidCertificate: true,
    },
  ],
};

describe('formFromSpec', () => {
  it('round-trips every field of the form', () => {
    expect(roundTrip(full)).toEqual(normalised(full));
    // Every network field of the form is set above to something other than its initial value, except the
    // confirmation of the wide CIDR, which is asked again.
    const form = formFromSpec(full);
    const { confirmOpenToInternet, ...network } = form.network;
    expect(confirmOpenToInternet).toBe(false);
    expect(Object.keys(network).length).toBeGreaterThan(0);
    for (const [key, value] of Object.entries(network)) {
      expect(value, key).not.toEqual(INITIAL_FORM.network[key as keyof typeof network]);
    }
  });

  it('never brings a wide CIDR back confirmed', () => {
    const open = { ...full, network: { ...full.network, cidr: '0.0.0.0/0', confirmOpenToInternet: true } };
    const form = formFromSpec(open);
    expect(form.network).toMatchObject({ source: 'cidr', cidr: '0.0.0.0/0', confirmOpenToInternet: false });
    expect(LaunchSpec.safeParse(toSpecInput(form)).success).toBe(false);
  });

  it('round-trips each key pair mode', () => {
    for (const keyPair of [
      { mode: 'none' },
      { mode: 'existing', name: 'team-key' },
      { mode: 'create', name: 'new-key', type: 'ed25519', savePath: '/tmp/new-key' },
      { mode: 'import', name: 'laptop', publicKey: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIG op@laptop' },
    ] as const) {
      expect(roundTrip({ ...full, keyPair })).toEqual(normalised({ ...full, keyPair }));
    }
  });

  it('round-trips a spec without the optional choices to the same launch with the default choices', () => {
    expect(roundTrip(base)).toEqual(
      normalised({
        ...base,
        tags: [],
        keyPair: { mode: 'none' },
        storage: { volumeType: 'gp3', encrypted: true },
        network: {},
        advanced: {},
      }),
    );
  });

  it('round-trips advanced options without an automatic termination, keeping the suggested hours in the form', () => {
    const spec = { ...full, advanced: { ...full.advanced, autoTerminateAfterHours: undefined } };
    expect(roundTrip(spec)).toEqual(normalised(spec));
    expect(formFromSpec(spec).advanced).toMatchObject({
      autoTerminate: false,
      autoTerminateAfterHours: INITIAL_FORM.advanced.autoTerminateAfterHours,
    });
  });

  it('fills what a saved spec leaves out from the initial form', () => {
    const form = formFromSpec({ region: 'eu-west-1', instanceType: 't3.small' });
    expect(form).toEqual({ ...INITIAL_FORM, region: 'eu-west-1', instanceType: 't3.small' });
  });

  it('puts the AMI in the typed field, and shows it as its tile once the tiles are known', () => {
    const form = formFromSpec({ ...base, imageId: 'ami-0ed094fb1304fd857' });
    expect(form).toMatchObject({ customImageId: 'ami-0ed094fb1304fd857', quickStartImageId: '' });
    expect(adoptQuickStartTile(form, ['ami-0ed094fb1304fd857'])).toEqual({
      quickStartImageId: 'ami-0ed094fb1304fd857',
      customImageId: '',
    });
    expect(adoptQuickStartTile(form, ['ami-0a1b2c3d4e5f60718'])).toBeUndefined();
  });

  it('keeps the chosen profile when filling from a saved spec', () => {
    const current = { ...INITIAL_FORM, profileId: 'prod', region: 'us-east-1' };
    expect(fillKeepingProfile(current, { ...base, profileId: 'sandbox' })).toMatchObject({
      profileId: 'prod',
      region: 'eu-west-1',
    });
  });
});
