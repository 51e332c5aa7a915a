// The fleet status reader's alarm read over stand-in clients (the paging is what moto cannot show: it answers every
// alarm in one page): one DescribeAlarms per region for all fleets, every page of it, each fleet given the alarms on
// its own group, AlarmHigh first, with state and reason. The rest of the reader is tested against moto.
import { DescribeAutoScalingGroupsCommand, DescribeScalingActivitiesCommand } from '@aws-sdk/client-auto-scaling';
import { DescribeAlarmsCommand, GetMetricDataCommand, type MetricAlarm } from '@aws-sdk/client-cloudwatch';
import { describe, expect, it } from 'vitest';
import type { AwsClientPool, AwsClients } from '../../../../electron/core/aws/clients';
import { alarmsOf, createFleetStatusReader } from '../../../../electron/core/fleets/fleet-status';
import type { ProfileRegistry } from '../../../../electron/core/profiles/profile-registry';
import { createSandboxProfile } from '../../../../electron/core/profiles/sandbox-profile';
import { fleetRecord, fleetSpec } from '../../renderer/fleets/fleet-fixtures';

const alarm = (name: string, group: string, state: MetricAlarm['StateValue'] = 'OK'): MetricAlarm => ({
  AlarmName: name,
  StateValue: state,
  StateReason: `reason of ${name}`,
  StateUpdatedTimestamp: new Date('2026-12-07T23:00:00.000Z'),
  Dimensions: [{ Name: 'AutoScalingGroupName', Value: group }],
});

describe('alarmsOf', () => {
  it("keeps the alarms on the group's metric, AlarmHigh before AlarmLow, with state, reason and time", () => {
    const alarms = [
      alarm('TargetTracking-g1-AlarmLow-b', 'g1', 'INSUFFICIENT_DATA'),
      alarm('TargetTracking-g2-AlarmHigh-c', 'g2'),
      alarm('TargetTracking-g1-AlarmHigh-a', 'g1', 'ALARM'),
    ];
    expect(alarmsOf(alarms, 'g1')).toEqual([
      {
        name: 'TargetTracking-g1-AlarmHigh-a',
        state: 'ALARM',
        reason: 'reason of TargetTracking-g1-AlarmHigh-a',
        updatedAt: '2026-12-07T23:00:00.000Z',
      },
      expect.objectContaining({ name: 'TargetTracking-g1-AlarmLow-b', state: 'INSUFFICIENT_DATA' }),
    ]);
  });
});

describe('createFleetStatusReader', () => {
  it('reads every page of the alarms once per region for all its fleets', async () => {
    const calls: string[] = [];
    const pages: Record<string, { MetricAlarms: MetricAlarm[]; NextToken?: string }> = {
      first: { MetricAlarms: [alarm('TargetTracking-id-a-AlarmHigh-1', 'id-a-auto-scaling-group')], NextToken: 'p2' },
      p2: { MetricAlarms: [alarm('TargetTracking-id-b-AlarmLow-2', 'id-b-auto-scaling-group', 'ALARM')] },
    };
    const send = (command: object) => {
      calls.push(command.constructor.name);
      if (command instanceof DescribeAlarmsCommand) return Promise.resolve(pages[command.input.NextToken ?? 'first']);
      if (command instanceof DescribeAutoScalingGroupsCommand) {
        return Promise.resolve({
          AutoScalingGroups: command.input.AutoScalingGroupNames!.map((name) => ({ AutoScalingGroupName: name })),
        });
      }
      if (command instanceof DescribeScalingActivitiesCommand) return Promise.resolve({ Activities: [] });
      if (command instanceof GetMetricDataCommand) return Promise.resolve({ MetricDataResults: [] });
      return Promise.reject(new Error(`unexpected ${command.constructor.name}`));
    };
    const client = { send } as never;
    const clients = {
      region: 'us-east-1',
      autoscaling: client,
      cloudwatch: client,
      elbv2: client,
    } as unknown as AwsClients;
    const pool: AwsClientPool = { get: () => clients, invalidate: () => undefined, destroy: () => undefined };
    const context = createSandboxProfile('http://127.0.0.1:1');
    const read = createFleetStatusReader({
      profiles: { get: () => Promise.resolve(context) } as unknown as ProfileRegistry,
      clients: pool,
    });
    // Two fleets without load balancers (no target health to read), their groups named after them.
    const plain = fleetSpec({ loadBalancer: undefined, dns: undefined });
    const fleet = (id: string) => {
      const record = fleetRecord({ id }, plain);
      return {
        ...record,
        resources: record.resources.map((r) =>
          r.kind === 'auto-scaling-group' ? { ...r, id: `id-${id.slice(-1)}-auto-scaling-group` } : r,
        ),
      };
    };
    const statuses = await read([fleet('fl-a'), fleet('fl-b')]);
    expect(calls.filter((c) => c === 'DescribeAlarmsCommand')).toHaveLength(2);
    expect(calls.filter((c) => c === 'DescribeAutoScalingGroupsCommand')).toHaveLength(1);
    expect(statuses.map((s) => [s.fleetId, s.alarms.map((a) => `${a.name}=${a.state}`)])).toEqual([
      ['fl-a', ['TargetTracking-id-a-AlarmHigh-1=OK']],
      ['fl-b', ['TargetTracking-id-b-AlarmLow-2=ALARM']],
    ]);
  });
});
