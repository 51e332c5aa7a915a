/**
 * When the agent does not answer, finds which link is broken: no public IP, a security group rule for another
 * address than the operator's current one, a subnet without a route to an internet gateway, failing status
 * checks. Also fetches the instance's console output, the view of last resort. And whether the ports Kiln could not
 * close to an old address of the operator (kept on the launch) are still open.
 */
import {
  DescribeInstancesCommand,
  DescribeInstanceStatusCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  GetConsoleOutputCommand,
  type EC2Client,
  type IpPermission,
} from '@aws-sdk/client-ec2';
import type { ConnectivityCheck, Diagnosis, LaunchRecord } from '../../common/models';
import { KilnFailure } from '../../common/result';
import { awsCall } from '../aws/clients';
import type { ProfileContext } from '../profiles/profile-context';

export async function diagnoseConnectivity(
  context: ProfileContext,
  ec2: EC2Client,
  record: LaunchRecord,
  at: Date,
): Promise<Diagnosis> {
  if (!record.instanceId) {
    throw new KilnFailure({
      code: 'NoInstance',
      message: 'This launch has no instance to diagnose.',
      remedy: 'Launch again.',
    });
  }
  const instanceId = record.instanceId;
  const described = await awsCall(context, `describe ${instanceId}`, () =>
    ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] })),
  );
  const instance = described.Reservations?.[0]?.Instances?.[0];
  if (!instance)
    throw new KilnFailure({
      code: 'InstanceNotFound',
      message: `${instanceId} no longer exists.`,
      remedy: 'Terminate the launch to clean up.',
    });

  const checks: ConnectivityCheck[] = [];
  checks.push(
    instance.PublicIpAddress
      ? { id: 'public-ip', ok: true, title: 'The instance has a public IP address', detail: instance.PublicIpAddress }
      : {
          id: 'public-ip',
          ok: false,
          title: 'The instance has no public IP address',
          detail: 'Kiln reaches the agent over the internet.',
          remedy: 'Launch into a subnet that maps public IPs, or attach an Elastic IP.',
        },
  );
  const operatorCidr = await context.operatorCidr().catch(() => undefined);
  const rules = record.securityGroupId ? await groupRules(context, ec2, record.securityGroupId) : undefined;
  checks.push(ruleCheck(record, rules, operatorCidr));
  const leftOpen = oldAddressCheck(record, rules);
  if (leftOpen) checks.push(leftOpen);
  if (instance.SubnetId) checks.push(await routeCheck(context, ec2, instance.SubnetId, instance.VpcId));
  checks.push(await statusCheck(context, ec2, instanceId));

  const console = await ec2
    .send(new GetConsoleOutputCommand({ InstanceId: instanceId, Latest: true }))
    .catch(() => undefined);
  const consoleOutput = console?.Output ? Buffer.from(console.Output, 'base64').toString('utf8') : undefined;
  return { checkedAt: at.toISOString(), operatorCidr, checks, consoleOutput };
}

/** The inbound rules of a security group. */
export async function groupRules(context: ProfileContext, ec2: EC2Client, groupId: string): Promise<IpPermission[]> {
  const groups = await awsCall(context, 'read the security group', () =>
    ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [groupId] })),
  );
  return groups.SecurityGroups?.[0]?.IpPermissions ?? [];
}

function ruleCheck(
  record: LaunchRecord,
  rules: IpPermission[] | undefined,
  operatorCidr: string | undefined,
): ConnectivityCheck {
  const id = 'security-group';
  if (!rules)
    return {
      id,
      ok: true,
      title: 'The launch uses an existing security group',
      detail: 'Kiln does not manage its rules.',
    };
  const allowed = cidrsForPort(rules, record.spec.agentPort);
  if (!operatorCidr)
    return {
      id,
      ok: false,
      title: 'Your current public address is unknown',
      detail: `The agent port is open to ${allowed.join(', ') || 'nobody'}.`,
      remedy: 'Check the network connection.',
    };
  if (portOpenTo(rules, record.spec.agentPort, operatorCidr)) {
    return {
      id,
      ok: true,
      title: `The agent port ${record.spec.agentPort} is open to your address`,
      detail: operatorCidr,
    };
  }
  return {
    id,
    ok: false,
    title: `The agent port ${record.spec.agentPort} is not open to your current address`,
    detail: `Your address is ${operatorCidr}; the rule allows ${allowed.join(', ') || 'nobody'} (your address may have changed, or the install is over).`,
    remedy: 'Update the rule to your current address.',
    fix: 'update-agent-rule',
  };
}

/** The ports Kiln failed to close to an old address: still open (checked in the group now), or closed since. */
function oldAddressCheck(record: LaunchRecord, rules: IpPermission[] | undefined): ConnectivityCheck | undefined {
  const recorded = (record.leftOpen ?? []).filter((entry) => entry.groupId === record.securityGroupId);
  if (!rules || recorded.length === 0) return undefined;
  const stillOpen = recorded.flatMap((entry) =>
    entry.ports
      .filter((port) => cidrsForPort(rules, port).includes(entry.cidr))
      .map((port) => ({ port, cidr: entry.cidr, errorCode: entry.errorCode })),
  );
  if (stillOpen.length === 0)
    return {
      id: 'old-address',
      ok: true,
      title: 'No port is open to an old address of yours any more',
      detail: `Kiln could not close them itself; they have been removed since (${recorded.map((e) => e.cidr).join(', ')}).`,
    };
  return {
    id: 'old-address',
    ok: false,
    title: 'Ports are still open to an old address of yours',
    detail: `${stillOpen.map((s) => `port ${s.port} to ${s.cidr}`).join('; ')}: Kiln could not revoke ${stillOpen.length === 1 ? 'it' : 'them'} (${[...new Set(stillOpen.map((s) => s.errorCode))].join(', ')}).`,
    remedy: `Remove ${stillOpen.length === 1 ? 'that rule' : 'those rules'} from ${record.securityGroupId} in the EC2 console, or give this profile ec2:RevokeSecurityGroupIngress and update the rule again.`,
  };
}

/** Whether the rules let `cidr` reach tcp `port` (a rule for exactly that address, or for everyone). */
export function portOpenTo(rules: IpPermission[], port: number, cidr: string): boolean {
  const allowed = cidrsForPort(rules, port);
  return allowed.includes(cidr) || allowed.includes('0.0.0.0/0');
}

export function cidrsForPort(rules: IpPermission[], port: number): string[] {
  return rules
    .filter((r) => r.IpProtocol === '-1' || ((r.FromPort ?? 0) <= port && port <= (r.ToPort ?? 65_535)))
    .flatMap((r) => (r.IpRanges ?? []).map((range) => range.CidrIp ?? ''))
    .filter(Boolean);
}

async function routeCheck(
  context: ProfileContext,
  ec2: EC2Client,
  subnetId: string,
  vpcId: string | undefined,
): Promise<ConnectivityCheck> {
  const explicit = await awsCall(context, 'read the route tables', () =>
    ec2.send(new DescribeRouteTablesCommand({ Filters: [{ Name: 'association.subnet-id', Values: [subnetId] }] })),
  );
  let tables = explicit.RouteTables ?? [];
  if (tables.length === 0 && vpcId) {
    // Subnets without their own association use the VPC's main table (picked here: not every EC2 endpoint
    // filters on association.main).
    const all = await awsCall(context, 'read the main route table', () =>
      ec2.send(new DescribeRouteTablesCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] })),
    );
    tables = (all.RouteTables ?? []).filter((t) => t.Associations?.some((a) => a.Main));
  }
  const internet = tables
    .flatMap((t) => t.Routes ?? [])
    .find((r) => r.DestinationCidrBlock === '0.0.0.0/0' && r.GatewayId?.startsWith('igw-'));
  return internet
    ? {
        id: 'route',
        ok: true,
        title: 'The subnet routes to an internet gateway',
        detail: `${subnetId} → ${internet.GatewayId}`,
      }
    : {
        id: 'route',
        ok: false,
        title: 'The subnet has no route to an internet gateway',
        detail: subnetId,
        remedy: 'Add a 0.0.0.0/0 route to an internet gateway in its route table, or pick a public subnet.',
      };
}

async function statusCheck(context: ProfileContext, ec2: EC2Client, instanceId: string): Promise<ConnectivityCheck> {
  const out = await awsCall(context, 'read the status checks', () =>
    ec2.send(new DescribeInstanceStatusCommand({ InstanceIds: [instanceId], IncludeAllInstances: true })),
  );
  const status = out.InstanceStatuses?.[0];
  const system = status?.SystemStatus?.Status;
  const instance = status?.InstanceStatus?.Status;
  const failing = [system, instance].includes('impaired');
  if (failing) {
    return {
      id: 'status-checks',
      ok: false,
      title: 'A status check is failing',
      detail: `system: ${system}, instance: ${instance}`,
      remedy: 'See the console output below; reboot or terminate the instance.',
    };
  }
  return {
    id: 'status-checks',
    ok: true,
    title: 'Status checks pass or are still initializing',
    detail: `system: ${system ?? 'unknown'}, instance: ${instance ?? 'unknown'}`,
  };
}
