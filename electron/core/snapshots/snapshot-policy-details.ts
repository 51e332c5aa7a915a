/**
 * A launch's snapshot schedule as a Data Lifecycle Manager policy, and back: pure, so the mapping is tested without
 * AWS. One policy per launch targets the volumes tagged `kiln:launch-id=<launch>`; its snapshots carry the volume's
 * tags (CopyTags) and the launch id (TagsToAdd), so they are found by the same tag as everything else Kiln makes.
 */
import type { PolicyDetails, Schedule } from '@aws-sdk/client-dlm';
import type { SnapshotSchedule } from '../../common/models';
import { KILN_CREATED_BY_TAG, KILN_CREATED_BY_VALUE, KILN_LAUNCH_ID_TAG } from '../launch/tags';

/** DLM's pattern for descriptions and schedule names: letters, digits, spaces, `_` and `-`. */
const DLM_NAME_UNSAFE = /[^0-9A-Za-z _-]/g;

/** The schedule's name in DLM (also the `aws:dlm:lifecycle-schedule-name` tag of its snapshots). */
export function dlmScheduleName(schedule: SnapshotSchedule): string {
  const { rule, keep } = schedule;
  const when = rule.kind === 'hourly' ? 'hourly' : rule.kind === 'every' ? `every ${rule.hours}h` : 'daily';
  return `Kiln ${when} keep ${keep}`;
}

/** The policy's description: the launch's id (a UUID) and, where DLM allows its characters, its name. */
export function dlmPolicyDescription(launchId: string, launchName: string): string {
  const name = launchName.replace(DLM_NAME_UNSAFE, '-').slice(0, 200);
  return `Kiln snapshots of ${name} - launch ${launchId}`.replace(DLM_NAME_UNSAFE, '-');
}

/** The PolicyDetails of a valid schedule (check it with `snapshotScheduleProblem` first). */
export function snapshotPolicyDetails(launchId: string, schedule: SnapshotSchedule): PolicyDetails {
  const { rule, keep } = schedule;
  const createRule =
    rule.kind === 'hourly'
      ? { Interval: 1, IntervalUnit: 'HOURS' as const }
      : rule.kind === 'every'
        ? { Interval: rule.hours, IntervalUnit: 'HOURS' as const }
        : { Interval: 24, IntervalUnit: 'HOURS' as const, Times: [rule.time] };
  const dlmSchedule: Schedule = {
    Name: dlmScheduleName(schedule),
    CopyTags: true,
    TagsToAdd: [{ Key: KILN_LAUNCH_ID_TAG, Value: launchId }],
    CreateRule: createRule,
    RetainRule: { Count: keep },
  };
  return {
    PolicyType: 'EBS_SNAPSHOT_MANAGEMENT',
    ResourceTypes: ['VOLUME'],
    TargetTags: [{ Key: KILN_LAUNCH_ID_TAG, Value: launchId }],
    Schedules: [dlmSchedule],
  };
}

/** The tags of the policy itself: whose it is and that Kiln made it (the cleanup page checks both). */
export function snapshotPolicyTags(launchId: string, launchName: string): Record<string, string> {
  return { [KILN_LAUNCH_ID_TAG]: launchId, [KILN_CREATED_BY_TAG]: KILN_CREATED_BY_VALUE, Name: launchName };
}

/** The schedule a policy runs, when it is one Kiln writes (one hourly-interval schedule with count retention). */
export function scheduleOfPolicy(details: PolicyDetails | undefined): SnapshotSchedule | undefined {
  const [schedule, ...more] = details?.Schedules ?? [];
  const create = schedule?.CreateRule;
  const keep = schedule?.RetainRule?.Count;
  if (!schedule || more.length > 0 || !create || keep === undefined || create.IntervalUnit !== 'HOURS') return;
  const time = create.Times?.[0];
  if (create.Interval === 24 && time !== undefined) return { rule: { kind: 'daily', time }, keep };
  if (create.Interval === 1) return { rule: { kind: 'hourly' }, keep };
  if (create.Interval === undefined) return undefined;
  return { rule: { kind: 'every', hours: create.Interval }, keep };
}
