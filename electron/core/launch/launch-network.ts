/**
 * Where a launch goes on the network: the VPC (the default one unless chosen), a subnet of it, whether the instance
 * gets a public IPv4 address, and the existing security groups to attach. Checked before anything is created.
 */
import {
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import type { NetworkChoice, SubnetSummary } from '../../common/models';
import { KilnFailure } from '../../common/result';
import { awsCall } from '../aws/clients';
import { defaultVpcId, toSubnetSummary } from '../catalog/network-catalog';
import type { ProfileContext } from '../profiles/profile-context';

export interface LaunchNetwork {
  vpcId: string;
  subnetId: string;
  availabilityZone: string;
  /** What RunInstances is asked: `subnet` keeps the subnet's own setting. */
  publicIp: NetworkChoice['publicIp'];
  /** Whether the instance ends up with a public IPv4 address. */
  getsPublicIp: boolean;
  /** Existing groups attached as they are, beside Kiln's per-launch group. */
  existingGroupIds: string[];
}

/** The subnet to launch into: the chosen one (which must be in the VPC), else the first zone's default subnet. */
export function pickSubnet(
  subnets: readonly SubnetSummary[],
  vpcId: string,
  chosen: string,
  region: string,
): SubnetSummary {
  if (chosen) {
    const subnet = subnets.find((s) => s.subnetId === chosen);
    if (!subnet) {
      throw new KilnFailure({
        code: 'InvalidSubnetID.NotFound',
        message: `Subnet ${chosen} is not in VPC ${vpcId}.`,
        remedy: 'Pick a subnet of the chosen VPC from the list, or leave the default.',
        field: 'network.subnetId',
      });
    }
    return subnet;
  }
  const ordered = [...subnets].sort(
    (a, b) => Number(b.defaultForAz) - Number(a.defaultForAz) || a.availabilityZone.localeCompare(b.availabilityZone),
  );
  const subnet = ordered[0];
  if (!subnet) {
    throw new KilnFailure({
      code: 'NoSubnet',
      message: `VPC ${vpcId} in ${region} has no subnet to launch into.`,
      remedy: 'Create a subnet in it (VPC console → Subnets), or choose another VPC.',
      field: 'network.subnetId',
    });
  }
  return subnet;
}

/** Whether the instance gets a public IPv4 address under this choice, in this subnet. */
export function getsPublicIp(choice: NetworkChoice['publicIp'], subnet: SubnetSummary): boolean {
  return choice === 'enable' || (choice === 'subnet' && subnet.mapPublicIpOnLaunch);
}

/**
 * Refuses a launch the agent link could never reach: Kiln talks to the agent over the instance's public address,
 * unless the profile reaches instances some other way (the sandbox maps them to loopback).
 */
export function assertReachable(
  network: Pick<LaunchNetwork, 'getsPublicIp' | 'subnetId'>,
  agentNeedsPublicIp: boolean,
): void {
  if (network.getsPublicIp || !agentNeedsPublicIp) return;
  throw new KilnFailure({
    code: 'NoPublicIp',
    message: `The instance would get no public IP address in ${network.subnetId}, so Kiln could not reach its installer agent (or SSH/RDP to it).`,
    remedy: 'Set "Public IP" to Enable, or pick a subnet that assigns public IPs on launch.',
    field: 'network.publicIp',
  });
}

/** True when the profile can only reach an agent through the instance's public IP. */
export function agentNeedsPublicIp(context: ProfileContext): boolean {
  return context.agentAddress({ instanceId: 'i-00000000000000000' }) === undefined;
}

async function resolveVpc(context: ProfileContext, ec2: EC2Client, region: string, chosen: string): Promise<string> {
  if (!chosen) {
    const vpcId = await defaultVpcId(context, ec2);
    if (vpcId) return vpcId;
    throw new KilnFailure({
      code: 'NoDefaultVpc',
      message: `Region ${region} has no default VPC.`,
      remedy: 'Choose a VPC from the list, or create a default VPC (VPC console → Actions → Create default VPC).',
      field: 'network.vpcId',
    });
  }
  const out = await awsCall(context, `find VPC ${chosen}`, () =>
    ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'vpc-id', Values: [chosen] }] })),
  );
  if (!out.Vpcs?.some((v) => v.VpcId === chosen)) {
    throw new KilnFailure({
      code: 'InvalidVpcID.NotFound',
      message: `VPC ${chosen} does not exist in ${region}.`,
      remedy: 'Pick a VPC from the list.',
      field: 'network.vpcId',
    });
  }
  return chosen;
}

async function checkExistingGroups(
  context: ProfileContext,
  ec2: EC2Client,
  vpcId: string,
  groupIds: readonly string[],
): Promise<void> {
  if (groupIds.length === 0) return;
  const out = await awsCall(context, `list the security groups of ${vpcId}`, () =>
    ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] })),
  );
  const known = new Set((out.SecurityGroups ?? []).map((g) => g.GroupId));
  const missing = groupIds.filter((id) => !known.has(id));
  if (missing.length > 0) {
    throw new KilnFailure({
      code: 'InvalidGroup.NotFound',
      message: `${missing.join(', ')} ${missing.length === 1 ? 'is not a security group' : 'are not security groups'} of VPC ${vpcId}.`,
      remedy: 'Pick security groups of the chosen VPC from the list, or let Kiln create one.',
      field: 'network.existingGroupIds',
    });
  }
}

export async function resolveLaunchNetwork(
  context: ProfileContext,
  ec2: EC2Client,
  region: string,
  choice: NetworkChoice,
): Promise<LaunchNetwork> {
  const vpcId = await resolveVpc(context, ec2, region, choice.vpcId);
  const out = await awsCall(context, `list the subnets of ${vpcId}`, () =>
    ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] })),
  );
  const subnet = pickSubnet((out.Subnets ?? []).map(toSubnetSummary), vpcId, choice.subnetId, region);
  const existingGroupIds = choice.securityGroupMode === 'existing' ? [...new Set(choice.existingGroupIds)] : [];
  await checkExistingGroups(context, ec2, vpcId, existingGroupIds);
  const network: LaunchNetwork = {
    vpcId,
    subnetId: subnet.subnetId,
    availabilityZone: subnet.availabilityZone,
    publicIp: choice.publicIp,
    getsPublicIp: getsPublicIp(choice.publicIp, subnet),
    existingGroupIds,
  };
  assertReachable(network, agentNeedsPublicIp(context));
  return network;
}
