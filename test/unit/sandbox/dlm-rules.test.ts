import { describe, expect, it } from 'vitest';
import {
  DlmError,
  scheduleIntervalHours,
  snapshotsBeyondCount,
  validatePolicyInput,
  type DlmPolicyInput,
} from '../../../electron/core/sandbox/dlm-rules';

function policy(overrides: Partial<DlmPolicyInput> = {}, count: number = 2): DlmPolicyInput {
  return {
    ExecutionRoleArn: 'arn:aws:iam::123456789012:role/AWSDataLifecycleManagerDefaultRole',
    Description: 'kiln web',
    State: 'ENABLED',
    PolicyDetails: {
      ResourceTypes: ['VOLUME'],
      TargetTags: [{ Key: 'kiln:launch', Value: 'web' }],
      Schedules: [{ Name: 'hourly', CreateRule: { Interval: 1, IntervalUnit: 'HOURS' }, RetainRule: { Count: count } }],
    },
    ...overrides,
  };
}

function refusal(input: DlmPolicyInput, partial = false): DlmError {
  try {
    validatePolicyInput(input, partial);
  } catch (error) {
    if (error instanceof DlmError) return error;
    throw error;
  }
  throw new Error('the input was accepted');
}

describe('validatePolicyInput', () => {
  it('accepts a complete hourly policy and a daily cron one', () => {
    expect(() => validatePolicyInput(policy())).not.toThrow();
    const cron = policy();
    cron.PolicyDetails!.Schedules![0].CreateRule = { CronExpression: 'cron(0 3 * * ? *)' };
    expect(() => validatePolicyInput(cron)).not.toThrow();
  });

  it('refuses a missing or malformed execution role as an InvalidRequestException', () => {
    const missing = refusal(policy({ ExecutionRoleArn: undefined }));
    expect(missing).toMatchObject({ code: 'InvalidRequestException', status: 400 });
    expect(missing.message).toMatch(/ExecutionRoleArn is required/);
    expect(refusal(policy({ ExecutionRoleArn: 'my-role' })).message).toMatch(/not a role ARN/);
  });

  it.each([0, -1, 1.5, 1001])('refuses RetainRule.Count %s', (count) => {
    expect(refusal(policy({}, count)).message).toMatch(/RetainRule.Count/);
  });

  it('refuses an interval DLM does not offer, a bad state, a resource type and no target tags', () => {
    const fiveHours = policy();
    fiveHours.PolicyDetails!.Schedules![0].CreateRule = { Interval: 5, IntervalUnit: 'HOURS' };
    expect(refusal(fiveHours).message).toMatch(/Interval must be one of/);
    expect(refusal(policy({ State: 'PAUSED' })).message).toMatch(/State/);
    const images = policy();
    images.PolicyDetails!.ResourceTypes = ['IMAGE'];
    expect(refusal(images).message).toMatch(/ResourceTypes/);
    const untargeted = policy();
    untargeted.PolicyDetails!.TargetTags = [];
    expect(refusal(untargeted).message).toMatch(/TargetTags/);
  });

  it('takes one start time a day as hh:mm, as DLM does', () => {
    const daily = policy();
    daily.PolicyDetails!.Schedules![0].CreateRule = { Interval: 24, IntervalUnit: 'HOURS', Times: ['03:30'] };
    expect(() => validatePolicyInput(daily)).not.toThrow();
    for (const times of [['25:00'], ['3:30'], ['03:30', '15:30']]) {
      daily.PolicyDetails!.Schedules![0].CreateRule = { Interval: 24, IntervalUnit: 'HOURS', Times: times };
      expect(refusal(daily).message).toMatch(/Times/);
    }
  });

  it('checks only the fields an update carries', () => {
    expect(() => validatePolicyInput({ Description: 'renamed' }, true)).not.toThrow();
    expect(refusal({ State: 'OFF' }, true).message).toMatch(/State/);
    expect(refusal({ PolicyDetails: { ResourceTypes: ['VOLUME'] } }, true).message).toMatch(/TargetTags/);
  });
});

describe('scheduleIntervalHours', () => {
  it('is the interval of an hourly rule and a day for a cron rule', () => {
    expect(scheduleIntervalHours({ CreateRule: { Interval: 12, IntervalUnit: 'HOURS' } })).toBe(12);
    expect(scheduleIntervalHours({ CreateRule: { CronExpression: 'cron(0 3 * * ? *)' } })).toBe(24);
  });
});

describe('snapshotsBeyondCount', () => {
  const at = (id: string, minute: number) => ({ SnapshotId: id, StartTime: new Date(Date.UTC(2026, 0, 1, 0, minute)) });

  it('picks all but the newest `count`, whatever order they come in', () => {
    const snapshots = [at('snap-b', 2), at('snap-d', 4), at('snap-a', 1), at('snap-c', 3)];
    expect(snapshotsBeyondCount(snapshots, 2).map((s) => s.SnapshotId)).toEqual(['snap-b', 'snap-a']);
  });

  it('deletes nothing while there are no more than `count`', () => {
    expect(snapshotsBeyondCount([at('snap-a', 1), at('snap-b', 2)], 2)).toEqual([]);
  });
});
