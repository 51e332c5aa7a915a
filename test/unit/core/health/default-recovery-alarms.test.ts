import { describe, expect, it } from 'vitest';
import type { LaunchRecord } from '../../../../electron/common/models';
import { KilnFailure } from '../../../../electron/common/result';
import {
  createDefaultRecoveryAlarms,
  dueForDefaultAlarms,
} from '../../../../electron/core/health/default-recovery-alarms';
import { launchRecord } from '../../../support/fake-data';

const FINISHED = '2025-01-15T10:05:00.000Z';
const finished = (overrides: Partial<LaunchRecord> = {}) =>
  launchRecord({
    phase: 'succeeded',
    timeline: [
      { phase: 'requested', at: '2025-01-15T10:00:00.000Z' },
      { phase: 'succeeded', at: FINISHED },
    ],
    ...overrides,
  });
const hoursAfter = (hours: number) => new Date(Date.parse(FINISHED) + hours * 3_600_000);

describe('dueForDefaultAlarms', () => {
  it('is due once the install ended longer ago than the salvage window (1 day)', () => {
    expect(dueForDefaultAlarms(finished(), hoursAfter(23.9))).toBe(false);
    expect(dueForDefaultAlarms(finished(), hoursAfter(24))).toBe(true);
    expect(
      dueForDefaultAlarms(finished({ phase: 'failed', timeline: [{ phase: 'failed', at: FINISHED }] }), hoursAfter(30)),
    ).toBe(true);
  });

  it('is not due for a launch set to be terminated, not running, still installing, or already decided', () => {
    const late = hoursAfter(48);
    expect(dueForDefaultAlarms(finished({ terminateAt: '2025-01-20T00:00:00.000Z' }), late)).toBe(false);
    expect(dueForDefaultAlarms(finished({ instanceState: 'stopped' }), late)).toBe(false);
    expect(dueForDefaultAlarms(finished({ phase: 'installing' }), late)).toBe(false);
    expect(dueForDefaultAlarms(finished({ recoveryAlarms: ['kiln-launch-1-reboot'] }), late)).toBe(false);
    expect(dueForDefaultAlarms(finished({ defaultRecoveryAlarms: 'declined' }), late)).toBe(false);
    expect(dueForDefaultAlarms(finished({ defaultRecoveryAlarms: 'failed' }), late)).toBe(false);
  });
});

describe('default recovery alarms', () => {
  it('records a failure as a warning on the launch and does not try again', async () => {
    let record = finished();
    let attempts = 0;
    const logged: string[] = [];
    const defaults = createDefaultRecoveryAlarms({
      launches: { list: () => [record], update: async (_id, change) => (record = change(record)) },
      alarms: {
        enable: async () => {
          attempts += 1;
          throw new KilnFailure({
            code: 'AccessDenied',
            message: 'Not allowed to call PutMetricAlarm.',
            remedy: 'Ask for cloudwatch:PutMetricAlarm.',
          });
        },
      },
      now: () => hoursAfter(25),
      log: (message) => logged.push(message),
    });
    expect(await defaults.apply()).toEqual(['launch-1']);
    expect(await defaults.apply()).toEqual([]);
    expect(attempts).toBe(1);
    expect(record.defaultRecoveryAlarms).toBe('failed');
    expect(record.warnings).toEqual([
      {
        code: 'DefaultAlarmsFailed',
        message:
          'Kiln could not create the recovery alarms of web-1, kept past the salvage window: Not allowed to call PutMetricAlarm.',
        remedy: 'Ask for cloudwatch:PutMetricAlarm.',
      },
    ]);
    expect(logged).toHaveLength(1);
  });
});
