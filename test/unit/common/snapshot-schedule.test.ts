// What DLM allows of a snapshot schedule, checked before anything is created, and the schedule in words.
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SNAPSHOT_SCHEDULE,
  describeSnapshotSchedule,
  snapshotScheduleProblem,
} from '../../../electron/common/models';

describe('snapshotScheduleProblem', () => {
  it('allows the default (hourly, keep 2), every 1/2/3/4/6/8/12/24 hours and daily at a time', () => {
    expect(DEFAULT_SNAPSHOT_SCHEDULE).toEqual({ rule: { kind: 'hourly' }, keep: 2 });
    expect(snapshotScheduleProblem(DEFAULT_SNAPSHOT_SCHEDULE)).toBeUndefined();
    for (const hours of [1, 2, 3, 4, 6, 8, 12, 24])
      expect(snapshotScheduleProblem({ rule: { kind: 'every', hours }, keep: 1 })).toBeUndefined();
    expect(snapshotScheduleProblem({ rule: { kind: 'daily', time: '00:00' }, keep: 1000 })).toBeUndefined();
  });

  it.each([0, -1, 1001, 2.5, Number.NaN])('refuses keeping %d snapshots, naming the field', (keep) => {
    expect(snapshotScheduleProblem({ rule: { kind: 'hourly' }, keep })).toMatchObject({
      code: 'InvalidSnapshotCount',
      field: 'keep',
      remedy: expect.stringContaining('1 to 1000'),
    });
  });

  it.each([5, 7, 0.5, 0, 48])('refuses every %d hours, an interval DLM does not run', (hours) => {
    expect(snapshotScheduleProblem({ rule: { kind: 'every', hours }, keep: 2 })).toMatchObject({
      code: 'InvalidSnapshotInterval',
      field: 'hours',
      remedy: expect.stringContaining('1, 2, 3, 4, 6, 8, 12, 24'),
    });
  });

  it('says a schedule finer than an hour is finer than DLM runs', () => {
    expect(snapshotScheduleProblem({ rule: { kind: 'every', hours: 0.5 }, keep: 2 })?.message).toContain(
      'at most once an hour',
    );
  });

  it.each(['24:00', '9:30', '12:60', 'noon', ''])('refuses the time "%s"', (time) => {
    expect(snapshotScheduleProblem({ rule: { kind: 'daily', time }, keep: 2 })).toMatchObject({
      code: 'InvalidSnapshotTime',
      field: 'time',
    });
  });
});

describe('describeSnapshotSchedule', () => {
  it('says when and how many', () => {
    expect(describeSnapshotSchedule(DEFAULT_SNAPSHOT_SCHEDULE)).toBe('every hour, keeping the last 2 snapshots');
    expect(describeSnapshotSchedule({ rule: { kind: 'every', hours: 6 }, keep: 1 })).toBe(
      'every 6 hours, keeping the last snapshot',
    );
    expect(describeSnapshotSchedule({ rule: { kind: 'daily', time: '03:30' }, keep: 7 })).toBe(
      'daily at 03:30 UTC, keeping the last 7 snapshots',
    );
  });
});
