// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { LaunchPhase } from '../../../../electron/common/models';
import { phaseStatusType } from '../../../../renderer/src/common/phase-status';

describe('phaseStatusType', () => {
  it('maps every phase like the launches table promises', () => {
    const types = Object.fromEntries(LaunchPhase.options.map((phase) => [phase, phaseStatusType(phase)]));
    expect(types).toEqual({
      requested: 'pending',
      'creating-resources': 'in-progress',
      pending: 'in-progress',
      running: 'in-progress',
      'waiting-for-agent': 'in-progress',
      installing: 'in-progress',
      succeeded: 'success',
      failed: 'error',
      terminating: 'in-progress',
      terminated: 'stopped',
      lost: 'warning',
      error: 'error',
    });
  });
});
