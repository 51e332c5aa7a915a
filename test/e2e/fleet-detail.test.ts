// End to end: a fleet's own page in Debian Chromium, through web mode, on the sandbox with its Auto Scaling engine
// ticking every second. A fleet (min 1 / max 3, CPU target 50 %, behind a load balancer that checks /ping, with a DNS
// name) is made through the backend with user data that serves /ping on each instance's own loopback address; its page lists the instances and each one answers; a CPU of 95 %
// published to CloudWatch raises the page's desired capacity to 3 with an activity naming the policy; Roll out new
// image… (another AL2023 AMI) brings the page's progress bar to 100 %; Pause scaling shows the indicator; Delete
// leaves zero fleet resources in moto.
import { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeImagesCommand } from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { SANDBOX_PROFILE_ID } from '../../electron/core/profiles/sandbox-profile';
import { sandboxAgentAddress } from '../../electron/core/sandbox/address';
import { fleetResources, NO_FLEET_RESOURCES, sandboxFleetClients } from '../support/fleet-resources';
import { useSandboxWebApp } from './support/use-sandbox-web-app';

const FIRST_IMAGE = 'ami-0ed094fb1304fd857';

// Each sandbox instance runs this at boot, with KILN_AGENT_BIND set to its own loopback address.
const USER_DATA = [
  '#!/bin/bash',
  'set -e',
  'mkdir -p "$KILN_ROOT/www"',
  'echo pong > "$KILN_ROOT/www/ping"',
  'cd "$KILN_ROOT/www"',
  'exec python3 -m http.server --bind "$KILN_AGENT_BIND" 8080',
  '',
].join('\n');

const web = useSandboxWebApp({
  sandbox: { pendingSeconds: 1, scalingSeconds: 1, hostRegions: ['us-east-1'] },
  setup: async (env) => {
    // The fleet's DNS name goes in this zone (and the resource count looks for A records there).
    const fleet = await sandboxFleetClients(env, { name: 'example.test', callerReference: 'fleet-page' });
    return { ...fleet, cloudwatch: env.client(CloudWatchClient) };
  },
});
const { must } = web;

const counts = () => fleetResources(web.setup);
const textOf = (testId: string) => web.page.getByTestId(testId).innerText();
const shownInstances = () =>
  web.page
    .getByTestId('fleet-instance')
    .evaluateAll((els) => els.map((el) => el.getAttribute('data-instance-id') ?? ''));

/** The body of /ping from the instance's own loopback address, or the reason there is none yet. */
async function ping(instanceId: string): Promise<string> {
  try {
    const answer = await fetch(`http://${sandboxAgentAddress(instanceId)}:8080/ping`, {
      signal: AbortSignal.timeout(3_000),
    });
    return answer.ok ? (await answer.text()).trim() : `HTTP ${answer.status}`;
  } catch (error) {
    return String(error);
  }
}

async function everyInstancePongs(expected: number): Promise<void> {
  await expect.poll(async () => (await shownInstances()).length, { timeout: 60_000 }).toBe(expected);
  const ids = await shownInstances();
  for (const id of ids) {
    expect(id).toMatch(/^i-/);
    await expect.poll(() => ping(id), { timeout: 60_000, interval: 1_000 }).toBe('pong');
  }
}

async function chooseAction(id: string): Promise<void> {
  await web.page.getByTestId('fleet-actions').getByRole('button', { name: 'Actions' }).click();
  await web.page.getByTestId(id).click();
}

const publishCpu = (group: string, value: number) =>
  web.setup.cloudwatch.send(
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

describe('a fleet page in the browser', () => {
  it('shows instances that answer, scales out on CPU, rolls out an image, pauses scaling and deletes everything', async () => {
    const subnets = await must('network.subnets', { profileId: SANDBOX_PROFILE_ID, region: 'us-east-1', vpcId: '' });
    // A load balancer needs two availability zones.
    const zones = ['us-east-1a', 'us-east-1b'].map(
      (zone) => subnets.find((s) => s.availabilityZone === zone)!.subnetId,
    );
    const fleet = await must('fleets.create', {
      spec: {
        profileId: SANDBOX_PROFILE_ID,
        region: 'us-east-1',
        name: 'e2e-page',
        imageId: FIRST_IMAGE,
        instanceType: 't3.micro',
        subnetIds: zones,
        instancePort: 8080,
        userData: USER_DATA,
        capacity: { min: 1, desired: 1, max: 3 },
        cpuTarget: 50,
        loadBalancer: { healthCheckPath: '/ping', listenerPort: 80, allowedCidr: '127.0.0.1/32' },
        dns: { hostedZoneId: web.setup.zoneId, recordName: 'shop.example.test' },
      },
    });
    expect(fleet.state).toBe('active');
    const group = fleet.resources.find((r) => r.kind === 'auto-scaling-group')!.id!;
    const policy = fleet.resources.find((r) => r.kind === 'scaling-policy')!.name;

    // The list links the fleet's name to its page.
    await web.page.goto(`${new URL(web.app.url).origin}/#/fleets`);
    await web.page.getByTestId(`fleet-link-${fleet.id}`).click();
    await web.page.getByTestId('fleet-detail-view').waitFor({ timeout: 20_000 });
    expect(web.page.url()).toContain(`#/fleets/${fleet.id}`);
    await expect.poll(() => textOf('fleet-in-service'), { timeout: 60_000 }).toBe('1');
    expect(await textOf('fleet-min-max')).toBe('1 – 3');
    expect(await textOf('fleet-detail-dns-record')).toContain('shop.example.test');
    expect(await textOf('fleet-detail-lb-dns')).toMatch(/elb\.amazonaws\.com/);
    expect(await counts()).toMatchObject({ loadBalancers: 1, targetGroups: 1, aRecords: 1 });
    expect(await textOf('fleet-scaling-state')).toContain('Tracking 50 % CPU');
    // The policy's two alarms, made with it, before any CPU is known.
    await expect
      .poll(() =>
        web.page.getByTestId('fleet-alarm').evaluateAll((els) => els.map((el) => el.getAttribute('data-name'))),
      )
      .toEqual([
        expect.stringMatching(`^TargetTracking-${group}-AlarmHigh-`),
        expect.stringMatching(`^TargetTracking-${group}-AlarmLow-`),
      ]);
    await everyInstancePongs(1);

    // A high CPU: the engine raises the desired capacity to the max; the page sees it on its own 15 s read.
    await publishCpu(group, 95);
    await expect.poll(() => textOf('fleet-desired'), { timeout: 90_000, interval: 1_000 }).toBe('3');
    await expect
      .poll(() => web.page.getByTestId('fleet-activity-cause').allInnerTexts(), { timeout: 30_000 })
      .toContainEqual(expect.stringContaining(`triggered policy ${policy}`));
    await everyInstancePongs(3);
    const scaled = await shownInstances();
    await web.app.screenshot('fleet-page-scaled');

    // Another AL2023 image through the dialog; the refresh replaces the instances and the bar reaches 100 %.
    const images = await web.env.ec2('us-east-1').send(
      new DescribeImagesCommand({
        Owners: ['amazon'],
        Filters: [
          { Name: 'architecture', Values: ['x86_64'] },
          { Name: 'name', Values: ['al2023-ami-2023*'] },
        ],
      }),
    );
    const other = images.Images?.find((i) => i.ImageId !== FIRST_IMAGE)?.ImageId;
    expect(other).toMatch(/^ami-/);
    await chooseAction('fleet-rollout');
    const modal = web.page.getByTestId('rollout-fleet-modal');
    await modal.getByText('An AMI id').click();
    await web.page.getByTestId('rollout-ami-input').fill(other!);
    expect(await web.page.getByTestId('rollout-min-healthy-input').inputValue()).toBe('90');
    await web.page.getByTestId('rollout-fleet-confirm').click();
    await modal.waitFor({ state: 'detached', timeout: 60_000 });
    await web.page.getByTestId('fleet-rollout').waitFor({ timeout: 30_000 });
    await expect
      .poll(() => web.page.getByTestId('fleet-rollout').getAttribute('data-percentage'), {
        timeout: 180_000,
        interval: 1_000,
      })
      .toBe('100');
    expect(await web.page.getByTestId('fleet-rollout').getAttribute('data-status')).toBe('Successful');
    // Every instance was replaced: three on the new launch template version, none of the first ones left, all serving.
    await expect
      .poll(
        () =>
          web.page
            .getByTestId('fleet-instances')
            .locator('tbody tr')
            .evaluateAll((rows) => rows.map((row) => row.lastElementChild?.textContent ?? '')),
        { timeout: 30_000 },
      )
      .toEqual(['2', '2', '2']);
    const replaced = await shownInstances();
    expect(replaced.filter((id) => scaled.includes(id))).toEqual([]);
    await everyInstancePongs(3);
    await web.app.screenshot('fleet-page-rolled-out');

    await chooseAction('fleet-pause');
    await expect.poll(() => textOf('fleet-scaling-state'), { timeout: 30_000 }).toBe('Scaling paused');

    await chooseAction('fleet-delete');
    await web.page.getByTestId('delete-fleet-name-input').fill('e2e-page');
    await web.page.getByTestId('delete-fleet-confirm').click();
    await web.page.getByTestId('fleet-not-found').waitFor({ timeout: 240_000 });
    expect(await counts()).toEqual(NO_FLEET_RESOURCES);
  }, 600_000);
});
