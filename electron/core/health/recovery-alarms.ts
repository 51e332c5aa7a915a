/**
 * Recovery alarms: CloudWatch alarms on a launch's instance that make EC2 itself recover it (failed system check)
 * or reboot it (failed instance check), so protection keeps working while Kiln is closed. Enabling refuses, before
 * creating anything, where the instance cannot use `recover`, unless the operator asks for reboot only. Their states
 * are read with one paginated DescribeAlarms per region for all launches together.
 */
import { PutMetricAlarmCommand, type CloudWatchClient, type MetricAlarm } from '@aws-sdk/client-cloudwatch';
import { DescribeInstancesCommand, DescribeInstanceTypesCommand, type _InstanceType } from '@aws-sdk/client-ec2';
import type { LaunchAlarms, LaunchRecord, RecoveryAlarmState } from '../../common/models';
import { RecoveryAlarmStateValue } from '../../common/models';
import { KilnFailure } from '../../common/result';
import { awsCall, type AwsClientPool } from '../aws/clients';
import type { LaunchService } from '../launch/launch-service';
import type { ProfileContext } from '../profiles/profile-context';
import type { ProfileRegistry } from '../profiles/profile-registry';
import { deleteAlarms, describeKilnAlarms } from './alarm-calls';
import { parseRecoveryAlarmName, recoverRefusal, recoveryAlarmDefinitions } from './recovery-alarm-definitions';

export interface RecoveryAlarmsDeps {
  profiles: ProfileRegistry;
  clients: AwsClientPool;
  launches: Pick<LaunchService, 'get' | 'list' | 'update'>;
}

export interface RecoveryAlarms {
  /**
   * Creates the launch's alarms (recover and reboot; reboot only with `rebootOnly`) and names them on its record.
   * An instance that cannot use `recover` is refused with `RecoverUnsupported` unless `rebootOnly` is set.
   */
  enable(launchId: string, options?: { rebootOnly?: boolean }): Promise<LaunchRecord>;
  /** Deletes the launch's alarms (those already gone are fine) and clears them from its record. */
  disable(launchId: string): Promise<LaunchRecord>;
  /**
   * The alarm states of the launches (default: every launch with alarms), one DescribeAlarms per region. A region
   * that cannot be read gives its launches a `readError` instead of failing the whole answer.
   */
  describe(launchIds?: readonly string[]): Promise<LaunchAlarms[]>;
}

export function createRecoveryAlarms(deps: RecoveryAlarmsDeps): RecoveryAlarms {
  /** The instance's type and root device, and why it cannot be recovered (undefined when it can). */
  async function recoverCheck(context: ProfileContext, record: LaunchRecord, instanceId: string) {
    const { ec2 } = deps.clients.get(context, record.spec.region);
    const described = await awsCall(context, `describe ${instanceId}`, () =>
      ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] })),
    );
    const instance = described.Reservations?.flatMap((r) => r.Instances ?? [])[0];
    const instanceType = instance?.InstanceType ?? record.spec.instanceType;
    const types = await awsCall(context, `describe instance type ${instanceType}`, () =>
      ec2.send(new DescribeInstanceTypesCommand({ InstanceTypes: [instanceType as _InstanceType] })),
    );
    return recoverRefusal({
      instanceType,
      autoRecoverySupported: types.InstanceTypes?.[0]?.AutoRecoverySupported,
      rootDeviceType: instance?.RootDeviceType,
    });
  }

  function activeInstance(record: LaunchRecord): string {
    if (!record.instanceId || record.phase === 'terminated' || record.phase === 'terminating') {
      throw new KilnFailure({
        code: 'NoInstance',
        message: `${record.spec.name} has no running instance to watch.`,
        remedy: 'Recovery alarms can be enabled on a launch whose instance exists.',
      });
    }
    return record.instanceId;
  }

  /**
   * Deletes the alarms a failed enable created. One that cannot be deleted stays named on the launch (so terminate
   * deletes it and the panel shows it) and the failure says so, instead of leaving an alarm nobody tracks.
   */
  async function rollBack(
    launchId: string,
    context: ProfileContext,
    cloudwatch: CloudWatchClient,
    created: readonly string[],
    cause: unknown,
  ): Promise<void> {
    if (created.length === 0) return;
    try {
      await deleteAlarms(context, cloudwatch, created);
    } catch (rollbackError) {
      await deps.launches.update(launchId, (r) => ({
        ...r,
        recoveryAlarms: [...new Set([...(r.recoveryAlarms ?? []), ...created])],
      }));
      const failure = cause instanceof KilnFailure ? cause.error : undefined;
      throw new KilnFailure({
        code: failure?.code ?? 'AlarmCreateFailed',
        message: `${failure?.message ?? String(cause)} The alarm ${created.join(', ')} created before the failure could not be deleted again (${rollbackError instanceof Error ? rollbackError.message : String(rollbackError)}): it stays listed on the launch and is deleted when the launch is terminated.`,
        remedy:
          failure?.remedy ?? 'Remove the alarms from the launch page once AWS answers again, or enable them again.',
      });
    }
  }

  return {
    async enable(launchId, options = {}) {
      const record = deps.launches.get(launchId);
      const instanceId = activeInstance(record);
      const rebootOnly = options.rebootOnly === true;
      const context = await deps.profiles.get(record.spec.profileId);
      const refusal = rebootOnly ? undefined : await recoverCheck(context, record, instanceId);
      if (refusal) {
        throw new KilnFailure({
          code: 'RecoverUnsupported',
          message: `EC2 cannot recover ${record.spec.name} (${instanceId}): ${refusal}. No alarm was created.`,
          remedy:
            'Enable reboot-only alarms instead (a failed instance check reboots it; a hardware failure is not recovered), or launch on an EBS-backed type that supports automatic recovery.',
          field: 'rebootOnly',
        });
      }
      const { cloudwatch } = deps.clients.get(context, record.spec.region);
      const definitions = recoveryAlarmDefinitions(
        { launchId, name: record.spec.name, instanceId, region: record.spec.region },
        { rebootOnly },
      );
      const created: string[] = [];
      try {
        for (const definition of definitions) {
          await awsCall(context, `create the alarm ${definition.AlarmName}`, () =>
            cloudwatch.send(new PutMetricAlarmCommand(definition)),
          );
          created.push(definition.AlarmName!);
        }
      } catch (error) {
        // Half a pair is not what the operator asked for: remove what was created, then report the failure.
        await rollBack(launchId, context, cloudwatch, created, error);
        throw error;
      }
      // Enabling again with another choice (reboot only, then both) leaves no stale alarm behind.
      const stale = (record.recoveryAlarms ?? []).filter((name) => !created.includes(name));
      if (stale.length > 0) await deleteAlarms(context, cloudwatch, stale);
      return deps.launches.update(launchId, (r) => ({ ...r, recoveryAlarms: created }));
    },

    async disable(launchId) {
      const record = deps.launches.get(launchId);
      const names = record.recoveryAlarms ?? [];
      if (names.length > 0) {
        const context = await deps.profiles.get(record.spec.profileId);
        await deleteAlarms(context, deps.clients.get(context, record.spec.region).cloudwatch, names);
      }
      // Removed by the operator: Kiln's default for long-kept launches must not create them again.
      return deps.launches.update(launchId, (r) => ({
        ...r,
        recoveryAlarms: undefined,
        defaultRecoveryAlarms: 'declined',
      }));
    },

    async describe(launchIds) {
      const records = launchIds
        ? launchIds.map((id) => deps.launches.get(id))
        : deps.launches.list().filter((r) => (r.recoveryAlarms?.length ?? 0) > 0);
      const groups = new Map<string, LaunchRecord[]>();
      for (const record of records) {
        const key = `${record.spec.profileId}\u0000${record.spec.region}`;
        groups.set(key, [...(groups.get(key) ?? []), record]);
      }
      const answers = await Promise.all(
        [...groups.values()].map(async (group) => {
          const [first] = group;
          if (!first) return [];
          try {
            const context = await deps.profiles.get(first.spec.profileId);
            const { cloudwatch } = deps.clients.get(context, first.spec.region);
            const wanted = group.some((r) => (r.recoveryAlarms?.length ?? 0) > 0);
            const alarms = wanted ? await describeKilnAlarms(context, cloudwatch, first.spec.region) : [];
            const byName = new Map(alarms.map((a) => [a.AlarmName, a]));
            return group.map((record) => launchAlarms(record, byName));
          } catch (error) {
            // One region (or profile) that cannot be read must not hide the states of all the others.
            const readError = error instanceof KilnFailure ? error.error : { code: 'Error', message: String(error) };
            return group.map((record): LaunchAlarms => ({
              launchId: record.id,
              region: record.spec.region,
              alarms: [],
              readError: { code: readError.code, message: readError.message, remedy: readError.remedy },
            }));
          }
        }),
      );
      const byId = new Map(answers.flat().map((a) => [a.launchId, a]));
      return records.flatMap((r) => byId.get(r.id) ?? []);
    },
  };
}

function launchAlarms(record: LaunchRecord, byName: Map<string | undefined, MetricAlarm>): LaunchAlarms {
  const alarms = (record.recoveryAlarms ?? []).flatMap((name): RecoveryAlarmState[] => {
    const parsed = parseRecoveryAlarmName(name);
    if (!parsed) return [];
    const alarm = byName.get(name);
    if (!alarm) return [{ name, action: parsed.action, state: 'missing', reason: 'The alarm no longer exists.' }];
    const state = RecoveryAlarmStateValue.safeParse(alarm.StateValue);
    return [
      {
        name,
        action: parsed.action,
        state: state.success ? state.data : 'INSUFFICIENT_DATA',
        reason: alarm.StateReason,
        since: alarm.StateUpdatedTimestamp?.toISOString(),
      },
    ];
  });
  return { launchId: record.id, region: record.spec.region, alarms };
}
