// The wizard's choices in a fleet, on the sandbox: an extra security group and a 20 GiB gp3 encrypted root volume are
// written into the launch template moto holds (beside the fleet's own group, on the image's root device); a group of
// another VPC and a 12 GiB root volume are refused before anything is created. (moto gives every image, AL2023
// included, a 15 GiB root snapshot, and ignores the size asked for by RegisterImage or CreateImage, so 12 GiB is
// the refusal here and the fleet that is made gets 20 GiB.) The preflight's RunInstances DryRun carries the launch
// template's instance profile, groups and root volume, so an instance profile that does not exist is refused by EC2
// before any resource is made (moto answers NoSuchEntity; the fault proxy records what the DryRun sent).
import { AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import {
  CreateSecurityGroupCommand,
  CreateVpcCommand,
  DescribeImagesCommand,
  DescribeLaunchTemplateVersionsCommand,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { CreateHostedZoneCommand, Route53Client } from '@aws-sdk/client-route-53';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FleetSpecInput } from '../../../electron/common/models';
import { SANDBOX_PROFILE_ID } from '../../../electron/core/profiles/sandbox-profile';
import { SANDBOX_CREDENTIALS } from '../../../electron/core/sandbox/address';
import { backendCommands } from '../../support/backend-commands';
import { fleetResources as countFleetResources, NO_FLEET_RESOURCES } from '../../support/fleet-resources';
import { startSandboxBackend, type SandboxBackend } from '../../support/sandbox-backend';

const IMAGE_ID = 'ami-0ed094fb1304fd857';
let env: SandboxBackend;
let ec2: EC2Client;
let autoscaling: AutoScalingClient;
let elbv2: ElasticLoadBalancingV2Client;
let route53: Route53Client;
let zoneId = '';
let subnetIds: string[] = [];
let vpcId = '';
const { call, must } = backendCommands(() => env.backend.handlers);

beforeAll(async () => {
  env = await startSandboxBackend({ pendingSeconds: 1, proxy: true, hostRegions: ['us-east-1'] });
  const config = { region: 'us-east-1', endpoint: env.sandbox.endpoint, credentials: { ...SANDBOX_CREDENTIALS } };
  ec2 = env.ec2('us-east-1');
  autoscaling = new AutoScalingClient(config);
  elbv2 = new ElasticLoadBalancingV2Client(config);
  route53 = new Route53Client(config);
  const zone = await route53.send(
    new CreateHostedZoneCommand({ Name: 'choices.test', CallerReference: 'fleet-choices-test' }),
  );
  zoneId = zone.HostedZone!.Id!.replace('/hostedzone/', '');
  const subnets = await must('network.subnets', { profileId: SANDBOX_PROFILE_ID, region: 'us-east-1', vpcId: '' });
  subnetIds = subnets.slice(0, 1).map((s) => s.subnetId);
  vpcId = subnets[0].vpcId;
}, 90_000);
afterAll(async () => {
  for (const client of [autoscaling, elbv2, route53]) client?.destroy();
  await env?.stop();
});

const spec = (overrides: Partial<FleetSpecInput> = {}): FleetSpecInput => ({
  profileId: SANDBOX_PROFILE_ID,
  region: 'us-east-1',
  name: 'choices',
  imageId: IMAGE_ID,
  instanceType: 't3.micro',
  subnetIds,
  capacity: { min: 1, desired: 1, max: 2 },
  cpuTarget: null,
  ...overrides,
});

const fleetResources = () => countFleetResources({ ec2, autoscaling, elbv2, route53, zoneId });

async function securityGroup(name: string, inVpc: string): Promise<string> {
  const out = await ec2.send(new CreateSecurityGroupCommand({ GroupName: name, Description: name, VpcId: inVpc }));
  return out.GroupId!;
}

describe('a fleet with the wizard’s choices', () => {
  it('writes the extra security group and the root volume into its launch template', async () => {
    const extra = await securityGroup('fleet-choices-web', vpcId);
    const choices = spec({
      securityGroupIds: [extra],
      storage: { rootVolumeSizeGiB: 20, volumeType: 'gp3', encrypted: true },
    });
    const plan = await must('fleets.preview', { spec: choices });
    expect(plan.resources.find((r) => r.kind === 'launch-template')?.purpose).toContain(
      `also in ${extra}, a 20 GiB root volume (gp3, encrypted)`,
    );
    const fleet = await must('fleets.create', { spec: choices, fleetId: plan.fleetId });
    expect(fleet.state).toBe('active');

    const own = fleet.resources.find((r) => r.kind === 'security-group')!.id!;
    const templateId = fleet.resources.find((r) => r.kind === 'launch-template')!.id!;
    const versions = await ec2.send(
      new DescribeLaunchTemplateVersionsCommand({ LaunchTemplateId: templateId, Versions: ['$Latest'] }),
    );
    const data = versions.LaunchTemplateVersions?.[0]?.LaunchTemplateData;
    expect([...(data?.SecurityGroupIds ?? [])].sort()).toEqual([own, extra].sort());
    const [image] = (await ec2.send(new DescribeImagesCommand({ ImageIds: [IMAGE_ID] }))).Images!;
    expect(data?.BlockDeviceMappings).toEqual([
      {
        DeviceName: image.RootDeviceName,
        Ebs: { VolumeSize: 20, VolumeType: 'gp3', Encrypted: true, DeleteOnTermination: true },
      },
    ]);

    await must('fleets.delete', { fleetId: fleet.id });
    expect(await fleetResources()).toEqual(NO_FLEET_RESOURCES);
  }, 120_000);

  it('refuses a group of another VPC and a root volume smaller than the image, creating nothing', async () => {
    const otherVpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.77.0.0/16' }))).Vpc!.VpcId!;
    const elsewhere = await securityGroup('fleet-choices-elsewhere', otherVpc);
    const refusals = await Promise.all([
      call('fleets.preview', { spec: spec({ securityGroupIds: [elsewhere] }) }),
      call('fleets.create', { spec: spec({ securityGroupIds: [elsewhere] }) }),
      call('fleets.create', { spec: spec({ securityGroupIds: ['sg-0123456789abcdef0'] }) }),
      call('fleets.create', { spec: spec({ storage: { rootVolumeSizeGiB: 12, volumeType: 'gp3', encrypted: true } }) }),
    ]);
    expect(refusals.map((r) => (r.ok ? 'created' : [r.error.code, r.error.field]))).toEqual([
      ['InvalidGroup.NotFound', 'securityGroupIds'],
      ['InvalidGroup.NotFound', 'securityGroupIds'],
      ['InvalidGroup.NotFound', 'securityGroupIds'],
      ['VolumeTooSmall', 'storage.rootVolumeSizeGiB'],
    ]);
    const [, fromOtherVpc, , tooSmall] = refusals;
    expect(fromOtherVpc?.ok ? '' : fromOtherVpc?.error.message).toContain(`${elsewhere} is not a security group of`);
    expect(tooSmall?.ok ? '' : tooSmall?.error.message).toMatch(
      /12 GiB, but .* needs at least 15 GiB\. Nothing was created\./,
    );
    expect(await fleetResources()).toEqual(NO_FLEET_RESOURCES);
    expect(await must('fleets.list', {})).toEqual([]);
  }, 120_000);

  it('dry-runs the instance profile, groups and root volume, so an unknown profile is refused before anything is made', async () => {
    const extra = await securityGroup('fleet-choices-profile', vpcId);
    const since = Date.now();
    const refused = await call('fleets.create', {
      spec: spec({
        instanceProfile: 'kiln-no-such-profile',
        securityGroupIds: [extra],
        storage: { rootVolumeSizeGiB: 20, volumeType: 'gp3', encrypted: true },
      }),
    });
    const error = refused.ok ? undefined : refused.error;
    expect([error?.code, error?.field]).toEqual(['NoSuchEntity', 'instanceProfile']);
    expect(error?.message).toMatch(/kiln-no-such-profile not found\. Nothing was created\.$/);

    const proxy = env.proxy!;
    const dryRuns = proxy.requests.filter((r) => r.action === 'RunInstances' && r.at >= since);
    expect(dryRuns.map((r) => r.params.get('DryRun'))).toEqual(['true']);
    const sent = dryRuns[0].params;
    expect({
      profile: sent.get('IamInstanceProfile.Name'),
      group: sent.get('SecurityGroupId.1'),
      volumeSize: sent.get('BlockDeviceMapping.1.Ebs.VolumeSize'),
      volumeType: sent.get('BlockDeviceMapping.1.Ebs.VolumeType'),
    }).toEqual({ profile: 'kiln-no-such-profile', group: extra, volumeSize: '20', volumeType: 'gp3' });
    for (const action of ['CreateSecurityGroup', 'CreateLaunchTemplate', 'CreateAutoScalingGroup']) {
      expect(proxy.count(action, { since }), action).toBe(0);
    }
    expect(await fleetResources()).toEqual(NO_FLEET_RESOURCES);
    expect(await must('fleets.list', {})).toEqual([]);
  }, 120_000);
});
