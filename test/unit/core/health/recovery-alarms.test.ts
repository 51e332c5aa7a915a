import { DeleteAlarmsCommand, PutMetricAlarmCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeInstancesCommand, DescribeInstanceTypesCommand } from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import type { LaunchRecord } from '../../../../electron/common/models';
import { KilnFailure } from '../../../../electron/common/result';
import type { AwsClientPool, AwsClients } from '../../../../electron/core/aws/clients';
import { createRecoveryAlarms } from '../../../../electron/core/health/recovery-alarms';
import type { ProfileContext } from '../../../../electron/core/profiles/profile-context';
import { launchRecord } from '../../../support/fake-data';

/**
 * The rollback of a half-made pair, which moto cannot be made to fail halfway: a fake CloudWatch that creates the first
 * alarm, refuses the second and then refuses to delete the first.
 */
function setup(record: LaunchRecord, deleteFails: boolean) {
  let stored = record;
  const created: string[] = [];
  const deleted: string[] = [];
  const clients = {
    get: () =>
      ({
        ec2: {
          send: async (command: unknown) => {
            if (command instanceof DescribeInstancesCommand) {
              return { Reservations: [{ Instances: [{ InstanceType: 't3.micro', RootDeviceType: 'ebs' }] }] };
            }
            if (command instanceof DescribeInstanceTypesCommand) {
              return { InstanceTypes: [{ InstanceType: 't3.micro', AutoRecoverySupported: true }] };
            }
            throw new Error('unexpected EC2 command');
          },
        },
        cloudwatch: {
          send: async (command: unknown) => {
            if (command instanceof PutMetricAlarmCommand) {
              if (created.length === 1) throw Object.assign(new Error('Limit reached'), { name: 'LimitExceeded' });
              created.push(command.input.AlarmName!);
              return {};
            }
            if (command instanceof DeleteAlarmsCommand) {
              if (deleteFails) throw Object.assign(new Error('Service unavailable'), { name: 'ServiceUnavailable' });
              deleted.push(...(command.input.AlarmNames ?? []));
              return {};
            }
            throw new Error('unexpected CloudWatch command');
          },
        },
      }) as unknown as AwsClients,
    invalidate: () => undefined,
    destroy: () => undefined,
  } satisfies AwsClientPool;
  const alarms = createRecoveryAlarms({
    profiles: {
      list: async () => [],
      get: async (id: string) => ({ profile: { id, name: id } }) as unknown as ProfileContext,
    },
    clients,
    launches: {
      get: () => stored,
      list: () => [stored],
      update: async (_id, change) => (stored = change(stored)),
    },
  });
  return { alarms, created, deleted, current: () => stored };
}

const running = () => launchRecord({ id: 'l1', instanceId: 'i-0abc', phase: 'running' });

describe('recovery alarms: a failed enable', () => {
  it('deletes the alarm it created before the failure and leaves the record without alarms', async () => {
    const { alarms, created, deleted, current } = setup(running(), false);
    const failure = await alarms.enable('l1').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(KilnFailure);
    expect(created).toEqual(['kiln-l1-recover']);
    expect(deleted).toEqual(['kiln-l1-recover']);
    expect(current().recoveryAlarms).toBeUndefined();
  });

  it('names an alarm it could not delete again on the launch, and says so', async () => {
    const { alarms, deleted, current } = setup(running(), true);
    const failure = await alarms.enable('l1').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(KilnFailure);
    const { message } = (failure as KilnFailure).error;
    expect(message).toContain('kiln-l1-recover');
    expect(message).toContain('deleted when the launch is terminated');
    expect(deleted).toEqual([]);
    // Terminate deletes what the record names, so the leftover alarm has an owner.
    expect(current().recoveryAlarms).toEqual(['kiln-l1-recover']);
  });
});
