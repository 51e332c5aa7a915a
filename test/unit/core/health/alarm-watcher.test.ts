import { DescribeAlarmsCommand, type MetricAlarm } from '@aws-sdk/client-cloudwatch';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AppNotice, LaunchRecord, RecoveryAlarmsUpdate } from '../../../../electron/common/models';
import { createAppNotices } from '../../../../electron/core/app-notices';
import type { AwsClientPool, AwsClients } from '../../../../electron/core/aws/clients';
import { ALARM_NOTICE_PREFIX, createAlarmWatcher } from '../../../../electron/core/health/alarm-watcher';
import { createRecoveryAlarms } from '../../../../electron/core/health/recovery-alarms';
import type { ProfileContext } from '../../../../electron/core/profiles/profile-context';
import { launchRecord } from '../../../support/fake-data';

afterEach(() => vi.useRealTimers());

/**
 * The real recovery alarms service over a fake CloudWatch client (no CloudWatch here), so the watcher's calls are the
 * DescribeAlarms the service really sends.
 */
function setup(records: LaunchRecord[]) {
  const states = new Map<string, MetricAlarm['StateValue']>();
  const calls: string[] = [];
  let failWith: Error | undefined;
  let failRegion: string | undefined;
  const clients = {
    get: (_context: ProfileContext, region: string) =>
      ({
        cloudwatch: {
          send: async (command: unknown) => {
            if (!(command instanceof DescribeAlarmsCommand)) throw new Error('unexpected command');
            calls.push(region);
            if (failWith && (failRegion === undefined || failRegion === region)) throw failWith;
            const alarms = records
              .filter((r) => r.spec.region === region)
              .flatMap((r) => r.recoveryAlarms ?? [])
              .map((name) => ({ AlarmName: name, StateValue: states.get(name) ?? 'OK' }));
            return { MetricAlarms: alarms };
          },
        },
      }) as unknown as AwsClients,
    invalidate: () => undefined,
    destroy: () => undefined,
  } satisfies AwsClientPool;
  const profiles = {
    list: async () => [],
    get: async (id: string) => ({ profile: { id } }) as unknown as ProfileContext,
  };
  const launches = {
    get: (id: string) => records.find((r) => r.id === id)!,
    list: () => records,
    update: () => {
      throw new Error('not used');
    },
  };
  const alarms = createRecoveryAlarms({ profiles, clients, launches });
  const notices = createAppNotices();
  const updates: RecoveryAlarmsUpdate[] = [];
  const errors: unknown[] = [];
  const watcher = createAlarmWatcher({
    describe: () => alarms.describe(),
    anyAlarms: () => records.some((r) => (r.recoveryAlarms?.length ?? 0) > 0),
    launchName: (id) => records.find((r) => r.id === id)?.spec.name,
    notices,
    onUpdate: (update) => updates.push(update),
    onError: (error) => errors.push(error),
    intervalMs: 1_000,
    maxBackoffMs: 16_000,
    random: () => 1,
  });
  return {
    watcher,
    calls,
    updates,
    errors,
    notices,
    setState: (name: string, state: MetricAlarm['StateValue']) => states.set(name, state),
    fail: (error: Error | undefined, region?: string) => {
      failWith = error;
      failRegion = region;
    },
  };
}

function withAlarms(id: string, name: string, region: string): LaunchRecord {
  const base = launchRecord();
  return launchRecord({
    id,
    spec: { ...base.spec, name, region },
    recoveryAlarms: [`kiln-${id}-recover`, `kiln-${id}-reboot`],
  });
}

const codes = (notices: AppNotice[]) => notices.map((n) => n.code);

describe('alarm watcher', () => {
  it('reads all launches with one DescribeAlarms per region per tick and announces a new ALARM once', async () => {
    const records = [
      withAlarms('a', 'web-a', 'us-east-1'),
      withAlarms('b', 'web-b', 'us-east-1'),
      withAlarms('c', 'web-c', 'eu-west-1'),
      launchRecord({ id: 'd', spec: { ...launchRecord().spec, region: 'ap-south-1' } }),
    ];
    const { watcher, calls, updates, notices, setState } = setup(records);

    await watcher.tick();
    expect([...calls].sort()).toEqual(['eu-west-1', 'us-east-1']);
    expect(updates[0].launches.map((l) => l.launchId)).toEqual(['a', 'b', 'c']);
    expect(updates[0].fired).toEqual([]);
    expect(notices.list()).toEqual([]);

    setState('kiln-c-recover', 'ALARM');
    await watcher.tick();
    expect(calls).toHaveLength(4);
    expect(updates[1].fired).toEqual([
      { launchId: 'c', launchName: 'web-c', alarmName: 'kiln-c-recover', action: 'recover', reason: undefined },
    ]);
    const [notice] = notices.list();
    expect(notice.code).toBe(`${ALARM_NOTICE_PREFIX}kiln-c-recover`);
    expect(notice.message).toBe(
      'Recovery alarm kiln-c-recover of web-c is in ALARM: EC2 is recovering the instance onto healthy hardware (its system status check failed).',
    );
    expect(notice.remedy).toContain('stop and start the instance');

    // Still in ALARM: not announced again; back to OK: the banner goes.
    await watcher.tick();
    expect(updates[2].fired).toEqual([]);
    expect(codes(notices.list())).toEqual([`${ALARM_NOTICE_PREFIX}kiln-c-recover`]);
    setState('kiln-c-recover', 'OK');
    await watcher.tick();
    expect(notices.list()).toEqual([]);
    expect(calls).toHaveLength(8);
  });

  it('makes no call and announces nothing when no launch has alarms', async () => {
    const { watcher, calls, updates } = setup([launchRecord({ id: 'x' }), launchRecord({ id: 'y' })]);
    await watcher.tick();
    await watcher.tick();
    expect(calls).toEqual([]);
    expect(updates).toEqual([]);
  });

  it('backs off while AWS throttles, without reporting it, and returns to the slow tick after', async () => {
    vi.useFakeTimers();
    const { watcher, calls, errors, fail, updates } = setup([withAlarms('a', 'web-a', 'us-east-1')]);
    fail(Object.assign(new Error('Rate exceeded'), { name: 'Throttling' }));
    watcher.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toHaveLength(1);
    // After one failure the next read waits 2 s (not the 1 s tick), after two 4 s.
    await vi.advanceTimersByTimeAsync(1_999);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(3_999);
    expect(calls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toHaveLength(3);
    expect(errors).toEqual([]);
    // Each read says why the region was not read, so the launch page can say it too.
    expect(updates.map((u) => u.launches[0]?.readError?.code)).toEqual(['Throttling', 'Throttling', 'Throttling']);

    fail(undefined);
    await vi.advanceTimersByTimeAsync(8_000);
    expect(calls).toHaveLength(4);
    expect(updates).toHaveLength(4);
    expect(updates[3]?.launches[0]?.readError).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(calls).toHaveLength(5);
    watcher.stop();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(calls).toHaveLength(5);
  });

  it('reports a failure that is not throttling', async () => {
    const { watcher, errors, fail } = setup([withAlarms('a', 'web-a', 'us-east-1')]);
    fail(Object.assign(new Error('User is not authorized'), { name: 'AccessDenied' }));
    await watcher.tick();
    expect(errors).toHaveLength(1);
    expect(String(errors[0])).toContain('us-east-1');
  });

  it('reads the other regions when one fails, and keeps the ALARM of that region announced until it is read again', async () => {
    const records = [withAlarms('a', 'web-a', 'us-east-1'), withAlarms('c', 'web-c', 'eu-west-1')];
    const { watcher, updates, notices, setState, fail, errors } = setup(records);
    setState('kiln-a-reboot', 'ALARM');
    await watcher.tick();
    expect(codes(notices.list())).toEqual([`${ALARM_NOTICE_PREFIX}kiln-a-reboot`]);

    fail(Object.assign(new Error('User is not authorized'), { name: 'AccessDenied' }), 'us-east-1');
    setState('kiln-c-recover', 'ALARM');
    await watcher.tick();
    const read = updates[1];
    expect(read.launches.find((l) => l.launchId === 'a')).toMatchObject({
      alarms: [],
      readError: { code: 'AccessDenied' },
    });
    expect(read.launches.find((l) => l.launchId === 'c')?.alarms.map((a) => a.state)).toEqual(['ALARM', 'OK']);
    expect(read.fired.map((f) => f.alarmName)).toEqual(['kiln-c-recover']);
    expect(codes(notices.list()).sort()).toEqual([
      `${ALARM_NOTICE_PREFIX}kiln-a-reboot`,
      `${ALARM_NOTICE_PREFIX}kiln-c-recover`,
    ]);
    expect(errors).toHaveLength(1);

    fail(undefined);
    setState('kiln-a-reboot', 'OK');
    await watcher.tick();
    expect(codes(notices.list())).toEqual([`${ALARM_NOTICE_PREFIX}kiln-c-recover`]);
  });
});
