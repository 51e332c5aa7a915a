/**
 * The networks a launch can go into: VPCs (default first), a VPC's subnets, and its security groups; and the hosted
 * zones its DNS name can go in. Not cached.
 */
import {
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
  type EC2Client,
  type IpPermission,
  type Subnet,
  type Tag,
} from '@aws-sdk/client-ec2';
import type { HostedZoneSummary, SecurityGroupSummary, SubnetSummary, VpcSummary } from '../../common/models';
import { awsCall, type AwsClientPool } from '../aws/clients';
import { listHostedZones, route53Of } from '../dns/dns-calls';
import { KILN_LAUNCH_ID_TAG } from '../launch/tags';
import type { ProfileContext } from '../profiles/profile-context';

const nameTag = (tags: Tag[] | undefined) => tags?.find((t) => t.Key === 'Name')?.Value || undefined;

export async function listVpcs(context: ProfileContext, ec2: EC2Client): Promise<VpcSummary[]> {
  const out = await awsCall(context, 'list VPCs', () => ec2.send(new DescribeVpcsCommand({})));
  return (out.Vpcs ?? [])
    .filter((v) => v.VpcId)
    .map((v) => ({ vpcId: v.VpcId!, cidrBlock: v.CidrBlock, isDefault: v.IsDefault ?? false, name: nameTag(v.Tags) }))
    .sort((a, b) => Number(b.isDefault) - Number(a.isDefault) || (a.name ?? a.vpcId).localeCompare(b.name ?? b.vpcId));
}

/** The region's default VPC id, or undefined when it has none. */
export async function defaultVpcId(context: ProfileContext, ec2: EC2Client): Promise<string | undefined> {
  const out = await awsCall(context, 'find the default VPC', () =>
    ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'is-default', Values: ['true'] }] })),
  );
  return out.Vpcs?.[0]?.VpcId;
}

export function toSubnetSummary(subnet: Subnet): SubnetSummary {
  return {
    subnetId: subnet.SubnetId ?? '',
    vpcId: subnet.VpcId ?? '',
    availabilityZone: subnet.AvailabilityZone ?? '',
    cidrBlock: subnet.CidrBlock,
    mapPublicIpOnLaunch: subnet.MapPublicIpOnLaunch ?? false,
    defaultForAz: subnet.DefaultForAz ?? false,
  };
}

/** Subnets of a VPC (the default VPC when `vpcId` is empty) in zone order; empty when there is no such VPC. */
export async function listSubnets(context: ProfileContext, ec2: EC2Client, vpcId: string): Promise<SubnetSummary[]> {
  const vpc = vpcId || (await defaultVpcId(context, ec2));
  if (!vpc) return [];
  const out = await awsCall(context, `list the subnets of ${vpc}`, () =>
    ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpc] }] })),
  );
  return (out.Subnets ?? [])
    .filter((s) => s.SubnetId)
    .map(toSubnetSummary)
    .sort((a, b) => a.availabilityZone.localeCompare(b.availabilityZone) || a.subnetId.localeCompare(b.subnetId));
}

/** "tcp 22 from 203.0.113.7/32, sg-…": one line per inbound rule, for choosing a group without opening the console. */
export function summarizeRule(rule: IpPermission): string {
  const protocol = rule.IpProtocol === '-1' ? 'all traffic' : (rule.IpProtocol ?? '?');
  const ports =
    rule.IpProtocol === '-1' || rule.FromPort === undefined
      ? ''
      : rule.FromPort === rule.ToPort
        ? ` ${rule.FromPort}`
        : ` ${rule.FromPort}-${rule.ToPort}`;
  const sources = [
    ...(rule.IpRanges ?? []).map((r) => r.CidrIp),
    ...(rule.Ipv6Ranges ?? []).map((r) => r.CidrIpv6),
    ...(rule.UserIdGroupPairs ?? []).map((p) => p.GroupId),
    ...(rule.PrefixListIds ?? []).map((p) => p.PrefixListId),
  ].filter((s): s is string => Boolean(s));
  return `${protocol}${ports} from ${sources.length > 0 ? sources.join(', ') : 'nowhere'}`;
}

/** Security groups of a VPC with a summary of their inbound rules, by name. */
export async function listSecurityGroups(
  context: ProfileContext,
  ec2: EC2Client,
  vpcId: string,
): Promise<SecurityGroupSummary[]> {
  const vpc = vpcId || (await defaultVpcId(context, ec2));
  if (!vpc) return [];
  const out = await awsCall(context, `list the security groups of ${vpc}`, () =>
    ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpc] }] })),
  );
  return (
    (out.SecurityGroups ?? [])
      // Other launches' per-launch groups come and go with their instances: not something to attach to a new one.
      .filter((g) => g.GroupId && !g.Tags?.some((t) => t.Key === KILN_LAUNCH_ID_TAG))
      .map((g) => ({
        groupId: g.GroupId!,
        name: g.GroupName ?? g.GroupId!,
        description: g.Description,
        vpcId: g.VpcId ?? vpc,
        inbound: (g.IpPermissions ?? []).map(summarizeRule),
      }))
      .sort((a, b) => a.name.localeCompare(b.name))
  );
}

/** The network look-ups the wizard offers, per profile and region. */
export interface NetworkCatalog {
  vpcs(context: ProfileContext, region: string): Promise<VpcSummary[]>;
  subnets(context: ProfileContext, region: string, vpcId: string): Promise<SubnetSummary[]>;
  securityGroups(context: ProfileContext, region: string, vpcId: string): Promise<SecurityGroupSummary[]>;
  /** The account's Route 53 hosted zones (global). */
  hostedZones(context: ProfileContext): Promise<HostedZoneSummary[]>;
}

export function createNetworkCatalog(deps: { clients: AwsClientPool }): NetworkCatalog {
  const ec2 = (context: ProfileContext, region: string) => deps.clients.get(context, region).ec2;
  return {
    vpcs: (context, region) => listVpcs(context, ec2(context, region)),
    subnets: (context, region, vpcId) => listSubnets(context, ec2(context, region), vpcId),
    securityGroups: (context, region, vpcId) => listSecurityGroups(context, ec2(context, region), vpcId),
    hostedZones: (context) => listHostedZones(context, route53Of(deps.clients, context)),
  };
}
