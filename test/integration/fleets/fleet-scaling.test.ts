// The sandbox's Auto Scaling engine drives a fleet as AWS would (moto records policies and refreshes but runs
// neither): the policy gets its two target-tracking alarms (AlarmHigh, AlarmLow) in CloudWatch, which the fleet's
// status shows; a scripted CPU published with PutMetricData puts AlarmHigh in ALARM and raises the desired capacity of
// the fleet up to its max, and the activities name the alarm and the policy as AWS does; a low CPU puts AlarmLow in
// ALARM and scales in one step at a time; rolling out
// another image adds a launch template version and an instance refresh whose progress reaches 100 % with every
// instance on the new version; paused scaling ignores the CPU until it is resumed. The engine ticks every second
// here (10 s by default).
import { CloudWatchClient, DescribeAlarmsCommand, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeImagesCommand } from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FleetStatus } from '../../../electron/common/models';
import { SANDBOX_PROFILE_ID } from '../../../electron/core/profiles/sandbox-profile';
import { SANDBOX_CREDENTIALS } from '../../../electron/core/sandbox/address';
import { backendCommands } from '../../support/backend-commands';
import { startSandboxBackend, type SandboxBackend } from '../../support/sandbox-backend';
import { waitFor } from '../../support/wait';

let env: SandboxBackend;
let cloudwatch: CloudWatchClient;
const { must, call } = backendCommands(() => env.backend.handlers);

beforeAll(async () => {
  env = await startSandboxBackend({ pendingSeconds: 1, hostRegions: ['us-west-2'], scalingSeconds: 1 });
  cloudwatch = new CloudWatchClient({
    region: 'us-east-1',
    endpoint: env.sandbox.endpoint,
    credentials: { ...SANDBOX_CREDENTIALS },
  });
}, 90_000);
afterAll(async () => {
  cloudwatch?.destroy();
  await env?.stop();
});

const publishCpu = (group: string, value: number) =>
  cloudwatch.send(
    new PutMetricDataCommand({
      Namespace: 'AWS/EC2',
      MetricData: [
        {
          MetricName: 'CPUUtilization',
          Dimensions: [{ Name: 'AutoScalingGroupName', Value: group }],
          Value: value,
          Timestamp: new Date(),
        },
      ],
    }),
  );
/** The target-tracking alarms as CloudWatch itself lists them, AlarmHigh first. */
const alarmsInMoto = async () =>
  ((await cloudwatch.send(new DescribeAlarmsCommand({ AlarmNamePrefix: 'TargetTracking-' }))).MetricAlarms ?? []).sort(
    (a, b) => (a.AlarmName ?? '').localeCompare(b.AlarmName ?? ''),
  );
const statusOf = async (fleetId: string): Promise<FleetStatus> =>
  (await must('fleets.status', { fleetIds: [fleetId] }))[0];

describe('fleet scaling on the sandbox', () => {
  it('scales out on a high scripted CPU and in on a low one, with the causes, then rolls out a new image', async () => {
    const subnets = await must('network.subnets', { profileId: SANDBOX_PROFILE_ID, region: 'us-east-1', vpcId: '' });
    const fleet = await must('fleets.create', {
      spec: {
        profileId: SANDBOX_PROFILE_ID,
        region: 'us-east-1',
        name: 'scaled',
        imageId: 'ami-0ed094fb1304fd857',
        instanceType: 't3.micro',
        subnetIds: [subnets[0].subnetId],
        capacity: { min: 1, desired: 1, max: 3 },
        cpuTarget: 50,
      },
    });
    const group = fleet.resources.find((r) => r.kind === 'auto-scaling-group')!.id!;
    const policy = fleet.resources.find((r) => r.kind === 'scaling-policy')!.name;

    // Made with the policy, as AWS names and sets them; no CPU yet, so no verdict yet.
    const created = await statusOf(fleet.id);
    expect(created.alarms.map((a) => a.name)).toEqual([
      expect.stringMatching(new RegExp(`^TargetTracking-${group}-AlarmHigh-[0-9a-f-]{36}$`)),
      expect.stringMatching(new RegExp(`^TargetTracking-${group}-AlarmLow-[0-9a-f-]{36}$`)),
    ]);
    for (const alarm of created.alarms) expect(['OK', 'INSUFFICIENT_DATA']).toContain(alarm.state);
    const [high, low] = created.alarms.map((a) => a.name);
    const inMoto = await alarmsInMoto();
    expect(inMoto.map((a) => [a.AlarmName, a.ComparisonOperator, a.Threshold, a.EvaluationPeriods])).toEqual([
      [high, 'GreaterThanThreshold', 50, 3],
      [low, 'LessThanThreshold', 45, 15],
    ]);
    expect(inMoto.every((a) => a.Dimensions?.[0]?.Value === group && a.MetricName === 'CPUUtilization')).toBe(true);

    await publishCpu(group, 95);
    const out = await waitFor(
      'the desired capacity to reach the max',
      async () => {
        const status = await statusOf(fleet.id);
        // The capacity is set before its instances are launched: wait for both.
        return status.capacity?.desired === 3 && status.instances.length === 3 ? status : undefined;
      },
      30_000,
    );
    expect(out.instances).toHaveLength(3);
    const causes = out.activities.map((a) => a.cause ?? '');
    expect(causes).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^At \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ a monitor alarm ${high} in state ALARM triggered policy ${policy} changing the desired capacity from 1 to 2\\.$`,
        ),
      ),
    );
    const alarmed = (await alarmsInMoto()).find((a) => a.AlarmName === high)!;
    expect(alarmed.StateReason).toMatch(
      /^Threshold Crossed: \d+ datapoints? \[95\.0 \(.+\)\] (was|were) greater than the threshold \(50\.0\)\.$/,
    );
    const launchedByPolicy = out.activities.filter(
      (a) => a.description.startsWith('Launching a new EC2 instance') && a.cause?.includes('triggered policy'),
    );
    expect(launchedByPolicy).toHaveLength(2);

    // AlarmLow looks back 15 periods: once the high datapoint has left them, it goes to ALARM and the group steps in.
    await publishCpu(group, 5);
    const lowered = await waitFor(
      'AlarmLow in ALARM and one step in',
      async () => {
        const status = await statusOf(fleet.id);
        const state = status.alarms.find((a) => a.name === low)?.state;
        return state === 'ALARM' && status.capacity?.desired === 2 ? status : undefined;
      },
      45_000,
    );
    expect(lowered.alarms.find((a) => a.name === low)?.reason).toMatch(/less than the threshold \(45\.0\)/);
    expect(lowered.activities.map((a) => a.cause)).toContainEqual(
      expect.stringContaining(`a monitor alarm ${low} in state ALARM triggered policy ${policy}`),
    );

    // Hold the CPU at the target so the engine leaves the group alone during the rollout.
    const hold = setInterval(() => void publishCpu(group, 48), 500);
    try {
      // Until the low value has left the engine's window (three ticks), then the group holds at 2.
      await new Promise((resolve) => setTimeout(resolve, 3_500));
      expect((await statusOf(fleet.id)).capacity?.desired).toBe(2);
      const images = await env.ec2('us-east-1').send(
        new DescribeImagesCommand({
          Owners: ['amazon'],
          Filters: [
            { Name: 'architecture', Values: ['x86_64'] },
            { Name: 'name', Values: ['al2023-ami-2023*'] },
          ],
        }),
      );
      const other = images.Images?.find((i) => i.ImageId !== 'ami-0ed094fb1304fd857')?.ImageId;
      expect(other).toBeDefined();
      const refused = await call('fleets.rollout', { fleetId: fleet.id, imageId: 'ami-00000000000000000' });
      expect(refused.ok ? 'rolled out' : refused.error.code).toBe('InvalidAMIID.NotFound');

      const rolled = await must('fleets.rollout', { fleetId: fleet.id, imageId: other! });
      expect(rolled.rollout).toMatchObject({ imageId: other, templateVersion: '2' });
      const seen: number[] = [];
      const done = await waitFor(
        'the refresh to finish',
        async () => {
          const status = await statusOf(fleet.id);
          if (status.refresh) seen.push(status.refresh.percentage);
          return status.refresh?.status === 'Successful' ? status : undefined;
        },
        60_000,
      );
      expect(done.refresh?.percentage).toBe(100);
      expect(
        seen.some((p) => p > 0 && p < 100),
        seen.join(','),
      ).toBe(true);
      // The group and the refresh are read side by side: the read after the refresh ended shows the group after it.
      const after = await statusOf(fleet.id);
      expect(after.instances.map((i) => i.templateVersion)).toEqual(after.instances.map(() => '2'));
    } finally {
      clearInterval(hold);
    }
    // Paused, a high CPU puts AlarmHigh in ALARM and changes nothing; resumed, it scales out again.
    const paused = await must('fleets.suspendScaling', { fleetId: fleet.id, suspended: true });
    expect(paused.scalingSuspended).toBe(true);
    await publishCpu(group, 99);
    await waitFor(
      'AlarmHigh in ALARM while paused',
      async () => (await statusOf(fleet.id)).alarms.find((a) => a.name === high)?.state === 'ALARM',
      30_000,
    );
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(await statusOf(fleet.id)).toMatchObject({ scalingSuspended: true, capacity: { desired: 2 } });
    await must('fleets.suspendScaling', { fleetId: fleet.id, suspended: false });
    await publishCpu(group, 99);
    await waitFor('scaling out again', async () => (await statusOf(fleet.id)).capacity?.desired === 3, 30_000);
    await must('fleets.delete', { fleetId: fleet.id });
    // Deleted with the group, as AWS does.
    expect(await alarmsInMoto()).toEqual([]);
  }, 240_000);
});
