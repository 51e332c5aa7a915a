/**
 * Snapshot schedules: one Amazon Data Lifecycle Manager policy per launch that snapshots the launch's volumes (found
 * by their `kiln:launch-id` tag) and keeps the last K, so the schedule keeps running while Kiln is closed. Set refuses,
 * before creating anything, a schedule DLM does not allow, a launch without a live instance or tagged volumes, and a
 * missing DLM role; the role is created only by its own command, when the operator asks. The policy id is kept on the
 * launch record; launch cleanup deletes the policy on terminate.
 */
import { CreateLifecyclePolicyCommand, UpdateLifecyclePolicyCommand } from '@aws-sdk/client-dlm';
import { DescribeInstancesCommand, DescribeVolumesCommand } from '@aws-sdk/client-ec2';
import type {
  DlmRoleStatus,
  LaunchRecord,
  SnapshotPolicy,
  SnapshotSchedule,
  SnapshotSchedulePreview,
} from '../../common/models';
import { DEFAULT_SNAPSHOT_SCHEDULE, describeSnapshotSchedule, snapshotScheduleProblem } from '../../common/models';
import { KilnFailure } from '../../common/result';
import { awsCall, type AwsClientPool } from '../aws/clients';
import type { LaunchService } from '../launch/launch-service';
import { KILN_LAUNCH_ID_TAG } from '../launch/tags';
import type { ProfileContext } from '../profiles/profile-context';
import type { ProfileRegistry } from '../profiles/profile-registry';
import { createDlmDefaultRole, deleteSnapshotPolicy, dlmRoleStatus, readSnapshotPolicy } from './dlm-calls';
import { dlmPolicyDescription, snapshotPolicyDetails, snapshotPolicyTags } from './snapshot-policy-details';

export interface SnapshotSchedulesDeps {
  profiles: ProfileRegistry;
  clients: AwsClientPool;
  launches: Pick<LaunchService, 'get' | 'update'>;
}

export interface SnapshotSchedules {
  /**
   * What Set would create for `schedule` (default: the launch's current schedule, else hourly keeping 2), the
   * launch's policy and the role's status. Creates nothing.
   */
  preview(launchId: string, schedule?: SnapshotSchedule): Promise<SnapshotSchedulePreview>;
  /** Creates the launch's policy, or changes the one it has, and names it on the record. */
  set(launchId: string, schedule: SnapshotSchedule): Promise<SnapshotSchedulePreview>;
  /** Deletes the launch's policy (already gone is fine) and clears it from the record; its snapshots stay. */
  remove(launchId: string): Promise<LaunchRecord>;
  /** Creates DLM's default role in the profile's account, unless it exists. */
  createRole(profileId: string, region: string): Promise<DlmRoleStatus>;
}

interface Situation {
  record: LaunchRecord;
  context: ProfileContext;
  volumeIds: string[];
  role: DlmRoleStatus;
  policy?: SnapshotPolicy;
}

export function createSnapshotSchedules(deps: SnapshotSchedulesDeps): SnapshotSchedules {
  function assertAllowed(schedule: SnapshotSchedule): void {
    const problem = snapshotScheduleProblem(schedule);
    if (problem) throw new KilnFailure({ ...problem, message: `${problem.message} Nothing was created.` });
  }

  function liveInstance(record: LaunchRecord): string {
    if (record.phase === 'terminated' || record.phase === 'terminating') {
      throw new KilnFailure({
        code: 'LaunchTerminated',
        message: `${record.spec.name} is terminated: there is nothing left to snapshot.`,
        remedy: 'Snapshot schedules can be set on a launch whose instance exists.',
      });
    }
    if (!record.instanceId) {
      throw new KilnFailure({
        code: 'NoInstance',
        message: `${record.spec.name} has no instance yet, so it has no volumes to snapshot.`,
        remedy: 'Set the schedule once the launch has an instance.',
      });
    }
    return record.instanceId;
  }

  /** The instance's volumes that carry the launch's tag: the ones the policy will target. */
  async function taggedVolumes(context: ProfileContext, record: LaunchRecord, instanceId: string) {
    const { ec2 } = deps.clients.get(context, record.spec.region);
    const described = await awsCall(context, `describe ${instanceId}`, () =>
      ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] })),
    );
    const instance = described.Reservations?.flatMap((r) => r.Instances ?? [])[0];
    if (!instance || instance.State?.Name === 'terminated') {
      throw new KilnFailure({
        code: 'NoInstance',
        message: `The instance ${instanceId} of ${record.spec.name} no longer exists.`,
        remedy: 'Snapshot schedules can be set on a launch whose instance exists.',
      });
    }
    const attached = (instance.BlockDeviceMappings ?? []).flatMap((m) => (m.Ebs?.VolumeId ? [m.Ebs.VolumeId] : []));
    if (attached.length === 0) return [];
    const volumes = await awsCall(context, `describe the volumes of ${instanceId}`, () =>
      ec2.send(new DescribeVolumesCommand({ VolumeIds: attached })),
    );
    return (volumes.Volumes ?? [])
      .filter((v) => v.Tags?.some((t) => t.Key === KILN_LAUNCH_ID_TAG && t.Value === record.id))
      .map((v) => v.VolumeId!);
  }

  async function situation(launchId: string): Promise<Situation> {
    const record = deps.launches.get(launchId);
    const instanceId = liveInstance(record);
    const context = await deps.profiles.get(record.spec.profileId);
    const { dlm, iam, sts } = deps.clients.get(context, record.spec.region);
    const [volumeIds, role, policy] = await Promise.all([
      taggedVolumes(context, record, instanceId),
      dlmRoleStatus(context, { iam, sts }),
      record.snapshotPolicyId ? readSnapshotPolicy(context, dlm, record.snapshotPolicyId) : undefined,
    ]);
    return { record, context, volumeIds, role, policy };
  }

  function toPreview(s: Situation, schedule: SnapshotSchedule): SnapshotSchedulePreview {
    const summary = describeSnapshotSchedule(schedule);
    const tag = `${KILN_LAUNCH_ID_TAG}=${s.record.id}`;
    const existing = s.policy && s.policy.state !== 'missing' ? s.policy : undefined;
    const volumes = s.volumeIds.length > 0 ? s.volumeIds.join(', ') : 'none found: nothing would be snapshotted';
    return {
      launchId: s.record.id,
      region: s.record.spec.region,
      schedule,
      summary,
      volumeIds: s.volumeIds,
      creates: [
        existing
          ? `Changes the DLM lifecycle policy ${existing.policyId} to snapshot ${summary}.`
          : `Creates one DLM lifecycle policy in ${s.record.spec.region} that snapshots ${summary}.`,
        `It targets the volumes tagged ${tag} (${volumes}).`,
        `Its snapshots are tagged ${tag} and copy the volume's tags; DLM deletes a volume's older snapshots beyond the last ${schedule.keep}. Snapshots are billed by the GB-month while they exist.`,
        roleLine(s.role),
      ],
      role: s.role,
      policy: s.policy,
    };
  }

  async function preview(launchId: string, schedule?: SnapshotSchedule): Promise<SnapshotSchedulePreview> {
    if (schedule) assertAllowed(schedule);
    const s = await situation(launchId);
    return toPreview(s, schedule ?? s.policy?.schedule ?? DEFAULT_SNAPSHOT_SCHEDULE);
  }

  return {
    preview,

    async set(launchId, schedule) {
      assertAllowed(schedule);
      const s = await situation(launchId);
      const { record, context } = s;
      if (s.volumeIds.length === 0) {
        throw new KilnFailure({
          code: 'NoVolumes',
          message: `${record.spec.name} has no EBS volume tagged ${KILN_LAUNCH_ID_TAG}=${record.id}. Nothing was created.`,
          remedy: `Tag the instance's volumes with ${KILN_LAUNCH_ID_TAG}=${record.id} (Kiln does at launch), then set the schedule again.`,
        });
      }
      if (!s.role.exists || !s.role.arn) {
        throw new KilnFailure({
          code: 'DlmRoleMissing',
          message: `Data Lifecycle Manager needs the IAM role ${s.role.name}, which does not exist in this account. Nothing was created.`,
          remedy: `Create the DLM default role (Kiln can, with the managed policy ${s.role.managedPolicyArn}), or run \`aws dlm create-default-role\`, then set the schedule again.`,
        });
      }
      const { dlm } = deps.clients.get(context, record.spec.region);
      const policy = {
        ExecutionRoleArn: s.role.arn,
        Description: dlmPolicyDescription(record.id, record.spec.name),
        State: 'ENABLED' as const,
        PolicyDetails: snapshotPolicyDetails(record.id, schedule),
      };
      const existing = s.policy && s.policy.state !== 'missing' ? s.policy.policyId : undefined;
      if (existing) {
        await awsCall(context, `change the snapshot policy ${existing}`, () =>
          dlm.send(new UpdateLifecyclePolicyCommand({ PolicyId: existing, ...policy })),
        );
      } else {
        const created = await awsCall(context, `create the snapshot policy of ${record.spec.name}`, () =>
          dlm.send(
            new CreateLifecyclePolicyCommand({ ...policy, Tags: snapshotPolicyTags(record.id, record.spec.name) }),
          ),
        );
        await deps.launches.update(launchId, (r) => ({ ...r, snapshotPolicyId: created.PolicyId }));
      }
      return preview(launchId, schedule);
    },

    async remove(launchId) {
      const record = deps.launches.get(launchId);
      if (record.snapshotPolicyId) {
        const context = await deps.profiles.get(record.spec.profileId);
        const { dlm } = deps.clients.get(context, record.spec.region);
        await deleteSnapshotPolicy(context, dlm, record.snapshotPolicyId);
      }
      return deps.launches.update(launchId, (r) => ({ ...r, snapshotPolicyId: undefined }));
    },

    async createRole(profileId, region) {
      const context = await deps.profiles.get(profileId);
      const { iam, sts } = deps.clients.get(context, region);
      const status = await dlmRoleStatus(context, { iam, sts });
      return status.exists ? status : createDlmDefaultRole(context, iam);
    },
  };
}

/** What the preview says of the role DLM runs the policy as. */
function roleLine(role: DlmRoleStatus): string {
  if (!role.exists)
    return `DLM needs the IAM role ${role.name}, which does not exist in this account: create it first.`;
  if (role.unverified) {
    return `DLM runs it as the IAM role ${role.name}. This profile may not read IAM roles (iam:GetRole), so Kiln could not check that the role exists; if it does not, DLM refuses the schedule and nothing is created.`;
  }
  return `DLM runs it as the IAM role ${role.name}.`;
}
