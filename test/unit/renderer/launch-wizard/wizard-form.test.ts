// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { specFieldOf, stepIndex, stepOfField } from '../../../../renderer/src/launch-wizard/step-definitions';
import {
  INITIAL_FORM,
  effectiveImageId,
  toSpecInput,
  type WizardForm,
} from '../../../../renderer/src/launch-wizard/wizard-form';
import { validateStep } from '../../../../renderer/src/launch-wizard/wizard-validation';

const complete: WizardForm = {
  ...INITIAL_FORM,
  profileId: 'sandbox',
  region: 'us-east-1',
  quickStartImageId: 'ami-0ed094fb1304fd857',
  instanceType: 't3.micro',
  name: 'web-1',
};

const NAME = stepIndex('name-tags');
const AMI = stepIndex('ami');
const KEY_PAIR = stepIndex('key-pair');
const NETWORK = stepIndex('network');
const STORAGE = stepIndex('storage');
const SCRIPT = stepIndex('install-script');
const ADVANCED = stepIndex('advanced');

describe('wizard form rules', () => {
  it('validates only the fields of the step, with the LaunchSpec messages', () => {
    expect(validateStep(INITIAL_FORM, 0)).toEqual({
      profileId: 'Choose a profile.',
      region: 'Choose a region, e.g. us-east-1.',
    });
    expect(validateStep({ ...complete, name: '  ' }, NAME)).toEqual({ name: 'Give the instance a name.' });
    expect(validateStep({ ...complete, name: '  ' }, AMI)).toEqual({});
    expect(validateStep(complete, stepIndex('review'))).toEqual({});
  });

  it('prefers a typed AMI id over the tile and omits agentPort from the spec', () => {
    const form = { ...complete, customImageId: ' ami-00000000000000abc ' };
    expect(effectiveImageId(form)).toBe('ami-00000000000000abc');
    expect(toSpecInput(form)).not.toHaveProperty('agentPort');
    expect(validateStep({ ...complete, customImageId: 'ami-xyz' }, AMI)).toEqual({
      imageId: 'An AMI id looks like ami-0123456789abcdef0.',
    });
  });

  it('maps backend error fields to wizard fields and steps', () => {
    expect(specFieldOf('spec.name')).toBe('name');
    expect(specFieldOf('imageId')).toBe('imageId');
    expect(specFieldOf('spec.agentPort')).toBeUndefined();
    expect(specFieldOf(undefined)).toBeUndefined();
    expect(stepOfField('instanceType')).toBe(3);
    expect(stepOfField('installScript')).toBe(7);
    expect(stepOfField('advanced')).toBe(8);
    expect(specFieldOf('spec.advanced.count')).toBe('advanced');
  });
});

describe('launch choices in the schema', () => {
  const withTags = (tags: WizardForm['tags']): WizardForm => ({ ...complete, tags });
  it('accepts AWS tag characters, including letters of any script, and an empty value', () => {
    expect(
      validateStep(
        withTags([
          { key: 'Équipe /ops:1', value: '' },
          { key: 'env', value: 'a+b=c@d_e.f-g' },
        ]),
        NAME,
      ),
    ).toEqual({});
  });
  it('refuses reserved prefixes, bad characters, long keys and values, and more tags than AWS allows', () => {
    expect(validateStep(withTags([{ key: 'AWS:x', value: '1' }]), NAME)['tags.0.key']).toMatch(/reserved by AWS/);
    expect(validateStep(withTags([{ key: 'kiln:x', value: '1' }]), NAME)['tags.0.key']).toMatch(/reserved by Kiln/);
    expect(validateStep(withTags([{ key: 'a*b', value: '1' }]), NAME)['tags.0.key']).toMatch(/may use letters/);
    expect(validateStep(withTags([{ key: 'k'.repeat(129), value: '' }]), NAME)['tags.0.key']).toMatch(/128/);
    expect(validateStep(withTags([{ key: 'k', value: 'v'.repeat(257) }]), NAME)['tags.0.value']).toMatch(/256/);
    const many = Array.from({ length: 47 }, (_, i) => ({ key: `k${i}`, value: '' }));
    expect(validateStep(withTags(many), NAME).tags).toMatch(/At most 46 extra tags/);
    expect(validateStep(withTags(many.slice(0, 46)), NAME)).toEqual({});
  });
  it('needs a confirmation for any CIDR wider than one address, and none for a /32', () => {
    const cidr = (value: string, confirm = false): WizardForm => ({
      ...complete,
      network: { ...complete.network, source: 'cidr', cidr: value, confirmOpenToInternet: confirm },
    });
    expect(validateStep(cidr('198.51.100.7/32'), NETWORK)).toEqual({});
    expect(validateStep(cidr('198.51.100.6/31'), NETWORK)['network.confirmOpenToInternet']).toMatch(
      /to 2 addresses; confirm it/,
    );
    expect(validateStep(cidr('198.51.100.0/24'), NETWORK)['network.confirmOpenToInternet']).toMatch(
      /to 256 addresses; confirm it/,
    );
    expect(validateStep(cidr('198.51.100.0/24', true), NETWORK)).toEqual({});
    expect(validateStep(cidr('10.0.0.0/8'), NETWORK)['network.confirmOpenToInternet']).toMatch(
      /a wide range of addresses; confirm it/,
    );
    expect(validateStep(cidr('0.0.0.0/0'), NETWORK)['network.confirmOpenToInternet']).toMatch(
      /the whole internet; confirm it/,
    );
    expect(validateStep(cidr('0.0.0.0/0', true), NETWORK)).toEqual({});
    for (const bad of ['10.0.0.1', '10.0.0.1/33', '256.0.0.0/8', '10.0.0.1/24', 'abc']) {
      expect(validateStep(cidr(bad, true), NETWORK)['network.cidr']).toMatch(/IPv4 CIDR/);
    }
  });
  it('refuses a VPC, subnet or security group that the loaded lists do not hold', () => {
    const network = (patch: Partial<WizardForm['network']>): WizardForm => ({
      ...complete,
      network: { ...complete.network, ...patch },
    });
    const lists = {
      vpcIds: ['vpc-0aaaaaaaaaaaaaaaa'],
      subnetIds: ['subnet-0aaaaaaaaaaaaaaaa'],
      groupIds: ['sg-0aaaaaaaaaaaaaaaa'],
    };
    expect(validateStep(network({ vpcId: 'vpc-0bbbbbbbbbbbbbbbb' }), NETWORK, lists)['network.vpcId']).toMatch(
      /VPC vpc-0bbbbbbbbbbbbbbbb is not in this account and region.*choose a VPC/,
    );
    expect(
      validateStep(network({ vpcId: 'vpc-0aaaaaaaaaaaaaaaa', subnetId: 'subnet-0bbbbbbbbbbbbbbbb' }), NETWORK, lists)[
        'network.subnetId'
      ],
    ).toMatch(/choose a subnet/);
    const groups = network({
      vpcId: 'vpc-0aaaaaaaaaaaaaaaa',
      securityGroupMode: 'existing',
      existingGroupIds: ['sg-0aaaaaaaaaaaaaaaa', 'sg-0bbbbbbbbbbbbbbbb'],
    });
    expect(validateStep(groups, NETWORK, lists)['network.existingGroupIds']).toMatch(
      /^sg-0bbbbbbbbbbbbbbbb is not a security group of the chosen VPC/,
    );
    expect(
      validateStep(network({ vpcId: 'vpc-0aaaaaaaaaaaaaaaa', subnetId: 'subnet-0aaaaaaaaaaaaaaaa' }), NETWORK, lists),
    ).toEqual({});
    // Before the lists load, and for the defaults (empty ids), there is nothing to check.
    expect(validateStep(network({ vpcId: 'vpc-0bbbbbbbbbbbbbbbb' }), NETWORK, {})).toEqual({});
    expect(validateStep(complete, NETWORK, lists)).toEqual({});
  });

  it('refuses HDD root volumes and sizes below the AMI', () => {
    const storage = (patch: Partial<WizardForm['storage']>): WizardForm => ({
      ...complete,
      storage: { ...complete.storage, ...patch },
    });
    expect(validateStep(storage({ volumeType: 'st1' }), STORAGE)['storage.volumeType']).toMatch(
      /cannot be boot volumes/,
    );
    const image = {
      imageId: 'ami-0ed094fb1304fd857',
      name: 'al2023',
      architecture: 'x86_64',
      platform: 'linux' as const,
      rootVolumeSizeGiB: 8,
    };
    expect(validateStep(storage({ sizeGiB: '7' }), STORAGE, { image })['storage.rootVolumeSizeGiB']).toMatch(
      /8 GiB or more \(not 7\)/,
    );
    expect(validateStep(storage({ sizeGiB: '8' }), STORAGE, { image })).toEqual({});
  });
  it('needs RSA for a new key on a Windows AMI', () => {
    const form: WizardForm = {
      ...complete,
      keyPair: { ...complete.keyPair, mode: 'create', name: 'k', savePath: '/tmp/k', type: 'ed25519' },
    };
    const image = { imageId: 'ami-b7e93bce', name: 'win', architecture: 'x86_64', platform: 'windows' as const };
    expect(validateStep(form, KEY_PAIR, { image })['keyPair.type']).toMatch(/RSA/);
    expect(validateStep({ ...form, keyPair: { ...form.keyPair, type: 'rsa' } }, KEY_PAIR, { image })).toEqual({});
  });
});

describe('advanced choices and the user data size', () => {
  const advanced = (patch: Partial<WizardForm['advanced']>): WizardForm => ({
    ...complete,
    advanced: { ...complete.advanced, ...patch },
  });

  it('sends numbers for the count and the hours, and no timer unless it is on', () => {
    expect(toSpecInput(advanced({ count: '3', autoTerminateAfterHours: '8' })).advanced).toMatchObject({
      count: 3,
      autoTerminateAfterHours: undefined,
    });
    expect(toSpecInput(advanced({ autoTerminate: true, autoTerminateAfterHours: '8' })).advanced).toMatchObject({
      autoTerminateAfterHours: 8,
    });
  });

  it('refuses counts and hours out of range or not whole, with the schema messages', () => {
    expect(validateStep(advanced({ count: '0' }), ADVANCED)['advanced.count']).toBe('Launch at least 1 instance.');
    expect(validateStep(advanced({ count: '21' }), ADVANCED)['advanced.count']).toBe(
      'Kiln launches at most 20 instances at once.',
    );
    expect(validateStep(advanced({ count: 'two' }), ADVANCED)['advanced.count']).toBe('The count is a whole number.');
    expect(validateStep(advanced({ count: '' }), ADVANCED)['advanced.count']).toBe('The count is a whole number.');
    expect(
      validateStep(advanced({ autoTerminate: true, autoTerminateAfterHours: '200' }), ADVANCED)[
        'advanced.autoTerminateAfterHours'
      ],
    ).toMatch(/168/);
    expect(validateStep(advanced({ instanceProfile: 'bad profile!' }), ADVANCED)['advanced.instanceProfile']).toMatch(
      /instance profile name/,
    );
    expect(
      validateStep(
        advanced({ count: '20', instanceProfile: 'arn:aws:iam::123456789012:instance-profile/builder' }),
        ADVANCED,
      ),
    ).toEqual({});
  });

  it('refuses termination protection with a timer, and a new key pair for several instances', () => {
    expect(
      validateStep(advanced({ terminationProtection: true, autoTerminate: true }), ADVANCED)[
        'advanced.terminationProtection'
      ],
    ).toMatch(/turn one of them off/);
    const withKey: WizardForm = {
      ...advanced({ count: '2' }),
      keyPair: { ...complete.keyPair, mode: 'create', name: 'k', savePath: '/tmp/k' },
    };
    expect(validateStep(withKey, ADVANCED)['advanced.count']).toMatch(/existing key pair or none/);
  });

  it('blocks the install script step once the measured user data is over the limit', () => {
    expect(validateStep(complete, SCRIPT, { userData: { bytes: 16_384, limitBytes: 16_384 } })).toEqual({});
    expect(validateStep(complete, SCRIPT, { userData: { bytes: 17_000, limitBytes: 16_384 } }).installScript).toBe(
      'The user data would be 17,000 bytes; EC2 accepts at most 16,384. Shorten the script by 616 bytes, or have it download a larger one.',
    );
  });

  it('blocks the install script step with the refusal when the script cannot be delivered (over the cap, or a mirror)', () => {
    const refusal =
      'The install script is 1,048,577 bytes; Kiln delivers install scripts of at most 1,048,576 bytes (1 MiB). Shorten it.';
    expect(
      validateStep(complete, SCRIPT, { userData: { bytes: 2_000, limitBytes: 16_384, refusal } }).installScript,
    ).toBe(refusal);
    // Delivered from the artifact bucket: the user data is small and nothing blocks.
    expect(validateStep(complete, SCRIPT, { userData: { bytes: 2_000, limitBytes: 16_384 } })).toEqual({});
  });
});
