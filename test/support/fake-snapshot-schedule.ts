/**
 * The fake backend's snapshots.schedule.* and snapshots.dlmRole.create: one policy per launch held in the fake data,
 * the role a flag. Schedules are checked with the same rules as the backend (`snapshotScheduleProblem`), so the panel
 * sees the refusals it would get from the app.
 */
import { type CommandHandlers } from '../../electron/common/contract';
import {
  DEFAULT_SNAPSHOT_SCHEDULE,
  DLM_DEFAULT_ROLE_NAME,
  DLM_MANAGED_POLICY_ARN,
  describeSnapshotSchedule,
  snapshotScheduleProblem,
  type DlmRoleStatus,
  type LaunchRecord,
  type SnapshotSchedule,
  type SnapshotSchedulePreview,
} from '../../electron/common/models';
import { fail, ok, type Result } from '../../electron/common/result';
import type { FakeData } from './fake-data';
import { changeLaunch, notFound, type Emit } from './fake-shared';

type ScheduleCommand =
  'snapshots.schedule.preview' | 'snapshots.schedule.set' | 'snapshots.schedule.remove' | 'snapshots.dlmRole.create';

export function snapshotScheduleHandlers(data: FakeData, emit: Emit): Pick<CommandHandlers, ScheduleCommand> {
  let nextPolicy = 1;
  const role = (): DlmRoleStatus => ({
    name: DLM_DEFAULT_ROLE_NAME,
    managedPolicyArn: DLM_MANAGED_POLICY_ARN,
    exists: data.dlmRoleExists === true,
    arn: data.dlmRoleExists ? `arn:aws:iam::123456789012:role/${DLM_DEFAULT_ROLE_NAME}` : undefined,
  });
  const launchOf = (launchId: string): Result<LaunchRecord> => {
    const record = data.launches.find((r) => r.id === launchId);
    if (!record) return notFound('LaunchNotFound', `There is no launch ${launchId}.`, 'Refresh the launches.');
    if (record.phase === 'terminated' || !record.instanceId)
      return fail({ code: 'NoInstance', message: `${record.spec.name} has no instance.`, remedy: 'Launch again.' });
    return ok(record);
  };
  const preview = (record: LaunchRecord, schedule?: SnapshotSchedule): SnapshotSchedulePreview => {
    const policy = record.snapshotPolicyId ? data.snapshotPolicies?.[record.snapshotPolicyId] : undefined;
    const chosen = schedule ?? policy?.schedule ?? DEFAULT_SNAPSHOT_SCHEDULE;
    const summary = describeSnapshotSchedule(chosen);
    return {
      launchId: record.id,
      region: record.spec.region,
      schedule: chosen,
      summary,
      volumeIds: ['vol-0b4e00000000000a1'],
      creates: [
        policy
          ? `Changes the DLM lifecycle policy ${policy.policyId} to snapshot ${summary}.`
          : `Creates one DLM lifecycle policy that snapshots ${summary}.`,
      ],
      role: role(),
      policy,
    };
  };
  return {
    'snapshots.schedule.preview': async ({ launchId, schedule }) => {
      const problem = schedule && snapshotScheduleProblem(schedule);
      if (problem) return fail(problem);
      const record = launchOf(launchId);
      return record.ok ? ok(preview(record.value, schedule)) : record;
    },
    'snapshots.schedule.set': async ({ launchId, schedule }) => {
      const problem = snapshotScheduleProblem(schedule);
      if (problem) return fail(problem);
      const record = launchOf(launchId);
      if (!record.ok) return record;
      if (!data.dlmRoleExists)
        return fail({ code: 'DlmRoleMissing', message: 'The DLM role is missing.', remedy: 'Create it first.' });
      const policyId = record.value.snapshotPolicyId ?? `policy-0b4e${String(nextPolicy++).padStart(13, '0')}`;
      data.snapshotPolicies = { ...data.snapshotPolicies, [policyId]: { policyId, state: 'ENABLED', schedule } };
      const changed = changeLaunch(data, launchId, (r) => ({ ...r, snapshotPolicyId: policyId }));
      if (!changed.ok) return changed;
      emit('launch.updated', changed.value);
      return ok(preview(changed.value, schedule));
    },
    'snapshots.schedule.remove': async ({ launchId }) => {
      const changed = changeLaunch(data, launchId, (r) => ({ ...r, snapshotPolicyId: undefined }));
      if (changed.ok) emit('launch.updated', changed.value);
      return changed;
    },
    'snapshots.dlmRole.create': async () => {
      data.dlmRoleExists = true;
      return ok(role());
    },
  };
}
