// The sandbox's Auto Scaling engine drives a fleet as AWS would (moto records policies and refreshes but runs
// neither): a scripted CPU published with PutMetricData raises the desired capacity of a target-tracking fleet up to
// its max, and the activities say which alarm and policy did it; lowering it scales in one step at a time; rolling out
// another image adds a launch template version and an instance refresh whose progress reaches 100 % with every
// instance on the new version; paused scaling ignores the CPU until it is resumed. The engine ticks every second
// here (10 s by default).
import { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
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
    expect(causes.some((c) => c.includes(`TargetTracking-${group}-AlarmHigh`) && c.includes('from 1 to 2'))).toBe(true);
    const launchedByPolicy = out.activities.filter(
      (a) => a.description.startsWith('Launching a new EC2 instance') && a.cause?.includes('triggered policy'),
    );
    expect(launchedByPolicy).toHaveLength(2);

    await publishCpu(group, 5);
    await waitFor('one step in', async () => (await statusOf(fleet.id)).capacity?.desired === 2, 30_000);

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
    // Paused, a high CPU changes nothing; resumed, it scales out again.
    const paused = await must('fleets.suspendScaling', { fleetId: fleet.id, suspended: true });
    expect(paused.scalingSuspended).toBe(true);
    await publishCpu(group, 99);
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(await statusOf(fleet.id)).toMatchObject({ scalingSuspended: true, capacity: { desired: 2 } });
    await must('fleets.suspendScaling', { fleetId: fleet.id, suspended: false });
    await publishCpu(group, 99);
    await waitFor('scaling out again', async () => (await statusOf(fleet.id)).capacity?.desired === 3, 30_000);
    await must('fleets.delete', { fleetId: fleet.id });
  }, 180_000);
});
