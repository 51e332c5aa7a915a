// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import {
  INITIAL_FORM,
  effectiveImageId,
  specFieldOf,
  stepOfField,
  toSpecInput,
  validateStep,
  type WizardForm,
} from '../../../../renderer/src/launch-wizard/wizard-form';

const complete: WizardForm = {
  ...INITIAL_FORM,
  profileId: 'sandbox',
  region: 'us-east-1',
  quickStartImageId: 'ami-0ed094fb1304fd857',
  instanceType: 't3.micro',
  name: 'web-1',
};

describe('wizard form rules', () => {
  it('validates only the fields of the step, with the LaunchSpec messages', () => {
    expect(validateStep(INITIAL_FORM, 0)).toEqual({
      profileId: 'Choose a profile.',
      region: 'Choose a region, e.g. us-east-1.',
    });
    expect(validateStep({ ...complete, name: '  ' }, 2)).toEqual({ name: 'Give the instance a name.' });
    expect(validateStep({ ...complete, name: '  ' }, 1)).toEqual({});
    expect(validateStep(complete, 3)).toEqual({});
  });

  it('prefers a typed AMI id over the tile and omits agentPort from the spec', () => {
    const form = { ...complete, customImageId: ' ami-00000000000000abc ' };
    expect(effectiveImageId(form)).toBe('ami-00000000000000abc');
    expect(toSpecInput(form)).not.toHaveProperty('agentPort');
    expect(validateStep({ ...complete, customImageId: 'ami-xyz' }, 1)).toEqual({
      imageId: 'An AMI id looks like ami-0123456789abcdef0.',
    });
  });

  it('maps backend error fields to wizard fields and steps', () => {
    expect(specFieldOf('spec.name')).toBe('name');
    expect(specFieldOf('imageId')).toBe('imageId');
    expect(specFieldOf('spec.agentPort')).toBeUndefined();
    expect(specFieldOf(undefined)).toBeUndefined();
    expect(stepOfField('instanceType')).toBe(1);
    expect(stepOfField('installScript')).toBe(2);
  });
});

describe('launch choices in the schema', () => {
  const withTags = (tags: WizardForm['tags']): WizardForm => ({ ...complete, tags });
  it('accepts AWS tag characters, including letters of any script, and an empty value', () => {
    expect(validateStep(withTags([{ key: 'Équipe /ops:1', value: '' }, { key: 'env', value: 'a+b=c@d_e.f-g' }]), 2)).toEqual({});
  });
  it('refuses reserved prefixes, bad characters, long keys and values, and more tags than AWS allows', () => {
    expect(validateStep(withTags([{ key: 'AWS:x', value: '1' }]), 2)['tags.0.key']).toMatch(/reserved by AWS/);
    expect(validateStep(withTags([{ key: 'kiln:x', value: '1' }]), 2)['tags.0.key']).toMatch(/reserved by Kiln/);
    expect(validateStep(withTags([{ key: 'a*b', value: '1' }]), 2)['tags.0.key']).toMatch(/may use letters/);
    expect(validateStep(withTags([{ key: 'k'.repeat(129), value: '' }]), 2)['tags.0.key']).toMatch(/128/);
    expect(validateStep(withTags([{ key: 'k', value: 'v'.repeat(257) }]), 2)['tags.0.value']).toMatch(/256/);
    const many = Array.from({ length: 47 }, (_, i) => ({ key: `k${i}`, value: '' }));
    expect(validateStep(withTags(many), 2).tags).toMatch(/At most 46 extra tags/);
    expect(validateStep(withTags(many.slice(0, 46)), 2)).toEqual({});
  });
  it('needs a confirmation for CIDRs wider than /24, and none for /24 or narrower', () => {
    const cidr = (value: string, confirm = false): WizardForm => ({
      ...complete,
      network: { ...complete.network, source: 'cidr', cidr: value, confirmOpenToInternet: confirm },
    });
    expect(validateStep(cidr('198.51.100.0/24'), 1)).toEqual({});
    expect(validateStep(cidr('10.0.0.0/8'), 1)['network.confirmOpenToInternet']).toMatch(/confirm it/);
    expect(validateStep(cidr('0.0.0.0/0', true), 1)).toEqual({});
    for (const bad of ['10.0.0.1', '10.0.0.1/33', '256.0.0.0/8', '10.0.0.1/24', 'abc']) {
      expect(validateStep(cidr(bad, true), 1)['network.cidr']).toMatch(/IPv4 CIDR/);
    }
  });
  it('refuses HDD root volumes and sizes below the AMI', () => {
    const storage = (patch: Partial<WizardForm['storage']>): WizardForm => ({ ...complete, storage: { ...complete.storage, ...patch } });
    expect(validateStep(storage({ volumeType: 'st1' }), 1)['storage.volumeType']).toMatch(/cannot be boot volumes/);
    const image = { imageId: 'ami-0ed094fb1304fd857', name: 'al2023', architecture: 'x86_64', platform: 'linux' as const, rootVolumeSizeGiB: 8 };
    expect(validateStep(storage({ sizeGiB: '7' }), 1, { image })['storage.rootVolumeSizeGiB']).toMatch(/8 GiB or more \(not 7\)/);
    expect(validateStep(storage({ sizeGiB: '8' }), 1, { image })).toEqual({});
  });
  it('needs RSA for a new key on a Windows AMI', () => {
    const form: WizardForm = { ...complete, keyPair: { ...complete.keyPair, mode: 'create', name: 'k', savePath: '/tmp/k', type: 'ed25519' } };
    const image = { imageId: 'ami-b7e93bce', name: 'win', architecture: 'x86_64', platform: 'windows' as const };
    expect(validateStep(form, 1, { image })['keyPair.type']).toMatch(/RSA/);
    expect(validateStep({ ...form, keyPair: { ...form.keyPair, type: 'rsa' } }, 1, { image })).toEqual({});
  });
});
