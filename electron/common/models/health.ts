/** Keeping launches alive: the CloudWatch recovery alarms AWS runs on their instances. */
import { z } from 'zod';

/** `recover` moves the instance to healthy hardware on a failed system check; `reboot` restarts it on a failed instance check. */
export const RecoveryAlarmAction = z.enum(['recover', 'reboot']);
export type RecoveryAlarmAction = z.infer<typeof RecoveryAlarmAction>;

/** CloudWatch's alarm states, plus `missing` when the alarm the launch names no longer exists. */
export const RecoveryAlarmStateValue = z.enum(['OK', 'ALARM', 'INSUFFICIENT_DATA', 'missing']);
export type RecoveryAlarmStateValue = z.infer<typeof RecoveryAlarmStateValue>;

export const RecoveryAlarmState = z.object({
  name: z.string(),
  action: RecoveryAlarmAction,
  state: RecoveryAlarmStateValue,
  reason: z.string().optional(),
  /** When the state last changed (ISO 8601). */
  since: z.string().optional(),
});
export type RecoveryAlarmState = z.infer<typeof RecoveryAlarmState>;

/** The recovery alarms of one launch as CloudWatch reports them now. */
export const LaunchAlarms = z.object({
  launchId: z.string(),
  region: z.string(),
  alarms: z.array(RecoveryAlarmState),
  /** Why the launch's region could not be read this time (its alarms are then empty); other regions still were. */
  readError: z.object({ code: z.string(), message: z.string(), remedy: z.string().optional() }).optional(),
});
export type LaunchAlarms = z.infer<typeof LaunchAlarms>;

/**
 * Kiln's own default for a launch kept running longer than the salvage window: `created` when Kiln gave it recovery
 * alarms by itself, `declined` when the operator removed them (never created again), `failed` when creating them
 * failed (the launch's warnings say why; not tried again).
 */
export const DefaultRecoveryAlarms = z.enum(['created', 'declined', 'failed']);
export type DefaultRecoveryAlarms = z.infer<typeof DefaultRecoveryAlarms>;

/** How long a finished launch runs before Kiln gives it recovery alarms by itself: the default salvage window, 1 day. */
export const DEFAULT_ALARMS_AFTER_HOURS = 24;

/** An alarm that went into ALARM since the last read: EC2 is acting on the instance (recovering or rebooting it). */
export const RecoveryAlarmFired = z.object({
  launchId: z.string(),
  launchName: z.string(),
  alarmName: z.string(),
  action: RecoveryAlarmAction,
  reason: z.string().optional(),
});
export type RecoveryAlarmFired = z.infer<typeof RecoveryAlarmFired>;

/** One slow-tick read of every launch's recovery alarms, and those that went into ALARM since the previous read. */
export const RecoveryAlarmsUpdate = z.object({
  launches: z.array(LaunchAlarms),
  fired: z.array(RecoveryAlarmFired),
});
export type RecoveryAlarmsUpdate = z.infer<typeof RecoveryAlarmsUpdate>;
