/**
 * Watches the recovery alarms of every launch that has them on a slow tick (default 5 minutes), reading their states
 * through the recovery alarms' own `describe` (one DescribeAlarms per region for all launches together), and backing
 * off (with jitter) when AWS throttles or a read fails, wholly or in one region. Each read is pushed to listeners; an alarm that goes into
 * ALARM is announced once as an app notice, withdrawn when the alarm leaves ALARM or the launch loses its alarms.
 */
import type { LaunchAlarms, RecoveryAlarmAction, RecoveryAlarmFired, RecoveryAlarmsUpdate } from '../../common/models';
import { KilnFailure } from '../../common/result';
import type { AppNotices } from '../app-notices';
import { isThrottling } from '../monitor/instance-status';
import { parseRecoveryAlarmName } from './recovery-alarm-definitions';

/** Every alarm notice's code starts with this; the alarm's name follows. */
export const ALARM_NOTICE_PREFIX = 'RecoveryAlarm:';

export interface AlarmWatcherOptions {
  /** The states of every launch with alarms (the recovery alarms' `describe` without ids). */
  describe: () => Promise<LaunchAlarms[]>;
  /** Runs first on every tick: Kiln's default alarms for long-kept launches are created here. */
  beforeRead?: () => Promise<unknown>;
  /** True when at least one launch has recovery alarms: with none, a tick reads nothing at all. */
  anyAlarms: () => boolean;
  /** The launch's name for the notice, when the launch is still known. */
  launchName: (launchId: string) => string | undefined;
  notices: Pick<AppNotices, 'publish' | 'withdraw'>;
  onUpdate: (update: RecoveryAlarmsUpdate) => void;
  onError?: (error: unknown) => void;
  /** Between reads; default 5 minutes. */
  intervalMs?: number;
  /** Longest backoff; default 30 minutes. */
  maxBackoffMs?: number;
  random?: () => number;
}

export interface AlarmWatcher {
  /** Starts ticking (the first read at once). */
  start(): void;
  /** Reads now (tests, or after alarms were enabled); a read already under way is not repeated. */
  tick(): Promise<void>;
  stop(): void;
}

const WHAT_EC2_DOES: Record<RecoveryAlarmAction, string> = {
  recover: 'EC2 is recovering the instance onto healthy hardware (its system status check failed)',
  reboot: 'EC2 is rebooting the instance (its instance status check failed)',
};

const REMEDY: Record<RecoveryAlarmAction, string> = {
  recover:
    'Wait a few minutes: the instance keeps its id, private IP and EBS data but loses what was in memory. Open the launch and check the installed service once the alarm is OK again; if it stays in ALARM, stop and start the instance.',
  reboot:
    'Wait a few minutes for the reboot. If the alarm stays in ALARM, open the launch and connect to look at the instance (its operating system does not answer its status check).',
};

export function createAlarmWatcher(options: AlarmWatcherOptions): AlarmWatcher {
  const intervalMs = options.intervalMs ?? 300_000;
  const maxBackoffMs = options.maxBackoffMs ?? 1_800_000;
  const random = options.random ?? Math.random;
  /** The names of the alarms last seen in ALARM, with the launch each belongs to. */
  let inAlarm = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let failures = 0;
  let stopped = false;

  function schedule(delay: number): void {
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      void tick().finally(() => schedule(nextDelay()));
    }, delay);
  }

  function nextDelay(): number {
    return failures === 0 ? intervalMs : Math.min(maxBackoffMs, intervalMs * 2 ** failures) * (0.5 + random() / 2);
  }

  function tick(): Promise<void> {
    running ??= read().finally(() => (running = undefined));
    return running;
  }

  async function read(): Promise<void> {
    if (stopped) return;
    let launches: LaunchAlarms[] = [];
    await options.beforeRead?.().catch((error: unknown) => options.onError?.(error));
    if (stopped) return;
    if (options.anyAlarms()) {
      try {
        launches = await options.describe();
      } catch (error) {
        failures += 1;
        if (!throttled(error)) options.onError?.(error);
        return;
      }
      failures = regionFailures(launches) ? failures + 1 : 0;
    }
    // Nothing to watch and nothing in ALARM before: no update to announce (an empty one every tick would be noise).
    if (stopped || (launches.length === 0 && inAlarm.size === 0)) return;
    const fired: RecoveryAlarmFired[] = [];
    const nowInAlarm = new Set<string>();
    for (const launch of launches) {
      if (launch.readError) {
        // Not read this time: what was in ALARM stays announced until a read says otherwise.
        for (const name of inAlarm)
          if (parseRecoveryAlarmName(name)?.launchId === launch.launchId) nowInAlarm.add(name);
        continue;
      }
      const launchName = options.launchName(launch.launchId) ?? launch.launchId;
      for (const alarm of launch.alarms) {
        if (alarm.state !== 'ALARM') continue;
        nowInAlarm.add(alarm.name);
        if (inAlarm.has(alarm.name)) continue;
        fired.push({
          launchId: launch.launchId,
          launchName,
          alarmName: alarm.name,
          action: alarm.action,
          reason: alarm.reason,
        });
      }
    }
    for (const name of inAlarm) if (!nowInAlarm.has(name)) options.notices.withdraw(ALARM_NOTICE_PREFIX + name);
    inAlarm = nowInAlarm;
    for (const alarm of fired) {
      options.notices.publish({
        code: ALARM_NOTICE_PREFIX + alarm.alarmName,
        message: `Recovery alarm ${alarm.alarmName} of ${alarm.launchName} is in ALARM: ${WHAT_EC2_DOES[alarm.action]}.`,
        remedy: REMEDY[alarm.action],
        severity: 'warning',
      });
    }
    options.onUpdate({ launches, fired });
  }

  /** True when a region could not be read: its errors are reported (throttling only slows the watcher down). */
  function regionFailures(launches: readonly LaunchAlarms[]): boolean {
    const errors = new Map<string, NonNullable<LaunchAlarms['readError']>>();
    for (const launch of launches) if (launch.readError) errors.set(launch.region, launch.readError);
    for (const [region, error] of errors) {
      if (!isThrottling({ name: error.code })) {
        options.onError?.(new KilnFailure({ ...error, message: `${region}: ${error.message}` }));
      }
    }
    return errors.size > 0;
  }

  return {
    start: () => schedule(0),
    tick,
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}

/** Throttling, whether raw from the SDK or already turned into a KilnFailure by `awsCall`. */
function throttled(error: unknown): boolean {
  return isThrottling(error) || (error instanceof KilnFailure && isThrottling({ name: error.error.code }));
}
