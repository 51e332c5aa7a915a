/**
 * The AWS calls that remove each kind of fleet resource, for a fleet's Delete, a rollback and the Cleanup page: one
 * that is already gone is done; a group is scaled to zero and waited for, instances included, before what they use.
 */
import {
  DeleteAutoScalingGroupCommand,
  DescribeAutoScalingGroupsCommand,
  UpdateAutoScalingGroupCommand,
} from '@aws-sdk/client-auto-scaling';
import { DeleteLaunchTemplateCommand, DeleteSecurityGroupCommand, DescribeInstancesCommand } from '@aws-sdk/client-ec2';
import {
  DeleteListenerCommand,
  DeleteLoadBalancerCommand,
  DeleteTargetGroupCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { ChangeResourceRecordSetsCommand } from '@aws-sdk/client-route-53';
import type { FleetResource } from '../../common/models';
import { KilnFailure } from '../../common/result';
import { awsCall } from '../aws/clients';
import { readARecordSet } from '../dns/dns-calls';
import type { FleetStepContext } from './fleet-steps';

/** Deletes `resource`; one that is already gone is not a failure. */
export async function deleteFleetResource(
  step: Pick<FleetStepContext, 'context' | 'clients'> & { waitMs?: number },
  resource: FleetResource,
): Promise<void> {
  const { context, clients } = step;
  const id = resource.id;
  if (!id) return;
  // Already deleted is done. Auto Scaling says "not found" only as a ValidationError, which also covers real
  // refusals: those must stop the deletion, so that one counts as gone only when its message says not found.
  const gone = (failure: KilnFailure) =>
    /NotFound|InvalidLaunchTemplateId/.test(failure.error.code) ||
    (failure.error.code === 'ValidationError' && /not found/i.test(failure.error.message));
  const call = async (what: string, send: () => Promise<unknown>) => {
    try {
      await awsCall(context, `${what} ${resource.name}`, send);
    } catch (error) {
      if (error instanceof KilnFailure && gone(error)) return;
      throw error;
    }
  };
  switch (resource.kind) {
    case 'dns-record': {
      const [zoneId, ...rest] = id.split('/');
      await deleteDnsRecord(step, zoneId!, rest.join('/'));
      return;
    }
    case 'scaling-policy':
      return; // deleted with its group
    case 'auto-scaling-group':
      await call('scale to zero', () =>
        clients.autoscaling.send(
          new UpdateAutoScalingGroupCommand({ AutoScalingGroupName: id, MinSize: 0, DesiredCapacity: 0 }),
        ),
      );
      await call('delete the Auto Scaling group', () =>
        clients.autoscaling.send(new DeleteAutoScalingGroupCommand({ AutoScalingGroupName: id, ForceDelete: true })),
      );
      await waitUntil(step.waitMs, async () => {
        const out = await clients.autoscaling.send(
          new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [id] }),
        );
        return (out.AutoScalingGroups ?? []).length === 0;
      });
      // The instances go after the group: the security groups and template are deleted only once they are gone.
      await waitUntil(step.waitMs, async () => {
        const out = await clients.ec2.send(
          new DescribeInstancesCommand({
            Filters: [
              { Name: 'tag:aws:autoscaling:groupName', Values: [id] },
              { Name: 'instance-state-name', Values: ['pending', 'running', 'stopping', 'stopped', 'shutting-down'] },
            ],
          }),
        );
        return (out.Reservations ?? []).every((r) => (r.Instances ?? []).length === 0);
      });
      return;
    case 'listener':
      await call('delete the listener', () => clients.elbv2.send(new DeleteListenerCommand({ ListenerArn: id })));
      return;
    case 'load-balancer':
      await call('delete the load balancer', () =>
        clients.elbv2.send(new DeleteLoadBalancerCommand({ LoadBalancerArn: id })),
      );
      return;
    case 'target-group':
      await call('delete the target group', () =>
        clients.elbv2.send(new DeleteTargetGroupCommand({ TargetGroupArn: id })),
      );
      return;
    case 'launch-template':
      await call('delete the launch template', () =>
        clients.ec2.send(new DeleteLaunchTemplateCommand({ LaunchTemplateId: id })),
      );
      return;
    case 'security-group':
      // The load balancer's and the instances' network interfaces take a while to go: DependencyViolation until then.
      await retryWhile(step.waitMs, 'DependencyViolation', () =>
        call('delete the security group', () => clients.ec2.send(new DeleteSecurityGroupCommand({ GroupId: id }))),
      );
      return;
  }
}

async function deleteDnsRecord(step: Pick<FleetStepContext, 'context' | 'clients'>, zoneId: string, name: string) {
  const record = await readARecordSet(step.context, step.clients.route53, zoneId, name);
  if (!record) return;
  await awsCall(step.context, `delete the DNS record ${name}`, () =>
    step.clients.route53.send(
      new ChangeResourceRecordSetsCommand({
        HostedZoneId: zoneId,
        ChangeBatch: { Changes: [{ Action: 'DELETE', ResourceRecordSet: record }] },
      }),
    ),
  );
}

async function waitUntil(limitMs = 300_000, done: () => Promise<boolean>): Promise<void> {
  const until = Date.now() + limitMs;
  for (let delay = 250; !(await done()); delay = Math.min(delay * 2, 5_000)) {
    if (Date.now() > until) throw new Error('timed out waiting for AWS');
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}

async function retryWhile(limitMs = 300_000, code: string, action: () => Promise<void>): Promise<void> {
  const until = Date.now() + limitMs;
  for (let delay = 500; ; delay = Math.min(delay * 2, 10_000)) {
    try {
      await action();
      return;
    } catch (error) {
      if (!(error instanceof KilnFailure) || error.error.code !== code || Date.now() > until) throw error;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
