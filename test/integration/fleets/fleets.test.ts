// Fleets on the sandbox (moto emulates Auto Scaling, ELBv2 and Route 53): the preview refuses what AWS would, creating
// nothing; a fleet of min 1 / max 3 with a load balancer and a DNS name creates every resource, tagged, in moto; scaling
// changes the group; delete leaves zero Kiln-tagged resources of any type; a creation whose fourth resource fails (the
// fault proxy answers CreateTargetGroup with an ELBv2 error) removes the three made before it and says so; a rollout
// whose instance refresh is refused (the proxy answers StartInstanceRefresh with an Auto Scaling error) removes the
// launch template version it added, so the group still launches the fleet's image and the record is unchanged.
import {
  AutoScalingClient,
  DescribeAutoScalingGroupsCommand,
  DescribePoliciesCommand,
} from '@aws-sdk/client-auto-scaling';
import {
  DescribeListenersCommand,
  DescribeTargetGroupsCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import {
  DescribeImagesCommand,
  DescribeLaunchTemplateVersionsCommand,
  DescribeSecurityGroupsCommand,
} from '@aws-sdk/client-ec2';
import {
  ChangeResourceRecordSetsCommand,
  CreateHostedZoneCommand,
  ListResourceRecordSetsCommand,
  Route53Client,
} from '@aws-sdk/client-route-53';
import { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FleetRecord, FleetSpecInput } from '../../../electron/common/models';
import { SANDBOX_PROFILE_ID } from '../../../electron/core/profiles/sandbox-profile';
import { SANDBOX_CREDENTIALS } from '../../../electron/core/sandbox/address';
import { backendCommands } from '../../support/backend-commands';
import { fleetResources as countFleetResources, NO_FLEET_RESOURCES } from '../../support/fleet-resources';
import { startSandboxBackend, type SandboxBackend } from '../../support/sandbox-backend';

let env: SandboxBackend;
let autoscaling: AutoScalingClient;
let elbv2: ElasticLoadBalancingV2Client;
let route53: Route53Client;
let cloudwatch: CloudWatchClient;
let zoneId = '';
let subnetIds: string[] = [];
const { call, must } = backendCommands(() => env.backend.handlers);

beforeAll(async () => {
  env = await startSandboxBackend({ pendingSeconds: 1, proxy: true, hostRegions: ['us-east-1'] });
  const config = { region: 'us-east-1', endpoint: env.sandbox.endpoint, credentials: { ...SANDBOX_CREDENTIALS } };
  autoscaling = new AutoScalingClient(config);
  elbv2 = new ElasticLoadBalancingV2Client(config);
  route53 = new Route53Client(config);
  cloudwatch = new CloudWatchClient(config);
  const zone = await route53.send(
    new CreateHostedZoneCommand({ Name: 'example.test', CallerReference: 'fleets-test' }),
  );
  zoneId = zone.HostedZone!.Id!.replace('/hostedzone/', '');
  const subnets = await must('network.subnets', { profileId: SANDBOX_PROFILE_ID, region: 'us-east-1', vpcId: '' });
  const byZone = new Map(subnets.map((s) => [s.availabilityZone, s.subnetId]));
  subnetIds = [...byZone.values()].slice(0, 2);
}, 90_000);
afterAll(async () => {
  for (const client of [autoscaling, elbv2, route53, cloudwatch]) client?.destroy();
  await env?.stop();
});

const spec = (overrides: Partial<FleetSpecInput> = {}): FleetSpecInput => ({
  profileId: SANDBOX_PROFILE_ID,
  region: 'us-east-1',
  name: 'web',
  imageId: 'ami-0ed094fb1304fd857',
  instanceType: 't3.micro',
  subnetIds,
  capacity: { min: 1, desired: 1, max: 3 },
  loadBalancer: { allowedCidr: '203.0.113.7/32' },
  dns: { hostedZoneId: zoneId, recordName: 'app.example.test' },
  ...overrides,
});

const fleetResources = () => countFleetResources({ ec2: env.ec2('us-east-1'), autoscaling, elbv2, route53, zoneId });
const NONE = NO_FLEET_RESOURCES;

async function targetGroupOf(fleet: FleetRecord) {
  const arn = fleet.resources.find((r) => r.kind === 'target-group')!.id!;
  return (await elbv2.send(new DescribeTargetGroupsCommand({ TargetGroupArns: [arn] }))).TargetGroups![0];
}

describe('fleets', () => {
  it('refuses, creating nothing, what AWS would refuse', async () => {
    const refusals = await Promise.all([
      call('fleets.preview', { spec: spec({ loadBalancer: { allowedCidr: '0.0.0.0/0' } }) }),
      call('fleets.create', { spec: spec({ loadBalancer: undefined }) }),
      call('fleets.create', { spec: spec({ subnetIds: subnetIds.slice(0, 1) }) }),
      call('fleets.create', { spec: spec({ dns: { hostedZoneId: zoneId, recordName: 'app.elsewhere.test' } }) }),
      call('fleets.create', { spec: spec({ imageId: 'ami-00000000000000000' }) }),
      call('fleets.create', { spec: spec({ capacity: { min: 2, desired: 1, max: 3 } }) }),
    ]);
    expect(refusals.map((r) => (r.ok ? 'created' : r.error.code))).toEqual([
      'OpenToWorldNotConfirmed',
      'DnsNeedsLoadBalancer',
      'LoadBalancerNeedsTwoZones',
      'DnsNameOutsideZone',
      'InvalidAMIID.NotFound',
      'InvalidInput',
    ]);

    await route53.send(
      new ChangeResourceRecordSetsCommand({
        HostedZoneId: zoneId,
        ChangeBatch: {
          Changes: [
            {
              Action: 'CREATE',
              ResourceRecordSet: {
                Name: 'taken.example.test',
                Type: 'A',
                TTL: 60,
                ResourceRecords: [{ Value: '192.0.2.1' }],
              },
            },
          ],
        },
      }),
    );
    const taken = await call('fleets.create', {
      spec: spec({ dns: { hostedZoneId: zoneId, recordName: 'taken.example.test' } }),
    });
    expect(taken.ok ? 'created' : taken.error.code).toBe('DnsNameTaken');

    // May this identity create the fleet's group and template (tags included)? EC2 answers their DryRuns first.
    const since = Date.now();
    env.proxy!.throttle('CreateLaunchTemplate', {
      fraction: 1,
      error: {
        status: 403,
        code: 'UnauthorizedOperation',
        message: 'You are not authorized to perform this operation.',
      },
    });
    const denied = await call('fleets.create', { spec: spec() });
    env.proxy!.stopThrottling('CreateLaunchTemplate');
    expect(denied).toMatchObject({
      ok: false,
      error: { code: 'UnauthorizedOperation', message: expect.stringContaining('Nothing was created.') },
    });
    const sent = env.proxy!.requests.filter((r) => r.at >= since);
    expect(sent.filter((r) => r.action === 'CreateSecurityGroup').map((r) => r.params.get('DryRun'))).toEqual(['true']);
    const template = sent.filter((r) => r.action === 'CreateLaunchTemplate');
    expect(template.map((r) => r.params.get('DryRun'))).toEqual(['true']);
    expect(template[0].params.get('TagSpecification.1.ResourceType')).toBe('launch-template');
    expect(await fleetResources()).toEqual({ ...NONE, aRecords: 1 });
    expect(await must('fleets.list', {})).toEqual([]);
  });

  it('creates a fleet with a load balancer and a DNS name, scales it, and deletes every resource', async () => {
    const plan = await must('fleets.preview', { spec: spec() });
    expect(plan.resources.map((r) => r.kind)).toEqual([
      'security-group',
      'security-group',
      'launch-template',
      'target-group',
      'load-balancer',
      'listener',
      'auto-scaling-group',
      'scaling-policy',
      'dns-record',
    ]);
    expect(plan.costPerHour.atMax).toBeGreaterThan(plan.costPerHour.atMin!);

    const fleet = await must('fleets.create', { spec: spec(), fleetId: plan.fleetId });
    expect(fleet.state).toBe('active');
    // The names the review showed are the names made.
    expect(fleet.id).toBe(plan.fleetId);
    expect(fleet.resources.map((r) => r.name)).toEqual(plan.resources.map((r) => r.name));
    expect(fleet.resources.every((r) => r.id)).toBe(true);
    expect(fleet.dnsName).toMatch(/elb\.amazonaws\.com$/);
    expect(await fleetResources()).toEqual({
      instances: 1,
      securityGroups: 2,
      launchTemplates: 1,
      groups: 1,
      loadBalancers: 1,
      targetGroups: 1,
      aRecords: 2,
    });
    const groupName = fleet.resources.find((r) => r.kind === 'auto-scaling-group')!.id!;
    const [group] = (
      await autoscaling.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [groupName] }))
    ).AutoScalingGroups!;
    expect(group).toMatchObject({ MinSize: 1, MaxSize: 3, DesiredCapacity: 1, HealthCheckType: 'ELB' });
    expect(group.Tags?.find((t) => t.Key === 'kiln:fleet-id')?.Value).toBe(fleet.id);
    const policies = (await autoscaling.send(new DescribePoliciesCommand({ AutoScalingGroupName: groupName })))
      .ScalingPolicies;
    expect(policies?.map((p) => [p.PolicyType, p.TargetTrackingConfiguration?.TargetValue])).toEqual([
      ['TargetTrackingScaling', 80],
    ]);
    const listeners = await elbv2.send(
      new DescribeListenersCommand({ LoadBalancerArn: fleet.resources.find((r) => r.kind === 'load-balancer')!.id }),
    );
    expect(listeners.Listeners?.map((l) => l.Port)).toEqual([80]);
    expect(await targetGroupOf(fleet)).toMatchObject({
      Port: 80,
      HealthCheckPath: '/ping',
      HealthCheckPort: 'traffic-port',
    });
    const alias = (
      await route53.send(new ListResourceRecordSetsCommand({ HostedZoneId: zoneId }))
    ).ResourceRecordSets?.find((r) => r.Name === 'app.example.test.');
    expect(alias?.AliasTarget?.DNSName?.replace(/\.$/, '')).toBe(fleet.dnsName);

    // A second fleet (no load balancer, no policy) in the same region: both are read with one call per API.
    const plain = await must('fleets.create', {
      spec: spec({ name: 'worker', loadBalancer: undefined, dns: undefined, cpuTarget: null }),
    });
    await cloudwatch.send(
      new PutMetricDataCommand({
        Namespace: 'AWS/EC2',
        MetricData: [
          {
            MetricName: 'CPUUtilization',
            Dimensions: [{ Name: 'AutoScalingGroupName', Value: groupName }],
            Value: 91,
            // Ten minutes old: on the chart, but outside the window the sandbox's scaling engine acts on.
            Timestamp: new Date(Date.now() - 600_000),
          },
        ],
      }),
    );
    const before = env.proxy!.count('DescribeAutoScalingGroups');
    const beforeMetrics = env.proxy!.count('GetMetricData');
    const statuses = await must('fleets.status', {});
    expect(env.proxy!.count('DescribeAutoScalingGroups') - before).toBe(1);
    expect(env.proxy!.count('GetMetricData') - beforeMetrics).toBe(1);
    const status = statuses.find((s) => s.fleetId === fleet.id)!;
    expect(status).toMatchObject({ capacity: { min: 1, desired: 1, max: 3 }, missing: false });
    expect(status.instances).toHaveLength(1);
    expect(status.instances[0]?.targetHealth).toBeDefined();
    expect(status.cpu.map((p) => p.value)).toEqual([91]);
    expect(statuses.find((s) => s.fleetId === plain.id)?.instances).toHaveLength(1);
    await must('fleets.delete', { fleetId: plain.id });

    const scaled = await must('fleets.scale', { fleetId: fleet.id, capacity: { min: 1, desired: 2, max: 3 } });
    expect(scaled.spec.capacity.desired).toBe(2);
    expect((await fleetResources()).instances).toBe(2);
    expect((await must('fleets.status', { fleetIds: [fleet.id] }))[0]?.instances).toHaveLength(2);

    const deleted = await must('fleets.delete', { fleetId: fleet.id });
    expect(deleted.state).toBe('deleted');
    expect(await fleetResources()).toEqual({ ...NONE, aRecords: 1 });
    expect(await must('fleets.list', {})).toEqual([]);
  }, 120_000);

  it('checks health on a port of its own, which the instances’ group opens to the load balancer too', async () => {
    const ports = spec({
      name: 'ports',
      instancePort: 8080,
      loadBalancer: { allowedCidr: '203.0.113.7/32', healthCheckPath: '/healthz', healthCheckPort: 8081 },
      dns: undefined,
      cpuTarget: null,
    });
    const plan = await must('fleets.preview', { spec: ports });
    expect(plan.resources.find((r) => r.kind === 'target-group')?.purpose).toBe(
      'The instances on port 8080, healthy when /healthz on port 8081 answers 200.',
    );
    const fleet = await must('fleets.create', { spec: ports, fleetId: plan.fleetId });
    expect(await targetGroupOf(fleet)).toMatchObject({
      Port: 8080,
      HealthCheckPath: '/healthz',
      HealthCheckPort: '8081',
    });
    const [lbGroup, instanceGroup] = fleet.resources.filter((r) => r.kind === 'security-group').map((r) => r.id!);
    const [group] = (await env.ec2('us-east-1').send(new DescribeSecurityGroupsCommand({ GroupIds: [instanceGroup] })))
      .SecurityGroups!;
    expect(
      group.IpPermissions?.map((p) => [p.FromPort, p.ToPort, p.UserIdGroupPairs?.map((g) => g.GroupId)]).sort(),
    ).toEqual([
      [8080, 8080, [lbGroup]],
      [8081, 8081, [lbGroup]],
    ]);
    await must('fleets.delete', { fleetId: fleet.id });
    expect(await fleetResources()).toEqual({ ...NONE, aRecords: 1 });
  }, 90_000);

  it('removes the three resources made before a failing fourth, newest first, and says so', async () => {
    env.proxy!.throttle('CreateTargetGroup', {
      sequence: [true],
      reply: {
        status: 400,
        body:
          '<ErrorResponse xmlns="http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/"><Error><Type>Sender</Type>' +
          '<Code>TooManyTargetGroups</Code><Message>You have reached the maximum number of target groups.</Message>' +
          '</Error><RequestId>fault-1</RequestId></ErrorResponse>',
      },
    });
    const failed = await call('fleets.create', { spec: spec() });
    const error = failed.ok ? undefined : failed.error;
    expect(error?.code).toBe('TooManyTargetGroups');
    expect(error?.message).toContain('Kiln removed what it had created, newest first: launch-template');
    expect(error?.message.match(/security-group/g)).toHaveLength(2);
    expect(await fleetResources()).toEqual({ ...NONE, aRecords: 1 });
    expect(await must('fleets.list', {})).toEqual([]);
  }, 120_000);

  it('shows a fleet whose record is lost on the Cleanup page, and removes all it left', async () => {
    const fleet = await must('fleets.create', {
      spec: spec({ name: 'lost', dns: undefined, capacity: { min: 1, desired: 2, max: 3 } }),
    });
    // The workstation loses its fleets (a new data directory, or the file deleted): AWS still holds the fleet.
    await env.restart(() => rm(path.join(env.dataDir, 'fleets.json'), { force: true }));
    expect(await must('fleets.list', {})).toEqual([]);
    const orphans = await must('orphans.list', { profileId: SANDBOX_PROFILE_ID });
    const leftover = orphans.filter((o) => o.kind === 'fleet');
    expect(leftover.map((o) => [o.id, o.launchId, o.region])).toEqual([[fleet.id, fleet.id, 'us-east-1']]);
    expect(leftover[0]?.detail).toBe(
      'security-group, launch-template, target-group, load-balancer, listener, auto-scaling-group; 2 instances (t3.micro)',
    );
    expect(leftover[0]?.state).toBe('7 resources');
    // Priced like a running fleet: two t3.micro at USD 0.0104 an hour and the load balancer at USD 0.0225 an hour.
    expect(leftover[0]?.estimatedCostPerDay).toBeCloseTo((2 * 0.0104 + 0.0225) * 24, 6);
    expect(leftover[0]?.createdAt).toBeDefined();

    const cleaned = await must('orphans.clean', {
      profileId: SANDBOX_PROFILE_ID,
      items: [{ kind: 'fleet', id: fleet.id, region: 'us-east-1' }],
    });
    expect(cleaned).toEqual([{ kind: 'fleet', id: fleet.id, region: 'us-east-1', ok: true }]);
    expect(await fleetResources()).toEqual({ ...NONE, aRecords: 1 });
    expect((await must('orphans.list', { profileId: SANDBOX_PROFILE_ID })).filter((o) => o.kind === 'fleet')).toEqual(
      [],
    );
  }, 120_000);

  it('removes the template version it added when the instance refresh is refused, changing nothing', async () => {
    const ec2 = env.ec2('us-east-1');
    const fleet = await must('fleets.create', {
      spec: spec({ name: 'refused', loadBalancer: undefined, dns: undefined }),
    });
    const templateId = fleet.resources.find((r) => r.kind === 'launch-template')!.id!;
    const versions = async () =>
      (
        await ec2.send(new DescribeLaunchTemplateVersionsCommand({ LaunchTemplateId: templateId }))
      ).LaunchTemplateVersions!.map((v) => [v.VersionNumber, v.LaunchTemplateData?.ImageId]);
    const before = await versions();
    expect(before).toEqual([[1, fleet.spec.imageId]]);
    // An image that does not exist is refused before the template changes: the fleet exists, so nothing "changed".
    const unknown = await call('fleets.rollout', { fleetId: fleet.id, imageId: 'ami-00000000000000000' });
    expect(unknown.ok ? undefined : unknown.error).toMatchObject({
      code: 'InvalidAMIID.NotFound',
      message: expect.stringMatching(/Nothing was changed\.$/),
    });
    expect(await versions()).toEqual(before);
    const images = await ec2.send(
      new DescribeImagesCommand({ Owners: ['amazon'], Filters: [{ Name: 'name', Values: ['al2023-ami-2023*'] }] }),
    );
    const other = images.Images?.find((i) => i.ImageId !== fleet.spec.imageId && i.Architecture === 'x86_64')?.ImageId;
    expect(other).toBeDefined();

    env.proxy!.throttle('StartInstanceRefresh', {
      sequence: [true],
      reply: {
        status: 400,
        body:
          '<ErrorResponse xmlns="http://autoscaling.amazonaws.com/doc/2011-01-01/"><Error><Type>Sender</Type>' +
          '<Code>InstanceRefreshInProgress</Code><Message>An Instance Refresh is already in progress and blocks the ' +
          'execution of this Instance Refresh.</Message></Error><RequestId>fault-2</RequestId></ErrorResponse>',
      },
    });
    const since = Date.now();
    const refused = await call('fleets.rollout', { fleetId: fleet.id, imageId: other! });
    const error = refused.ok ? undefined : refused.error;
    expect(error?.code).toBe('InstanceRefreshInProgress');
    expect(error?.message).toContain('already in progress');
    expect(error?.message).toContain(
      'The launch template version 2 Kiln had just added was removed again, so nothing changed',
    );
    expect(env.proxy!.count('CreateLaunchTemplateVersion', { since })).toBe(1);
    expect(env.proxy!.count('DeleteLaunchTemplateVersions', { since })).toBe(1);
    expect(await versions()).toEqual(before);
    const latest = await ec2.send(
      new DescribeLaunchTemplateVersionsCommand({ LaunchTemplateId: templateId, Versions: ['$Latest'] }),
    );
    expect(latest.LaunchTemplateVersions?.[0]?.LaunchTemplateData?.ImageId).toBe(fleet.spec.imageId);
    const [kept] = (await must('fleets.list', {})).filter((f) => f.id === fleet.id);
    expect(kept?.spec.imageId).toBe(fleet.spec.imageId);
    expect(kept?.rollout).toBeUndefined();

    await must('fleets.delete', { fleetId: fleet.id });
    expect(await must('fleets.list', {})).toEqual([]);
  }, 120_000);
});
