/**
 * `kiln snapshots schedule ID`: a launch's snapshot schedule (a Data Lifecycle Manager policy), as the launch page's
 * panel shows and sets it. Without schedule options it shows the schedule; with them it sets it (or, with --dry-run,
 * says what Set would create); --remove deletes it. DLM's default role is created only with --create-role.
 */
import type { SnapshotSchedule, SnapshotSchedulePreview } from '../../common/models';
import { DEFAULT_SNAPSHOT_SCHEDULE, describeSnapshotSchedule, snapshotScheduleProblem } from '../../common/models';
import { CliExit, EXIT, type CliContext } from '../cli-context';
import { cliOutputs } from '../output-schemas';
import { renderFields } from '../table';

export interface ScheduleOptions {
  hourly?: boolean;
  every?: string;
  daily?: string;
  keep?: string;
  createRole?: boolean;
  dryRun?: boolean;
  remove?: boolean;
}

const refused = (message: string, remedy: string) =>
  new CliExit(EXIT.refused, { code: 'InvalidOptions', message, remedy });

/**
 * The schedule the options ask for, or undefined when they ask for none (show). The values are passed on as typed:
 * whether DLM allows them is the backend's refusal, the same as the app's.
 */
export function scheduleFromOptions(options: ScheduleOptions): SnapshotSchedule | undefined {
  const when = [options.hourly && 'hourly', options.every && 'every', options.daily && 'daily'].filter(Boolean);
  if (when.length > 1) throw refused('Choose one of --hourly, --every and --daily.', 'Give only one of them.');
  if (options.remove && (when.length > 0 || options.keep !== undefined || options.dryRun))
    throw refused('--remove takes no schedule options.', 'Remove the schedule alone, or set a new one.');
  if (when.length === 0 && options.keep === undefined) return undefined;
  const keep = options.keep === undefined ? DEFAULT_SNAPSHOT_SCHEDULE.keep : Number(options.keep);
  if (options.every !== undefined) return { rule: { kind: 'every', hours: Number(options.every) }, keep };
  if (options.daily !== undefined) return { rule: { kind: 'daily', time: options.daily }, keep };
  return { rule: { kind: 'hourly' }, keep };
}

export async function snapshotScheduleCommand(
  context: CliContext,
  ref: string,
  options: ScheduleOptions,
): Promise<number> {
  const schedule = scheduleFromOptions(options);
  // Checked here too, before --create-role: a refused schedule creates nothing, not even the role.
  const problem = schedule && snapshotScheduleProblem(schedule);
  if (problem) throw new CliExit(EXIT.refused, problem);
  const record = await context.findLaunch(ref);
  const launchId = record.id;
  if (options.remove) {
    const removed = await context.must('snapshots.schedule.remove', { launchId });
    if (context.json)
      context.printJson(cliOutputs.snapshotScheduleRemove, {
        launchId,
        removedPolicyId: record.snapshotPolicyId ?? null,
      });
    else
      context.out(
        record.snapshotPolicyId
          ? `Deleted the snapshot policy ${record.snapshotPolicyId} of ${removed.spec.name}; its snapshots stay.\n`
          : `${removed.spec.name} had no snapshot schedule.\n`,
      );
    return EXIT.ok;
  }
  if (options.createRole) {
    const role = await context.must('snapshots.dlmRole.create', {
      profileId: record.spec.profileId,
      region: record.spec.region,
    });
    context.note(`The IAM role ${role.name} exists (${role.arn ?? 'no ARN reported'}).`);
  }
  const answer =
    schedule && !options.dryRun
      ? await context.must('snapshots.schedule.set', { launchId, schedule }, EXIT.refused)
      : await context.must('snapshots.schedule.preview', { launchId, schedule }, EXIT.refused);
  if (context.json) context.printJson(cliOutputs.snapshotSchedule, answer);
  else context.out(describe(answer, schedule !== undefined && options.dryRun === true));
  return EXIT.ok;
}

function roleField(role: SnapshotSchedulePreview['role']): string {
  if (!role.exists) return `${role.name} is missing (--create-role)`;
  return `${role.name} (${role.arn ?? '?'})${role.unverified ? ', not checked: iam:GetRole is denied' : ''}`;
}

function describe(answer: SnapshotSchedulePreview, dryRun: boolean): string {
  const { policy, role } = answer;
  const fields = renderFields([
    ['Launch', answer.launchId],
    ['Policy', policy ? `${policy.policyId} (${policy.state})` : 'none'],
    ['Schedule', policy?.schedule ? describeSnapshotSchedule(policy.schedule) : undefined],
    ['Volumes', answer.volumeIds.join(', ') || 'none tagged with the launch id'],
    ['DLM role', roleField(role)],
  ]);
  if (policy && !dryRun) return fields;
  return `${fields}\n${dryRun ? 'Set would do this' : 'To set one, give --hourly, --every N or --daily HH:MM with --keep K'}:\n${answer.creates.map((line) => `  - ${line}`).join('\n')}\n`;
}
