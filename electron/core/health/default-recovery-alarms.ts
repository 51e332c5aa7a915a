/**
 * Kiln's default protection for launches the operator keeps: a launch whose install finished more than the salvage
 * window ago (1 day), still running and not set to be terminated, gets its recovery alarms without being asked. An
 * instance EC2 cannot recover gets the reboot alarm alone, and the launch says so; a launch whose alarms the operator
 * removed, or whose creation failed once, is left alone (the failure is a warning on the launch).
 */
import { DEFAULT_ALARMS_AFTER_HOURS, type LaunchRecord } from '../../common/models';
import { KilnFailure, type KilnError } from '../../common/result';
import type { LaunchService } from '../launch/launch-service';
import type { RecoveryAlarms } from './recovery-alarms';

export interface DefaultRecoveryAlarmsDeps {
  launches: Pick<LaunchService, 'list' | 'update'>;
  alarms: Pick<RecoveryAlarms, 'enable'>;
  now?: () => Date;
  log: (message: string, error?: unknown) => void;
  /** How long after its install ends a kept launch gets alarms; default the salvage window. */
  afterHours?: number;
}

/** Pure: whether the default applies to this launch now. */
export function dueForDefaultAlarms(record: LaunchRecord, now: Date, afterHours = DEFAULT_ALARMS_AFTER_HOURS): boolean {
  if (record.defaultRecoveryAlarms || (record.recoveryAlarms?.length ?? 0) > 0) return false;
  if (record.terminateAt || !record.instanceId || record.instanceState !== 'running') return false;
  if (record.phase !== 'succeeded' && record.phase !== 'failed') return false;
  const finished = [...record.timeline].reverse().find((step) => step.phase === record.phase)?.at;
  if (!finished) return false;
  return now.getTime() - Date.parse(finished) >= afterHours * 3_600_000;
}

export interface DefaultRecoveryAlarms {
  /** Gives every launch that is due its alarms, one after another; returns the launches it changed. */
  apply(): Promise<string[]>;
}

export function createDefaultRecoveryAlarms(deps: DefaultRecoveryAlarmsDeps): DefaultRecoveryAlarms {
  const now = deps.now ?? (() => new Date());

  async function protect(record: LaunchRecord): Promise<void> {
    try {
      await deps.alarms.enable(record.id);
      await deps.launches.update(record.id, (r) => ({ ...r, defaultRecoveryAlarms: 'created' }));
    } catch (error) {
      if (error instanceof KilnFailure && error.error.code === 'RecoverUnsupported') {
        await rebootOnly(record, error.error);
        return;
      }
      await failed(record, error);
    }
  }

  async function rebootOnly(record: LaunchRecord, refusal: KilnError): Promise<void> {
    try {
      await deps.alarms.enable(record.id, { rebootOnly: true });
    } catch (error) {
      await failed(record, error);
      return;
    }
    await deps.launches.update(record.id, (r) => ({
      ...r,
      defaultRecoveryAlarms: 'created',
      warnings: [
        ...(r.warnings ?? []),
        {
          code: 'RebootOnlyAlarms',
          message: `Kept past the salvage window, ${r.spec.name} got the reboot alarm only: ${refusal.message.replace(' No alarm was created.', '')}`,
          remedy: refusal.remedy,
        },
      ],
    }));
  }

  async function failed(record: LaunchRecord, error: unknown): Promise<void> {
    deps.log(`could not give ${record.id} its default recovery alarms`, error);
    const reason = error instanceof KilnFailure ? error.error : { message: String(error), remedy: undefined };
    await deps.launches.update(record.id, (r) => ({
      ...r,
      defaultRecoveryAlarms: 'failed',
      warnings: [
        ...(r.warnings ?? []),
        {
          code: 'DefaultAlarmsFailed',
          message: `Kiln could not create the recovery alarms of ${r.spec.name}, kept past the salvage window: ${reason.message}`,
          remedy: reason.remedy ?? 'Enable them from the Recovery alarms panel of the launch page.',
        },
      ],
    }));
  }

  return {
    async apply() {
      const due = deps.launches.list().filter((r) => dueForDefaultAlarms(r, now(), deps.afterHours));
      for (const record of due) await protect(record);
      return due.map((r) => r.id);
    },
  };
}
