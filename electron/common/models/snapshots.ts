/**
 * Scheduled snapshots of a launch's volumes, run by Amazon Data Lifecycle Manager (DLM) so they keep happening while
 * Kiln is closed: the schedule the operator chooses, what DLM allows of it, and the policy as DLM reports it.
 */
import { z } from 'zod';
import type { KilnError } from '../result';

/** DLM's hourly intervals: a schedule runs every 1, 2, 3, 4, 6, 8, 12 or 24 hours. */
export const DLM_INTERVAL_HOURS = [1, 2, 3, 4, 6, 8, 12, 24] as const;
/** DLM's count-based retention keeps 1 to 1000 snapshots per volume. */
export const DLM_MAX_KEEP = 1000;
/** The role DLM policies run as unless told otherwise, and the AWS managed policy it carries. */
export const DLM_DEFAULT_ROLE_NAME = 'AWSDataLifecycleManagerDefaultRole';
export const DLM_MANAGED_POLICY_ARN = 'arn:aws:iam::aws:policy/service-role/AWSDataLifecycleManagerServiceRole';

/**
 * When snapshots are taken. Loose on purpose (any number, any text): a value DLM does not allow is refused by
 * `snapshotScheduleProblem` with a remedy, not by a schema error.
 */
export const SnapshotRule = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('hourly') }),
  z.object({ kind: z.literal('every'), hours: z.number() }),
  /** Once a day at `time` (HH:MM, UTC). */
  z.object({ kind: z.literal('daily'), time: z.string().max(20) }),
]);
export type SnapshotRule = z.infer<typeof SnapshotRule>;

export const SnapshotSchedule = z.object({
  rule: SnapshotRule,
  /** How many snapshots of each volume DLM keeps; older ones are deleted. */
  keep: z.number(),
});
export type SnapshotSchedule = z.infer<typeof SnapshotSchedule>;

/** Kiln's default schedule: hourly, keeping the last 2. */
export const DEFAULT_SNAPSHOT_SCHEDULE: SnapshotSchedule = { rule: { kind: 'hourly' }, keep: 2 };

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Why DLM would refuse this schedule (as a failure with a remedy and the field), or undefined when it is fine. */
export function snapshotScheduleProblem(schedule: SnapshotSchedule): KilnError | undefined {
  const { rule, keep } = schedule;
  if (!Number.isInteger(keep) || keep < 1 || keep > DLM_MAX_KEEP) {
    return {
      code: 'InvalidSnapshotCount',
      message: `Keeping ${keep} snapshots is not possible: DLM keeps from 1 to ${DLM_MAX_KEEP} per volume.`,
      remedy: `Choose a whole number from 1 to ${DLM_MAX_KEEP}.`,
      field: 'keep',
    };
  }
  if (rule.kind === 'every' && !(DLM_INTERVAL_HOURS as readonly number[]).includes(rule.hours)) {
    const finer = rule.hours < 1 ? ' DLM snapshots at most once an hour.' : '';
    return {
      code: 'InvalidSnapshotInterval',
      message: `DLM cannot snapshot every ${rule.hours} hours.${finer}`,
      remedy: `Choose every ${DLM_INTERVAL_HOURS.join(', ')} hours, or daily at a time.`,
      field: 'hours',
    };
  }
  if (rule.kind === 'daily' && !TIME.test(rule.time)) {
    return {
      code: 'InvalidSnapshotTime',
      message: `"${rule.time}" is not a time of day.`,
      remedy: 'Give the time as HH:MM in UTC, from 00:00 to 23:59 (e.g. 03:30).',
      field: 'time',
    };
  }
  return undefined;
}

/** The schedule in words, e.g. "every 6 hours, keeping the last 2 snapshots". */
export function describeSnapshotSchedule(schedule: SnapshotSchedule): string {
  const { rule, keep } = schedule;
  const when =
    rule.kind === 'hourly'
      ? 'every hour'
      : rule.kind === 'every'
        ? rule.hours === 1
          ? 'every hour'
          : `every ${rule.hours} hours`
        : `daily at ${rule.time} UTC`;
  return `${when}, keeping the last ${keep === 1 ? 'snapshot' : `${keep} snapshots`}`;
}

/** The DLM default role: whether it exists in the profile's account. */
export const DlmRoleStatus = z.object({
  name: z.string(),
  exists: z.boolean(),
  /** Taken to exist by its well-known ARN because the profile may not read IAM roles (iam:GetRole denied). */
  unverified: z.boolean().optional(),
  arn: z.string().optional(),
  /** The managed policy the role must carry, attached when Kiln creates it. */
  managedPolicyArn: z.string(),
});
export type DlmRoleStatus = z.infer<typeof DlmRoleStatus>;

/** The launch's DLM policy as DLM reports it now. */
export const SnapshotPolicy = z.object({
  policyId: z.string(),
  /** ENABLED, DISABLED or ERROR; `missing` when the policy the launch names no longer exists. */
  state: z.string(),
  statusMessage: z.string().optional(),
  /** The schedule read back from the policy; absent when it is not one Kiln writes. */
  schedule: SnapshotSchedule.optional(),
  modifiedAt: z.string().optional(),
});
export type SnapshotPolicy = z.infer<typeof SnapshotPolicy>;

/** What `snapshots.schedule.preview` answers: what Set would create, what exists already, and the role. */
export const SnapshotSchedulePreview = z.object({
  launchId: z.string(),
  region: z.string(),
  schedule: SnapshotSchedule,
  summary: z.string(),
  /** The volumes the policy targets (tagged `kiln:launch-id` with the launch's id). */
  volumeIds: z.array(z.string()),
  /** What Set creates or changes, in words, before anything is created. */
  creates: z.array(z.string()),
  role: DlmRoleStatus,
  /** The launch's current policy, if it has one. */
  policy: SnapshotPolicy.optional(),
});
export type SnapshotSchedulePreview = z.infer<typeof SnapshotSchedulePreview>;
