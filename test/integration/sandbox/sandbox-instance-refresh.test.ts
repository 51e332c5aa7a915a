// The sandbox's instance refresh honours MaxHealthyPercentage as AWS does: at 100 (the default) it takes an instance
// out before its replacement exists; above 100 it launches the replacement first, so the group never runs fewer than
// its desired capacity, and gives the extra capacity back with the instance it replaced. Driven straight through the
// Auto Scaling API (moto has no instance refresh; the sandbox answers it), the engine ticking every second.
import {
  AutoScalingClient,
  CreateAutoScalingGroupCommand,
  DescribeAutoScalingGroupsCommand,
  DescribeInstanceRefreshesCommand,
  DescribeScalingActivitiesCommand,
  StartInstanceRefreshCommand,
  UpdateAutoScalingGroupCommand,
  type RefreshPreferences,
} from '@aws-sdk/client-auto-scaling';
import { CreateLaunchTemplateCommand, CreateLaunchTemplateVersionCommand } from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_CREDENTIALS } from '../../../electron/core/sandbox/address';
import { startSandboxBackend, type SandboxBackend } from '../../support/sandbox-backend';
import { waitFor } from '../../support/wait';

const AL2023 = 'ami-0ed094fb1304fd857';
let env: SandboxBackend;
let autoscaling: AutoScalingClient;

beforeAll(async () => {
  env = await startSandboxBackend({ pendingSeconds: 1, hostRegions: [], scalingSeconds: 1 });
  autoscaling = new AutoScalingClient({
    region: 'us-east-1',
    endpoint: env.sandbox.endpoint,
    credentials: { ...SANDBOX_CREDENTIALS },
  });
}, 90_000);
afterAll(async () => {
  autoscaling?.destroy();
  await env?.stop();
});

/** A group of two on version 1 of its template, moved to version 2 and refreshed; instance counts seen meanwhile. */
async function refresh(name: string, preferences: RefreshPreferences) {
  const ec2 = env.ec2('us-east-1');
  await ec2.send(
    new CreateLaunchTemplateCommand({
      LaunchTemplateName: name,
      LaunchTemplateData: { ImageId: AL2023, InstanceType: 't3.micro' },
    }),
  );
  await autoscaling.send(
    new CreateAutoScalingGroupCommand({
      AutoScalingGroupName: name,
      MinSize: 2,
      MaxSize: 2,
      DesiredCapacity: 2,
      AvailabilityZones: ['us-east-1a'],
      LaunchTemplate: { LaunchTemplateName: name, Version: '$Latest' },
    }),
  );
  const group = async () =>
    (await autoscaling.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [name] })))
      .AutoScalingGroups![0];
  const before = (await group()).Instances!.map((i) => i.InstanceId!);
  await ec2.send(
    new CreateLaunchTemplateVersionCommand({
      LaunchTemplateName: name,
      SourceVersion: '1',
      LaunchTemplateData: { InstanceType: 't3.small' },
    }),
  );
  await autoscaling.send(
    new UpdateAutoScalingGroupCommand({
      AutoScalingGroupName: name,
      LaunchTemplate: { LaunchTemplateName: name, Version: '$Latest' },
    }),
  );
  await autoscaling.send(new StartInstanceRefreshCommand({ AutoScalingGroupName: name, Preferences: preferences }));
  const counts: number[] = [];
  const done = await waitFor(
    `the refresh of ${name} to finish`,
    async () => {
      counts.push((await group()).Instances!.length);
      const refreshes = await autoscaling.send(new DescribeInstanceRefreshesCommand({ AutoScalingGroupName: name }));
      return refreshes.InstanceRefreshes?.[0]?.Status === 'Successful' ? group() : undefined;
    },
    60_000,
    100,
  );
  const activities = (await autoscaling.send(new DescribeScalingActivitiesCommand({ AutoScalingGroupName: name })))
    .Activities!.filter((a) => a.Cause?.includes('in response to an instance refresh'))
    .reverse() // oldest first
    .map((a) => a.Description!.replace(/: i-.+$/, ''));
  return { before, done, counts, activities };
}

describe('sandbox instance refresh', () => {
  it('launches each replacement first when MaxHealthyPercentage is above 100', async () => {
    const { before, done, counts, activities } = await refresh('refresh-launch-first', {
      MinHealthyPercentage: 100,
      MaxHealthyPercentage: 200,
    });
    expect(Math.min(...counts), counts.join(',')).toBeGreaterThanOrEqual(2);
    expect(Math.max(...counts), counts.join(',')).toBe(3);
    expect(activities.slice(0, 2)).toEqual(['Launching a new EC2 instance', 'Terminating EC2 instance']);
    expect(done.DesiredCapacity).toBe(2);
    expect(done.Instances!.map((i) => i.LaunchTemplate?.Version)).toEqual(['2', '2']);
    expect(done.Instances!.filter((i) => before.includes(i.InstanceId!))).toEqual([]);
  }, 90_000);

  it('takes an instance out first at the default MaxHealthyPercentage (100)', async () => {
    const { done, counts, activities } = await refresh('refresh-terminate-first', { MinHealthyPercentage: 50 });
    expect(Math.max(...counts), counts.join(',')).toBe(2);
    expect(activities[0]).toBe('Terminating EC2 instance');
    expect(done.Instances!.map((i) => i.LaunchTemplate?.Version)).toEqual(['2', '2']);
  }, 90_000);
});
