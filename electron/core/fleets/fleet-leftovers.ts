/**
 * What fleets have in AWS, read without any fleet record: every resource tagged `kiln:fleet-id`, with its age, state
 * and cost, read with one call per kind and region (the listeners: one per Kiln load balancer, which is all ELBv2
 * allows). The Cleanup page groups them into leftover fleets (no fleet on this workstation owns them) and removes them
 * newest first, the way a fleet's own Delete does; the inventory lists them one row each.
 */
import { DescribeAutoScalingGroupsCommand } from '@aws-sdk/client-auto-scaling';
import { DescribeLaunchTemplatesCommand, DescribeSecurityGroupsCommand } from '@aws-sdk/client-ec2';
import {
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
  DescribeTagsCommand,
  DescribeTargetGroupsCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import type { FleetResource, FleetResourceKind } from '../../common/models';
import { awsCall, type AwsClients } from '../aws/clients';
import { KILN_CREATED_BY_TAG, KILN_CREATED_BY_VALUE } from '../launch/tags';
import { instanceDailyCost } from '../pricing/resource-cost';
import type { ProfileContext } from '../profiles/profile-context';
import { ALB_HOURLY_USD } from './fleet-plan';
import { deleteFleetResource } from './fleet-deletion';
import { KILN_FLEET_DNS_TAG, KILN_FLEET_ID_TAG } from './fleet-steps';

/** Creation order: leftovers are deleted in reverse. */
const ORDER: FleetResourceKind[] = [
  'security-group',
  'launch-template',
  'target-group',
  'load-balancer',
  'listener',
  'auto-scaling-group',
  'dns-record',
];
/** ELBv2 DescribeTags takes at most 20 ARNs a call. */
const TAG_BATCH = 20;
/** An Application Load Balancer's charge per day (LCUs aside), USD. */
export const ALB_USD_PER_DAY = ALB_HOURLY_USD * 24;

type Tags = ReadonlyArray<{ Key?: string; Value?: string }> | undefined;
const tagOf = (tags: Tags, key: string) => tags?.find((t) => t.Key === key)?.Value;
const iso = (date: Date | undefined) => date?.toISOString();

/** A fleet resource as AWS describes it, with the fleet its `kiln:fleet-id` tag names. */
export interface FoundFleetResource extends Omit<FleetResource, 'purpose'> {
  fleetId: string;
  /** Whether it also carries `kiln:created-by` = `kiln` (what the inventory lists). */
  kilnTagged: boolean;
  createdAt?: string;
  state?: string;
  detail?: string;
  /** USD per day by itself (a group's instances are priced as instances: its own is 0); null when unknown. */
  costPerDay: number | null;
  /** A group's instances that are billed, by type (for pricing a leftover fleet). */
  instanceTypes?: string[];
}

/** Every Kiln fleet resource of the region, with details, in creation order. */
export async function scanFleetResources(context: ProfileContext, clients: AwsClients): Promise<FoundFleetResource[]> {
  const region = clients.region;
  const tagged = [{ Name: 'tag-key', Values: [KILN_FLEET_ID_TAG] }];
  const [groups, templates, securityGroups, balancers, targetGroups] = await awsCall(
    context,
    `list Kiln fleet resources in ${region}`,
    () =>
      Promise.all([
        clients.autoscaling.send(new DescribeAutoScalingGroupsCommand({ Filters: tagged })),
        clients.ec2.send(new DescribeLaunchTemplatesCommand({ Filters: tagged })),
        clients.ec2.send(new DescribeSecurityGroupsCommand({ Filters: tagged })),
        clients.elbv2.send(new DescribeLoadBalancersCommand({})),
        clients.elbv2.send(new DescribeTargetGroupsCommand({})),
      ]),
  );
  const found: FoundFleetResource[] = [];
  const add = (tags: Tags, resource: Omit<FoundFleetResource, 'fleetId' | 'kilnTagged'>) => {
    const fleetId = tagOf(tags, KILN_FLEET_ID_TAG);
    if (!fleetId) return;
    const kilnTagged = tagOf(tags, KILN_CREATED_BY_TAG) === KILN_CREATED_BY_VALUE;
    found.push({ ...resource, fleetId, kilnTagged });
  };
  for (const group of groups.AutoScalingGroups ?? []) {
    const billed = (group.Instances ?? []).filter((i) => !/^Terminat/.test(i.LifecycleState ?? ''));
    add(group.Tags, {
      kind: 'auto-scaling-group',
      name: group.AutoScalingGroupName!,
      id: group.AutoScalingGroupName,
      createdAt: iso(group.CreatedTime),
      state: group.Status ?? `${billed.length} of ${group.DesiredCapacity ?? 0} instances`,
      detail: `min ${group.MinSize ?? 0}, desired ${group.DesiredCapacity ?? 0}, max ${group.MaxSize ?? 0}`,
      costPerDay: 0,
      instanceTypes: billed.map((i) => i.InstanceType ?? ''),
    });
    const dns = tagOf(group.Tags, KILN_FLEET_DNS_TAG);
    if (dns) {
      const name = dns.split('/').slice(1).join('/');
      add(group.Tags, { kind: 'dns-record', name, id: dns, costPerDay: 0 });
    }
  }
  for (const template of templates.LaunchTemplates ?? []) {
    add(template.Tags, {
      kind: 'launch-template',
      name: template.LaunchTemplateName!,
      id: template.LaunchTemplateId,
      createdAt: iso(template.CreateTime),
      detail: `version ${template.LatestVersionNumber ?? '?'} (default ${template.DefaultVersionNumber ?? '?'})`,
      costPerDay: 0,
    });
  }
  for (const group of securityGroups.SecurityGroups ?? []) {
    add(group.Tags, {
      kind: 'security-group',
      name: group.GroupName!,
      id: group.GroupId,
      detail: `${group.GroupName ?? ''} in ${group.VpcId ?? '?'}`,
      costPerDay: 0,
    });
  }
  // Load balancers and target groups carry their tags apart: read them for Kiln-named ones only.
  const kilnBalancers = (balancers.LoadBalancers ?? []).filter((b) => b.LoadBalancerName?.startsWith('kiln-'));
  const kilnTargetGroups = (targetGroups.TargetGroups ?? []).filter((t) => t.TargetGroupName?.startsWith('kiln-'));
  const tags = await elbTags(context, clients, [
    ...kilnBalancers.map((b) => b.LoadBalancerArn!),
    ...kilnTargetGroups.map((t) => t.TargetGroupArn!),
  ]);
  for (const balancer of kilnBalancers) {
    const balancerTags = tags.get(balancer.LoadBalancerArn!);
    if (!tagOf(balancerTags, KILN_FLEET_ID_TAG)) continue;
    add(balancerTags, {
      kind: 'load-balancer',
      name: balancer.LoadBalancerName!,
      id: balancer.LoadBalancerArn,
      createdAt: iso(balancer.CreatedTime),
      state: balancer.State?.Code,
      detail: [balancer.Type, balancer.Scheme, balancer.DNSName].filter(Boolean).join(', '),
      costPerDay: balancer.Type === undefined || balancer.Type === 'application' ? ALB_USD_PER_DAY : null,
    });
    const listeners = await awsCall(context, `read the listeners of ${balancer.LoadBalancerName}`, () =>
      clients.elbv2.send(new DescribeListenersCommand({ LoadBalancerArn: balancer.LoadBalancerArn })),
    );
    for (const listener of listeners.Listeners ?? []) {
      // A listener belongs to its load balancer: it is the fleet's, and Kiln's, when the load balancer is.
      add(balancerTags, {
        kind: 'listener',
        name: `${balancer.LoadBalancerName}:${listener.Port}`,
        id: listener.ListenerArn,
        detail: `${listener.Protocol ?? ''} ${listener.Port ?? ''}`.trim(),
        costPerDay: 0,
      });
    }
  }
  for (const group of kilnTargetGroups) {
    add(tags.get(group.TargetGroupArn!), {
      kind: 'target-group',
      name: group.TargetGroupName!,
      id: group.TargetGroupArn,
      detail: `${group.Protocol ?? ''} ${group.Port ?? ''}, health check ${group.HealthCheckPath ?? '/'}`.trim(),
      costPerDay: 0,
    });
  }
  return inCreationOrder(found);
}

/** Fleet resources in the order a fleet makes them (leftovers are removed in reverse). */
export function inCreationOrder(found: FoundFleetResource[]): FoundFleetResource[] {
  return [...found].sort((a, b) => ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind) || madeBefore(a) - madeBefore(b));
}

/**
 * Within a kind, what was made first: the load balancer's group (`…-lb`) before the instances' group, whose rule
 * names it, so that removing in reverse deletes the instances' group first (else EC2 answers DependencyViolation).
 */
const madeBefore = (resource: FoundFleetResource) =>
  resource.kind === 'security-group' && resource.name.endsWith('-lb') ? 0 : 1;

async function elbTags(context: ProfileContext, clients: AwsClients, arns: readonly string[]) {
  const tags = new Map<string, Tags>();
  for (let start = 0; start < arns.length; start += TAG_BATCH) {
    const batch = arns.slice(start, start + TAG_BATCH);
    const out = await awsCall(context, `read the tags of Kiln load balancers in ${clients.region}`, () =>
      clients.elbv2.send(new DescribeTagsCommand({ ResourceArns: batch })),
    );
    for (const description of out.TagDescriptions ?? []) tags.set(description.ResourceArn!, description.Tags);
  }
  return tags;
}

/** Every Kiln fleet resource of the region, by fleet id, in creation order. */
export async function findFleetResources(
  context: ProfileContext,
  clients: AwsClients,
): Promise<Map<string, FleetResource[]>> {
  const found = new Map<string, FleetResource[]>();
  for (const [fleetId, resources] of groupByFleet(await scanFleetResources(context, clients))) {
    found.set(
      fleetId,
      resources.map(({ kind, name, id }) => ({ kind, name, id, purpose: 'left over' })),
    );
  }
  return found;
}

/** Scanned resources by fleet id, each fleet's in creation order. */
export function groupByFleet(resources: readonly FoundFleetResource[]): Map<string, FoundFleetResource[]> {
  const byFleet = new Map<string, FoundFleetResource[]>();
  for (const resource of resources) byFleet.set(resource.fleetId, [...(byFleet.get(resource.fleetId) ?? []), resource]);
  return byFleet;
}

/**
 * Pure: what a leftover fleet costs per day: its group's billed instances at their type's price, plus its load
 * balancer (and anything else priced by itself). Null when an instance type is not in the price list.
 */
export function fleetCostPerDay(resources: readonly FoundFleetResource[]): number | null {
  let total = 0;
  for (const resource of resources) {
    if (resource.costPerDay === null) return null;
    total += resource.costPerDay;
    for (const type of resource.instanceTypes ?? []) {
      const cost = instanceDailyCost(type, 'running');
      if (cost === undefined) return null;
      total += cost;
    }
  }
  return total;
}

/** Deletes a fleet's leftovers newest first (the group scaled to zero and its instances gone before the rest). */
export async function deleteFleetResources(
  context: ProfileContext,
  clients: AwsClients,
  resources: readonly FleetResource[],
): Promise<void> {
  for (const resource of [...resources].reverse()) {
    await deleteFleetResource({ context, clients }, resource);
  }
}
