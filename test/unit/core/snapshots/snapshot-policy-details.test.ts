// The schedule → DLM policy mapping, and the schedule read back from a policy.
import { describe, expect, it } from 'vitest';
import type { SnapshotSchedule } from '../../../../electron/common/models';
import {
  dlmPolicyDescription,
  scheduleOfPolicy,
  snapshotPolicyDetails,
  snapshotPolicyTags,
} from '../../../../electron/core/snapshots/snapshot-policy-details';

const LAUNCH = '5f0c2a9e-3b1d-4c55-9a3e-0d8f1e2b7c41';

describe('snapshotPolicyDetails', () => {
  it('targets the launch volumes by tag and keeps the last K, copying tags and adding the launch id', () => {
    expect(snapshotPolicyDetails(LAUNCH, { rule: { kind: 'hourly' }, keep: 2 })).toEqual({
      PolicyType: 'EBS_SNAPSHOT_MANAGEMENT',
      ResourceTypes: ['VOLUME'],
      TargetTags: [{ Key: 'kiln:launch-id', Value: LAUNCH }],
      Schedules: [
        {
          Name: 'Kiln hourly keep 2',
          CopyTags: true,
          TagsToAdd: [{ Key: 'kiln:launch-id', Value: LAUNCH }],
          CreateRule: { Interval: 1, IntervalUnit: 'HOURS' },
          RetainRule: { Count: 2 },
        },
      ],
    });
  });

  it('runs "every N hours" at that interval and "daily at HH:MM" every 24 hours at that UTC time', () => {
    const every = snapshotPolicyDetails(LAUNCH, { rule: { kind: 'every', hours: 6 }, keep: 10 }).Schedules![0];
    expect(every.CreateRule).toEqual({ Interval: 6, IntervalUnit: 'HOURS' });
    expect(every.RetainRule).toEqual({ Count: 10 });
    expect(every.Name).toBe('Kiln every 6h keep 10');
    const daily = snapshotPolicyDetails(LAUNCH, { rule: { kind: 'daily', time: '03:30' }, keep: 7 }).Schedules![0];
    expect(daily.CreateRule).toEqual({ Interval: 24, IntervalUnit: 'HOURS', Times: ['03:30'] });
    expect(daily.Name).toBe('Kiln daily keep 7');
  });

  it('names and tags the policy with the launch, in the characters DLM accepts', () => {
    expect(snapshotPolicyTags(LAUNCH, 'web #1')).toEqual({
      'kiln:launch-id': LAUNCH,
      'kiln:created-by': 'kiln',
      Name: 'web #1',
    });
    const description = dlmPolicyDescription(LAUNCH, 'café: web #1');
    expect(description).toMatch(/^[0-9A-Za-z _-]+$/);
    expect(description).toContain(LAUNCH);
  });
});

describe('scheduleOfPolicy', () => {
  const schedules: SnapshotSchedule[] = [
    { rule: { kind: 'hourly' }, keep: 2 },
    { rule: { kind: 'every', hours: 12 }, keep: 1000 },
    { rule: { kind: 'daily', time: '23:59' }, keep: 1 },
  ];
  it.each(schedules)('reads back what it wrote: %j', (schedule) => {
    expect(scheduleOfPolicy(snapshotPolicyDetails(LAUNCH, schedule))).toEqual(schedule);
  });

  it('reads nothing from a policy Kiln does not write (cron, two schedules, age retention)', () => {
    const cron = snapshotPolicyDetails(LAUNCH, { rule: { kind: 'hourly' }, keep: 2 });
    cron.Schedules![0].CreateRule = { CronExpression: 'cron(0 9 ? * MON *)' };
    expect(scheduleOfPolicy(cron)).toBeUndefined();
    const two = snapshotPolicyDetails(LAUNCH, { rule: { kind: 'hourly' }, keep: 2 });
    two.Schedules = [two.Schedules![0], two.Schedules![0]];
    expect(scheduleOfPolicy(two)).toBeUndefined();
    const byAge = snapshotPolicyDetails(LAUNCH, { rule: { kind: 'hourly' }, keep: 2 });
    byAge.Schedules![0].RetainRule = { Interval: 7, IntervalUnit: 'DAYS' };
    expect(scheduleOfPolicy(byAge)).toBeUndefined();
  });
});
