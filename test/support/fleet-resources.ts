/** Counts every Kiln fleet resource moto holds, by type, for the fleet tests that must find none left. */
import { AutoScalingClient, DescribeAutoScalingGroupsCommand } from '@aws-sdk/client-auto-scaling';
import {
  DescribeInstancesCommand,
  DescribeLaunchTemplatesCommand,
  DescribeSecurityGroupsCommand,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import {
  DescribeLoadBalancersCommand,
  DescribeTargetGroupsCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { ListResourceRecordSetsCommand, Route53Client } from '@aws-sdk/client-route-53';
import { createHostedZone } from './hosted-zone';
import type { SandboxBackend } from './sandbox-backend';

export interface FleetResourceClients {
  ec2: EC2Client;
  autoscaling: AutoScalingClient;
  elbv2: ElasticLoadBalancingV2Client;
  route53: Route53Client;
  /** The hosted zone whose A records are counted. */
  zoneId: string;
}

/**
 * The clients fleetResources reads with, straight to the sandbox's moto in us-east-1 (destroyed when it stops), and a
 * new hosted zone there for the fleets' DNS names (whose A records it counts).
 */
export async function sandboxFleetClients(
  env: Pick<SandboxBackend, 'ec2' | 'client'>,
  zone: { name: string; callerReference: string },
): Promise<FleetResourceClients> {
  const route53 = env.client(Route53Client);
  return {
    ec2: env.ec2('us-east-1'),
    autoscaling: env.client(AutoScalingClient),
    elbv2: env.client(ElasticLoadBalancingV2Client),
    route53,
    zoneId: await createHostedZone(route53, zone.name, zone.callerReference),
  };
}

/** Every Kiln fleet resource moto holds, by type (instances: the ones not terminated). */
export async function fleetResources({ ec2, autoscaling, elbv2, route53, zoneId }: FleetResourceClients) {
  const tagged = [{ Name: 'tag-key', Values: ['kiln:fleet-id'] }];
  const instances = (await ec2.send(new DescribeInstancesCommand({ Filters: tagged }))).Reservations?.flatMap(
    (r) => r.Instances ?? [],
  );
  const balancers = (await elbv2.send(new DescribeLoadBalancersCommand({}))).LoadBalancers ?? [];
  const records = (await route53.send(new ListResourceRecordSetsCommand({ HostedZoneId: zoneId }))).ResourceRecordSets;
  return {
    instances: (instances ?? []).filter((i) => i.State?.Name !== 'terminated').length,
    securityGroups: (await ec2.send(new DescribeSecurityGroupsCommand({ Filters: tagged }))).SecurityGroups?.length,
    launchTemplates: (await ec2.send(new DescribeLaunchTemplatesCommand({ Filters: tagged }))).LaunchTemplates?.length,
    groups: (await autoscaling.send(new DescribeAutoScalingGroupsCommand({}))).AutoScalingGroups?.length,
    loadBalancers: balancers.filter((b) => b.LoadBalancerName?.startsWith('kiln-')).length,
    targetGroups: (await elbv2.send(new DescribeTargetGroupsCommand({}))).TargetGroups?.length,
    aRecords: records?.filter((r) => r.Type === 'A').length,
  };
}

/** What fleetResources counts when nothing of any fleet is left. */
export const NO_FLEET_RESOURCES = {
  instances: 0,
  securityGroups: 0,
  launchTemplates: 0,
  groups: 0,
  loadBalancers: 0,
  targetGroups: 0,
  aRecords: 0,
};
