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
