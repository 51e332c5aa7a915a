/**
 * The AWS calls that make each kind of fleet resource (`fleet-deletion.ts` removes them). Every resource is tagged with the fleet's id and
 * `kiln:created-by` (Route 53 records cannot be tagged: the group carries the record's name instead), so the cleanup
 * page finds what a crash left behind.
 */
import { CreateAutoScalingGroupCommand, PutScalingPolicyCommand } from '@aws-sdk/client-auto-scaling';
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateLaunchTemplateCommand,
  CreateSecurityGroupCommand,
  DescribeSubnetsCommand,
  type _InstanceType,
  type CreateLaunchTemplateCommandInput,
  type CreateSecurityGroupCommandInput,
  type RequestLaunchTemplateData,
} from '@aws-sdk/client-ec2';
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateTargetGroupCommand,
  DescribeLoadBalancersCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { ChangeResourceRecordSetsCommand } from '@aws-sdk/client-route-53';
import type { FleetResource, FleetSpec } from '../../common/models';
import { KilnFailure } from '../../common/result';
import { awsCall, type AwsClients } from '../aws/clients';
import { KILN_CREATED_BY_TAG, KILN_CREATED_BY_VALUE } from '../launch/tags';
import type { ProfileContext } from '../profiles/profile-context';
import { fleetResourceName, instancePortsOf } from './fleet-plan';
import type { FleetRootVolume } from './fleet-preflight';

export const KILN_FLEET_ID_TAG = 'kiln:fleet-id';
/** On the group: the Route 53 record Kiln made for the fleet, `<zone id>/<name>`. */
export const KILN_FLEET_DNS_TAG = 'kiln:fleet-dns';

/** What every step needs: the account and region's clients, the spec, the fleet id and what exists so far. */
export interface FleetStepContext {
  context: ProfileContext;
  clients: AwsClients;
  spec: FleetSpec;
  fleetId: string;
  /** Resources created so far, in order (the steps read the ids they depend on from here). */
  created: readonly FleetResource[];
}

export const fleetTags = (fleetId: string, name: string) => [
  { Key: KILN_FLEET_ID_TAG, Value: fleetId },
  { Key: KILN_CREATED_BY_TAG, Value: KILN_CREATED_BY_VALUE },
  { Key: 'Name', Value: name },
];

/** The load balancer's own security group (the instances' group lets only it in). */
const lbGroupName = (step: Pick<FleetStepContext, 'fleetId' | 'spec'>) =>
  fleetResourceName(step.fleetId, step.spec.name, '-lb');

/** The ids of the fleet's own instance security groups made so far (the load balancer's group is not the instances'). */
export const instanceGroupIds = (step: Pick<FleetStepContext, 'fleetId' | 'spec' | 'created'>): string[] =>
  step.created.filter((r) => r.kind === 'security-group' && r.name !== lbGroupName(step) && r.id).map((r) => r.id!);

/** A message that ends as a sentence, so another can follow it. */
export const asSentence = (text: string) => text.replace(/([^.!?])$/, '$1.');

const idOf = (step: FleetStepContext, kind: FleetResource['kind'], name?: string): string => {
  const found = step.created.find((r) => r.kind === kind && (name === undefined || r.name === name));
  if (!found?.id) throw new Error(`the fleet's ${kind} does not exist yet`);
  return found.id;
};

/** The VPC of the fleet's subnets, and their zones (a load balancer needs two). */
export async function subnetFacts(step: Pick<FleetStepContext, 'context' | 'clients' | 'spec'>) {
  const out = await awsCall(step.context, 'describe the fleet subnets', () =>
    step.clients.ec2.send(new DescribeSubnetsCommand({ SubnetIds: step.spec.subnetIds })),
  );
  const subnets = out.Subnets ?? [];
  const vpcs = new Set(subnets.map((s) => s.VpcId));
  if (vpcs.size !== 1) {
    throw new KilnFailure({
      code: 'SubnetsInSeveralVpcs',
      message: 'The fleet’s subnets are in more than one VPC. Nothing was created.',
      remedy: 'Choose subnets of one VPC.',
      field: 'subnetIds',
    });
  }
  return { vpcId: [...vpcs][0]!, zones: new Set(subnets.map((s) => s.AvailabilityZone)) };
}

/** What the preflight learnt that the steps need: the subnets' VPC and the root volume the template maps. */
export interface FleetFacts {
  vpcId: string;
  rootVolume?: FleetRootVolume;
}

/** The CreateSecurityGroup request of one of the fleet's groups (the preflight sends it with DryRun). */
export function fleetSecurityGroupInput(
  step: Pick<FleetStepContext, 'fleetId' | 'spec'>,
  name: string,
  vpcId: string,
): CreateSecurityGroupCommandInput {
  return {
    GroupName: name,
    Description: `Kiln fleet ${step.spec.name}: ${name === lbGroupName(step) ? 'load balancer' : 'instances'}`,
    VpcId: vpcId,
    TagSpecifications: [{ ResourceType: 'security-group', Tags: fleetTags(step.fleetId, name) }],
  };
}

/** The CreateLaunchTemplate request of the fleet (the preflight sends it with DryRun, before its group exists). */
export function fleetLaunchTemplateInput(
  step: Pick<FleetStepContext, 'fleetId' | 'spec' | 'created'>,
  name: string,
  rootVolume: FleetRootVolume | undefined,
): CreateLaunchTemplateCommandInput {
  const { spec } = step;
  const tags = fleetTags(step.fleetId, name);
  return {
    LaunchTemplateName: name,
    VersionDescription: `${spec.imageId} ${spec.instanceType}`,
    LaunchTemplateData: launchTemplateData(spec, instanceGroupIds(step), tags, rootVolume),
    TagSpecifications: [{ ResourceType: 'launch-template', Tags: tags }],
  };
}

/** Creates `resource` and returns its id (or ARN). */
export async function createFleetResource(step: FleetStepContext, resource: FleetResource, facts: FleetFacts) {
  const { vpcId } = facts;
  const { context, clients, spec, fleetId } = step;
  const tags = fleetTags(fleetId, resource.name);
  const lb = spec.loadBalancer;
  const call = <T>(what: string, send: () => Promise<T>) => awsCall(context, `${what} ${resource.name}`, send);
  switch (resource.kind) {
    case 'security-group': {
      const isLb = resource.name === lbGroupName(step);
      const group = await call('create the security group', () =>
        clients.ec2.send(new CreateSecurityGroupCommand(fleetSecurityGroupInput(step, resource.name, vpcId))),
      );
      const groupId = group.GroupId!;
      const rules = isLb
        ? [{ FromPort: lb!.listenerPort, ToPort: lb!.listenerPort, IpRanges: [{ CidrIp: lb!.allowedCidr }] }]
        : lb
          ? instancePortsOf(spec).map((port) => ({
              FromPort: port,
              ToPort: port,
              UserIdGroupPairs: [{ GroupId: idOf(step, 'security-group', lbGroupName(step)) }],
            }))
          : [];
      if (rules.length > 0) {
        await call('open the rules of', () =>
          clients.ec2.send(
            new AuthorizeSecurityGroupIngressCommand({
              GroupId: groupId,
              IpPermissions: rules.map((rule) => ({ IpProtocol: 'tcp', ...rule })),
            }),
          ),
        );
      }
      return groupId;
    }
    case 'launch-template': {
      const template = await call('create the launch template', () =>
        clients.ec2.send(
          new CreateLaunchTemplateCommand(fleetLaunchTemplateInput(step, resource.name, facts.rootVolume)),
        ),
      );
      return template.LaunchTemplate!.LaunchTemplateId!;
    }
    case 'target-group': {
      const out = await call('create the target group', () =>
        clients.elbv2.send(
          new CreateTargetGroupCommand({
            Name: resource.name,
            Protocol: 'HTTP',
            Port: spec.instancePort,
            VpcId: vpcId,
            TargetType: 'instance',
            HealthCheckProtocol: 'HTTP',
            HealthCheckPath: lb!.healthCheckPath,
            HealthCheckPort: lb!.healthCheckPort === undefined ? 'traffic-port' : String(lb!.healthCheckPort),
            HealthCheckIntervalSeconds: 15,
            HealthyThresholdCount: 2,
            UnhealthyThresholdCount: 3,
            Matcher: { HttpCode: '200' },
            Tags: tags,
          }),
        ),
      );
      return out.TargetGroups![0]!.TargetGroupArn!;
    }
    case 'load-balancer': {
      const out = await call('create the load balancer', () =>
        clients.elbv2.send(
          new CreateLoadBalancerCommand({
            Name: resource.name,
            Type: 'application',
            Scheme: 'internet-facing',
            Subnets: spec.subnetIds,
            SecurityGroups: [idOf(step, 'security-group', lbGroupName(step))],
            Tags: tags,
          }),
        ),
      );
      return out.LoadBalancers![0]!.LoadBalancerArn!;
    }
    case 'listener': {
      const out = await call('create the listener', () =>
        clients.elbv2.send(
          new CreateListenerCommand({
            LoadBalancerArn: idOf(step, 'load-balancer'),
            Protocol: 'HTTP',
            Port: lb!.listenerPort,
            DefaultActions: [{ Type: 'forward', TargetGroupArn: idOf(step, 'target-group') }],
            Tags: tags,
          }),
        ),
      );
      return out.Listeners![0]!.ListenerArn!;
    }
    case 'auto-scaling-group': {
      const dnsTag = spec.dns
        ? [{ Key: KILN_FLEET_DNS_TAG, Value: `${spec.dns.hostedZoneId}/${spec.dns.recordName}` }]
        : [];
      await call('create the Auto Scaling group', () =>
        clients.autoscaling.send(
          new CreateAutoScalingGroupCommand({
            AutoScalingGroupName: resource.name,
            LaunchTemplate: { LaunchTemplateId: idOf(step, 'launch-template'), Version: '$Latest' },
            MinSize: spec.capacity.min,
            MaxSize: spec.capacity.max,
            DesiredCapacity: spec.capacity.desired,
            VPCZoneIdentifier: spec.subnetIds.join(','),
            TargetGroupARNs: lb ? [idOf(step, 'target-group')] : undefined,
            HealthCheckType: lb ? 'ELB' : 'EC2',
            HealthCheckGracePeriod: 300,
            Tags: [...tags, ...dnsTag].map((t) => ({ ...t, PropagateAtLaunch: t.Key !== KILN_FLEET_DNS_TAG })),
          }),
        ),
      );
      return resource.name;
    }
    case 'scaling-policy': {
      const out = await call('create the scaling policy', () =>
        clients.autoscaling.send(
          new PutScalingPolicyCommand({
            AutoScalingGroupName: idOf(step, 'auto-scaling-group'),
            PolicyName: resource.name,
            PolicyType: 'TargetTrackingScaling',
            TargetTrackingConfiguration: {
              PredefinedMetricSpecification: { PredefinedMetricType: 'ASGAverageCPUUtilization' },
              TargetValue: spec.cpuTarget!,
            },
          }),
        ),
      );
      return out.PolicyARN ?? resource.name;
    }
    case 'dns-record': {
      const balancer = await call('read the load balancer for', () =>
        clients.elbv2.send(new DescribeLoadBalancersCommand({ LoadBalancerArns: [idOf(step, 'load-balancer')] })),
      );
      const target = balancer.LoadBalancers?.[0];
      await call('create the DNS record', () =>
        clients.route53.send(
          new ChangeResourceRecordSetsCommand({
            HostedZoneId: spec.dns!.hostedZoneId,
            ChangeBatch: {
              Comment: `Kiln fleet ${fleetId}`,
              // CREATE, not UPSERT: a record someone else made is never taken over.
              Changes: [{ Action: 'CREATE', ResourceRecordSet: aliasRecord(spec.dns!.recordName, target) }],
            },
          }),
        ),
      );
      return `${spec.dns!.hostedZoneId}/${spec.dns!.recordName}`;
    }
  }
}

/**
 * Everything an instance of the fleet is, written out whole in every template version (a version made from another
 * one with SourceVersion is merged by AWS but not by every emulator, and the whole is what the review showed):
 * `ownGroupIds` are the fleet's own groups, the spec's extra groups are added to them.
 */
export function launchTemplateData(
  spec: FleetSpec,
  ownGroupIds: string[],
  tags: ReturnType<typeof fleetTags>,
  rootVolume?: FleetRootVolume,
): RequestLaunchTemplateData {
  const profile = spec.instanceProfile;
  return {
    ImageId: spec.imageId,
    InstanceType: spec.instanceType as _InstanceType,
    KeyName: spec.keyName,
    IamInstanceProfile: profile ? (profile.startsWith('arn:') ? { Arn: profile } : { Name: profile }) : undefined,
    SecurityGroupIds: [...new Set([...ownGroupIds, ...(spec.securityGroupIds ?? [])])],
    BlockDeviceMappings: rootVolume
      ? [
          {
            DeviceName: rootVolume.deviceName,
            Ebs: {
              VolumeSize: rootVolume.sizeGiB,
              VolumeType: rootVolume.volumeType as never,
              Encrypted: rootVolume.encrypted,
              DeleteOnTermination: true,
            },
          },
        ]
      : undefined,
    UserData: spec.userData ? Buffer.from(spec.userData, 'utf8').toString('base64') : undefined,
    MetadataOptions: { HttpTokens: 'required', HttpEndpoint: 'enabled' },
    TagSpecifications: [
      { ResourceType: 'instance', Tags: tags },
      { ResourceType: 'volume', Tags: tags },
    ],
  };
}

function aliasRecord(name: string, target: { DNSName?: string; CanonicalHostedZoneId?: string } | undefined) {
  return {
    Name: name,
    Type: 'A' as const,
    AliasTarget: {
      DNSName: target?.DNSName ?? '',
      HostedZoneId: target?.CanonicalHostedZoneId ?? '',
      EvaluateTargetHealth: true,
    },
  };
}
