import { describe, expect, it } from 'vitest';
import { CliExit } from '../../../electron/cli/cli-context';
import { scheduleFromOptions } from '../../../electron/cli/commands/snapshots';

describe('kiln snapshots schedule options', () => {
  it('asks for no schedule (show) without schedule options', () => {
    expect(scheduleFromOptions({})).toBeUndefined();
    expect(scheduleFromOptions({ createRole: true, dryRun: true })).toBeUndefined();
  });

  it('reads --hourly, --every and --daily, with --keep defaulting to 2', () => {
    expect(scheduleFromOptions({ hourly: true })).toEqual({ rule: { kind: 'hourly' }, keep: 2 });
    expect(scheduleFromOptions({ keep: '5' })).toEqual({ rule: { kind: 'hourly' }, keep: 5 });
    expect(scheduleFromOptions({ every: '6', keep: '10' })).toEqual({ rule: { kind: 'every', hours: 6 }, keep: 10 });
    expect(scheduleFromOptions({ daily: '03:30' })).toEqual({ rule: { kind: 'daily', time: '03:30' }, keep: 2 });
  });

  it('passes values as typed, for the backend to refuse what DLM does not allow', () => {
    expect(scheduleFromOptions({ every: '5', keep: '0' })).toEqual({ rule: { kind: 'every', hours: 5 }, keep: 0 });
  });

  it('refuses (exit 2) two schedules at once, and --remove with a schedule', () => {
    for (const options of [
      { hourly: true, every: '6' },
      { every: '6', daily: '03:00' },
      { remove: true, keep: '2' },
    ]) {
      let thrown: unknown;
      try {
        scheduleFromOptions(options);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(CliExit);
      expect((thrown as CliExit).code).toBe(2);
    }
  });
});
