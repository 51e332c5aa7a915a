/**
 * What fleets left in AWS that no fleet on this workstation owns (its record lost with a data directory, or made on
 * another workstation and deleted there only halfway): every resource tagged `kiln:fleet-id`, grouped by fleet, read
 * with one call per kind and region, and removed newest first, the way a fleet's own Delete does.
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
import type { ProfileContext } from '../profiles/profile-context';
import { deleteFleetResource, KILN_FLEET_DNS_TAG, KILN_FLEET_ID_TAG } from './fleet-steps';

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

const tagOf = (tags: Array<{ Key?: string; Value?: string }> | undefined, key: string) =>
  tags?.find((t) => t.Key === key)?.Value;

/** Every Kiln fleet resource of the region, by fleet id, in creation order. */
export async function findFleetResources(
  context: ProfileContext,
  clients: AwsClients,
): Promise<Map<string, FleetResource[]>> {
  const region = clients.region;
  const tagged = [{ Name: 'tag-key', Values: [KILN_FLEET_ID_TAG] }];
  const [groups, templates, securityGroups, balancers, targetGroups] = await awsCall(
    context,
    `list Kiln fleet resources in ${region}`,
    () =>
      Promise.all([
        clients.autoscaling.send(
          new DescribeAutoScalingGroupsCommand({ Filters: [{ Name: 'tag-key', Values: [KILN_FLEET_ID_TAG] }] }),
        ),
        clients.ec2.send(new DescribeLaunchTemplatesCommand({ Filters: tagged })),
        clients.ec2.send(new DescribeSecurityGroupsCommand({ Filters: tagged })),
        clients.elbv2.send(new DescribeLoadBalancersCommand({})),
        clients.elbv2.send(new DescribeTargetGroupsCommand({})),
      ]),
  );
  const found = new Map<string, FleetResource[]>();
  const add = (fleetId: string | undefined, resource: Omit<FleetResource, 'purpose'>) => {
    if (!fleetId) return;
    found.set(fleetId, [...(found.get(fleetId) ?? []), { ...resource, purpose: 'left over' }]);
  };
  for (const group of groups.AutoScalingGroups ?? []) {
    const fleetId = tagOf(group.Tags, KILN_FLEET_ID_TAG);
    add(fleetId, { kind: 'auto-scaling-group', name: group.AutoScalingGroupName!, id: group.AutoScalingGroupName });
    const dns = tagOf(group.Tags, KILN_FLEET_DNS_TAG);
    if (dns) add(fleetId, { kind: 'dns-record', name: dns.split('/').slice(1).join('/'), id: dns });
  }
  for (const template of templates.LaunchTemplates ?? []) {
    add(tagOf(template.Tags, KILN_FLEET_ID_TAG), {
      kind: 'launch-template',
      name: template.LaunchTemplateName!,
      id: template.LaunchTemplateId,
    });
  }
  for (const group of securityGroups.SecurityGroups ?? []) {
    add(tagOf(group.Tags, KILN_FLEET_ID_TAG), {
      kind: 'security-group',
      name: group.GroupName!,
      id: group.GroupId,
    });
  }
  // Load balancers and target groups carry their tags apart: read them for Kiln-named ones only.
  const arns = [
    ...(balancers.LoadBalancers ?? [])
      .filter((b) => b.LoadBalancerName?.startsWith('kiln-'))
      .map((b) => b.LoadBalancerArn!),
    ...(targetGroups.TargetGroups ?? [])
      .filter((t) => t.TargetGroupName?.startsWith('kiln-'))
      .map((t) => t.TargetGroupArn!),
  ];
  const tags = new Map<string, string | undefined>();
  for (let start = 0; start < arns.length; start += TAG_BATCH) {
    const batch = arns.slice(start, start + TAG_BATCH);
    const out = await awsCall(context, `read the tags of Kiln load balancers in ${region}`, () =>
      clients.elbv2.send(new DescribeTagsCommand({ ResourceArns: batch })),
    );
    for (const description of out.TagDescriptions ?? []) {
      tags.set(description.ResourceArn!, tagOf(description.Tags, KILN_FLEET_ID_TAG));
    }
  }
  for (const balancer of balancers.LoadBalancers ?? []) {
    const fleetId = tags.get(balancer.LoadBalancerArn!);
    if (!fleetId) continue;
    const listeners = await awsCall(context, `read the listeners of ${balancer.LoadBalancerName}`, () =>
      clients.elbv2.send(new DescribeListenersCommand({ LoadBalancerArn: balancer.LoadBalancerArn })),
    );
    add(fleetId, { kind: 'load-balancer', name: balancer.LoadBalancerName!, id: balancer.LoadBalancerArn });
    for (const listener of listeners.Listeners ?? []) {
      add(fleetId, {
        kind: 'listener',
        name: `${balancer.LoadBalancerName}:${listener.Port}`,
        id: listener.ListenerArn,
      });
    }
  }
  for (const group of targetGroups.TargetGroups ?? []) {
    add(tags.get(group.TargetGroupArn!), {
      kind: 'target-group',
      name: group.TargetGroupName!,
      id: group.TargetGroupArn,
    });
  }
  for (const [fleetId, resources] of found) {
    found.set(
      fleetId,
      [...resources].sort((a, b) => ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind)),
    );
  }
  return found;
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
