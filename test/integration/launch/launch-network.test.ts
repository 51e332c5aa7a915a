// The network step on the sandbox: VPC, subnet and security group listings, a launch into a chosen VPC with the
// public IP asked for explicitly and existing groups beside Kiln's own, and a Windows launch. moto stores what
// RunInstances received (placement, groups, user data), which is what these tests read back. The sandbox cannot run
// Windows user data (its instance host runs Linux user data only): the PowerShell bootstrap is checked as EC2 would
// hand it to EC2Launch v2, not executed; that gap is covered by test/unit/bootstrap/windows-bootstrap.test.ts.
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  DescribeImagesCommand,
  DescribeInstanceAttributeCommand,
  DescribeInstancesCommand,
  DescribeSecurityGroupsCommand,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LaunchSpecInput } from '../../../electron/common/models';
import { SANDBOX_PROFILE_ID } from '../../../electron/core/profiles/sandbox-profile';
import { startSandboxBackend, type SandboxBackend } from '../../support/sandbox-backend';
import { backendCommands } from '../../support/backend-commands';

// A region whose instances the instance host does not run: these launches only need what RunInstances received.
const REGION = 'us-west-2';
let env: SandboxBackend;
let ec2: EC2Client;
let vpcId: string;
let subnetId: string;
let corpGroupId: string;
let linuxImageId: string;

const { call, must } = backendCommands(() => env.backend.handlers);
const where = { profileId: SANDBOX_PROFILE_ID, region: REGION };
const spec = (overrides: Partial<LaunchSpecInput> = {}): LaunchSpecInput => ({
  ...where,
  name: 'network-step',
  imageId: linuxImageId,
  instanceType: 't3.micro',
  installScript: 'echo hello',
  ...overrides,
});
async function instanceOf(instanceId: string) {
  return (await ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }))).Reservations![0].Instances![0];
}
async function portsOf(groupId: string) {
  const group = (await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [groupId] }))).SecurityGroups![0];
  return (group.IpPermissions ?? []).map((p) => p.FromPort).sort((a, b) => a! - b!);
}

beforeAll(async () => {
  env = await startSandboxBackend({ pendingSeconds: 1, hostRegions: ['us-east-1'] });
  ec2 = env.ec2(REGION);
  const quickStart = await must('images.quickStart', where);
  linuxImageId = quickStart.find((i) => i.platform === 'linux' && i.architecture === 'x86_64')!.imageId;
  vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.20.0.0/16' }))).Vpc!.VpcId!;
  subnetId = (
    await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.20.1.0/24', AvailabilityZone: `${REGION}b` }))
  ).Subnet!.SubnetId!;
  corpGroupId = (
    await ec2.send(
      new CreateSecurityGroupCommand({ GroupName: 'corp-ssh', Description: 'SSH from the office', VpcId: vpcId }),
    )
  ).GroupId!;
  await ec2.send(
    new AuthorizeSecurityGroupIngressCommand({
      GroupId: corpGroupId,
      IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '198.51.100.0/24' }] }],
    }),
  );
}, 60_000);
afterAll(async () => env?.stop());

describe('the network step on the sandbox', () => {
  it('lists VPCs with the default first, the subnets of a chosen VPC, and its security groups with their rules', async () => {
    const vpcs = await must('network.vpcs', where);
    expect(vpcs[0]).toMatchObject({ isDefault: true });
    expect(vpcs.map((v) => v.vpcId)).toContain(vpcId);

    const subnets = await must('network.subnets', { ...where, vpcId });
    expect(subnets).toEqual([
      expect.objectContaining({
        subnetId,
        vpcId,
        availabilityZone: `${REGION}b`,
        cidrBlock: '10.20.1.0/24',
        mapPublicIpOnLaunch: false,
      }),
    ]);
    const defaultSubnets = await must('network.subnets', where);
    expect(defaultSubnets.length).toBeGreaterThan(0);
    expect(defaultSubnets.every((s) => s.vpcId === vpcs[0].vpcId)).toBe(true);

    const groups = await must('network.securityGroups', { ...where, vpcId });
    expect(groups.find((g) => g.groupId === corpGroupId)).toEqual({
      groupId: corpGroupId,
      name: 'corp-ssh',
      description: 'SSH from the office',
      vpcId,
      inbound: ['tcp 22 from 198.51.100.0/24'],
    });
  });

  it('launches into the chosen VPC with a public IP on interface 0, the existing group as it is, and Kiln’s group with only the agent port', async () => {
    const launched = await must('launch.start', {
      spec: spec({
        network: {
          vpcId,
          subnetId,
          publicIp: 'enable',
          securityGroupMode: 'existing',
          existingGroupIds: [corpGroupId],
        },
      }),
    });
    const instance = await instanceOf(launched.instanceId!);
    expect(instance).toMatchObject({ SubnetId: subnetId, VpcId: vpcId });
    expect(instance.PublicIpAddress).toBeTruthy();
    // The groups are on the network interface (moto leaves the instance-level list empty for interface launches).
    const eni =
      instance.NetworkInterfaces!.find((n) => n.Attachment?.DeviceIndex === 0) ?? instance.NetworkInterfaces![0];
    expect(eni.SubnetId).toBe(subnetId);
    expect(eni.Groups!.map((g) => g.GroupId).sort()).toEqual([launched.securityGroupId, corpGroupId].sort());
    expect(await portsOf(launched.securityGroupId!)).toEqual([8443]);
    expect(await portsOf(corpGroupId)).toEqual([22]);
    expect(launched.loginPort).toBeNull();
  }, 60_000);

  it('launches without a public IP when asked (the sandbox reaches agents on loopback, so this is allowed here)', async () => {
    const launched = await must('launch.start', { spec: spec({ network: { publicIp: 'disable' } }) });
    const instance = await instanceOf(launched.instanceId!);
    expect(instance.PublicIpAddress).toBeUndefined();
    expect(await portsOf(launched.securityGroupId!)).toEqual([22, 8443]);
  }, 60_000);

  it('refuses groups of another VPC before creating anything', async () => {
    const before = (await ec2.send(new DescribeInstancesCommand({}))).Reservations?.length ?? 0;
    const result = await call('launch.start', {
      spec: spec({ network: { securityGroupMode: 'existing', existingGroupIds: [corpGroupId] } }),
    });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'InvalidGroup.NotFound', field: 'network.existingGroupIds' },
    });
    expect((await ec2.send(new DescribeInstancesCommand({}))).Reservations?.length ?? 0).toBe(before);
  });

  it('launches a Windows AMI with the PowerShell bootstrap as EC2Launch v2 user data, and RDP instead of SSH', async () => {
    const windows = await ec2.send(new DescribeImagesCommand({ Filters: [{ Name: 'platform', Values: ['windows'] }] }));
    const image = windows.Images!.find((i) => i.Architecture === 'x86_64')!;
    const script = "Install-WindowsFeature Web-Server\nWrite-Output 'done'\n";
    // The size preview renders the AMI's own bootstrap: the PowerShell one for Windows.
    const linuxPreview = await must('launch.preview', { spec: spec({ installScript: script }) });
    const windowsPreview = await must('launch.preview', {
      spec: spec({ imageId: image.ImageId!, installScript: script }),
    });
    expect(windowsPreview.userDataBytes).toBeGreaterThan(linuxPreview.userDataBytes);
    const launched = await must('launch.start', {
      spec: spec({ name: 'windows-step', imageId: image.ImageId!, installScript: script, keyPair: { mode: 'none' } }),
    });
    const attribute = await ec2.send(
      new DescribeInstanceAttributeCommand({ InstanceId: launched.instanceId!, Attribute: 'userData' }),
    );
    const userData = Buffer.from(attribute.UserData!.Value!, 'base64').toString('utf8');
    expect(userData.startsWith('<powershell>\n')).toBe(true);
    expect(userData.trimEnd().endsWith('</powershell>')).toBe(true);
    expect(userData).toContain(`$AgentPort = ${launched.spec.agentPort}\n`);
    expect(userData).toContain(`$InstallScriptBase64 = '${Buffer.from(script, 'utf8').toString('base64')}'`);
    expect(userData).not.toContain('#!/bin/bash');
    expect(launched.userDataBytes).toBe(Buffer.byteLength(userData));
    expect(await portsOf(launched.securityGroupId!)).toEqual([3389, 8443]);
    expect(launched.loginPort).toBe(3389);
  }, 60_000);
});
