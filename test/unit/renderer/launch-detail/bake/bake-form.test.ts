import { describe, expect, it } from 'vitest';
import {
  initialBakeForm,
  suggestImageName,
  validateBakeForm,
} from '../../../../../renderer/src/launch-detail/bake/bake-form';
import { launchRecord } from '../../../../support/fake-kiln-api';

describe('bake form', () => {
  it('suggests a name EC2 accepts from the launch name and the time', () => {
    expect(suggestImageName('web server #1', new Date(2026, 10, 20, 14, 5))).toBe('web server-1-2026-11-20-1405');
    expect(suggestImageName('***', new Date(2026, 0, 2, 3, 4))).toBe('kiln-image-2026-01-02-0304');
    expect(suggestImageName('x'.repeat(200), new Date()).length).toBe(128);
  });

  it('starts valid: stop mode, no copies, the agent removed', () => {
    const form = initialBakeForm(launchRecord(), new Date(2026, 10, 20, 14, 5));
    expect(form).toMatchObject({
      name: 'web-1-2026-11-20-1405',
      mode: 'stop',
      copyToRegions: [],
      keepAgent: false,
      allowUnsealed: false,
    });
    expect(validateBakeForm('launch-1', form)).toEqual({});
  });

  it('keys the messages by field, tags by index', () => {
    const form = {
      ...initialBakeForm(launchRecord()),
      name: 'a',
      description: 'd'.repeat(256),
      tags: [{ key: 'kiln:x', value: '' }],
    };
    expect(validateBakeForm('launch-1', form)).toEqual({
      name: 'An AMI name holds at least 3 characters.',
      description: 'A description holds at most 255 characters.',
      'tags.0.key': 'Tag keys starting with "kiln:" are reserved by Kiln.',
    });
  });
});
