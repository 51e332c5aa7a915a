/**
 * The pure parts of the sandbox's Data Lifecycle Manager stand-in: checking a policy the way DLM does before it stores
 * it, how long a schedule's period is, and which snapshots count-based retention deletes.
 */

export interface DlmTag {
  Key: string;
  Value: string;
}

export interface DlmSchedule {
  Name?: string;
  CopyTags?: boolean;
  TagsToAdd?: DlmTag[];
  CreateRule?: { Interval?: number; IntervalUnit?: string; Times?: string[]; CronExpression?: string };
  RetainRule?: { Count?: number; Interval?: number; IntervalUnit?: string };
}

export interface DlmPolicyDetails {
  PolicyType?: string;
  ResourceTypes?: string[];
  TargetTags?: DlmTag[];
  Schedules?: DlmSchedule[];
}

/** The body of CreateLifecyclePolicy (and, all fields optional, UpdateLifecyclePolicy). */
export interface DlmPolicyInput {
  ExecutionRoleArn?: string;
  Description?: string;
  State?: string;
  PolicyDetails?: DlmPolicyDetails;
  Tags?: Record<string, string>;
}

/** A DLM error as the SDK parses it: the `x-amzn-ErrorType` header names it, the body carries the message. */
export class DlmError extends Error {
  constructor(
    readonly code: 'InvalidRequestException' | 'ResourceNotFoundException' | 'LimitExceededException',
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const invalid = (message: string) => new DlmError('InvalidRequestException', 400, message);

/** DLM's bounds: hourly schedules every 1, 2, 3, 4, 6, 8, 12 or 24 hours; count retention keeps 1 to 1000. */
export const DLM_INTERVAL_HOURS = [1, 2, 3, 4, 6, 8, 12, 24] as const;
export const DLM_MAX_RETAIN_COUNT = 1000;
const ROLE_ARN = /^arn:aws(-[a-z]+)*:iam::\d{12}:role\/[\w+=,.@/-]+$/;
const RESOURCE_TYPES = ['VOLUME', 'INSTANCE'];

/** Throws an `InvalidRequestException` naming the first problem, as DLM does; `partial` is for updates. */
export function validatePolicyInput(input: DlmPolicyInput, partial = false): void {
  if (!partial || input.ExecutionRoleArn !== undefined) {
    if (!input.ExecutionRoleArn) throw invalid('ExecutionRoleArn is required');
    if (!ROLE_ARN.test(input.ExecutionRoleArn)) throw invalid(`ExecutionRoleArn is not a role ARN`);
  }
  if (!partial || input.State !== undefined) {
    if (!['ENABLED', 'DISABLED'].includes(input.State ?? '')) throw invalid('State must be ENABLED or DISABLED');
  }
  if (!partial && !input.Description) throw invalid('Description is required');
  if (input.Description !== undefined && input.Description.length > 500) throw invalid('Description is too long');
  if (!partial || input.PolicyDetails !== undefined) validateDetails(input.PolicyDetails);
}

function validateDetails(details: DlmPolicyDetails | undefined): void {
  if (!details) throw invalid('PolicyDetails is required');
  if (details.PolicyType !== undefined && details.PolicyType !== 'EBS_SNAPSHOT_MANAGEMENT')
    throw invalid('the sandbox supports only PolicyType EBS_SNAPSHOT_MANAGEMENT');
  const types = details.ResourceTypes ?? [];
  if (types.length !== 1 || !RESOURCE_TYPES.includes(types[0]!))
    throw invalid('ResourceTypes must be ["VOLUME"] or ["INSTANCE"]');
  const tags = details.TargetTags ?? [];
  if (tags.length === 0) throw invalid('TargetTags must name at least one tag');
  if (tags.some((tag) => !tag?.Key || typeof tag.Value !== 'string'))
    throw invalid('every target tag needs a Key and a Value');
  const schedules = details.Schedules ?? [];
  if (schedules.length !== 1) throw invalid('the sandbox supports exactly one schedule per policy');
  const schedule = schedules[0]!;
  const create = schedule.CreateRule;
  if (!create) throw invalid('a schedule needs a CreateRule');
  if (create.CronExpression !== undefined) {
    if (create.Interval !== undefined) throw invalid('CreateRule takes either CronExpression or Interval, not both');
    if (!/^cron\(.+\)$/.test(create.CronExpression)) throw invalid('CronExpression must look like cron(...)');
  } else {
    if (create.IntervalUnit !== 'HOURS') throw invalid('IntervalUnit must be HOURS');
    if (!(DLM_INTERVAL_HOURS as readonly number[]).includes(create.Interval ?? NaN))
      throw invalid(`Interval must be one of ${DLM_INTERVAL_HOURS.join(', ')} hours`);
    // DLM takes one start time a day, hh:mm in UTC.
    const times = create.Times;
    if (times !== undefined && (times.length !== 1 || !/^([01]\d|2[0-3]):[0-5]\d$/.test(times[0] ?? '')))
      throw invalid('Times must be one time of day as hh:mm (UTC)');
  }
  const count = schedule.RetainRule?.Count;
  if (schedule.RetainRule?.Interval !== undefined) throw invalid('the sandbox supports only count-based retention');
  if (count === undefined || !Number.isInteger(count) || count < 1 || count > DLM_MAX_RETAIN_COUNT)
    throw invalid(`RetainRule.Count must be a whole number from 1 to ${DLM_MAX_RETAIN_COUNT}`);
}

/**
 * Hours between runs of a valid schedule. A cron expression counts as daily: the stand-in runs on a sped-up clock,
 * where only the spacing of runs matters, not the time of day.
 */
export function scheduleIntervalHours(schedule: DlmSchedule): number {
  return schedule.CreateRule?.CronExpression !== undefined ? 24 : (schedule.CreateRule?.Interval ?? 24);
}

/** The snapshots of one volume made by one policy that retention deletes: all but the newest `count`. */
export function snapshotsBeyondCount<T extends { SnapshotId?: string; StartTime?: Date }>(
  snapshots: readonly T[],
  count: number,
): T[] {
  const newestFirst = [...snapshots].sort(
    (a, b) =>
      (b.StartTime?.getTime() ?? 0) - (a.StartTime?.getTime() ?? 0) ||
      (b.SnapshotId ?? '').localeCompare(a.SnapshotId ?? ''),
  );
  return newestFirst.slice(count);
}
