/** The AWS resources of one launch: the per-launch security group and the instance (terminate: terminate-instance.ts). */
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  DeleteSecurityGroupCommand,
  RevokeSecurityGroupIngressCommand,
  RunInstancesCommand,
  type CreateSecurityGroupCommandInput,
  type EC2Client,
  type RunInstancesCommandInput,
} from '@aws-sdk/client-ec2';
import type { AdvancedChoice } from '../../common/models';
import { awsCall, throwAwsFailure } from '../aws/clients';
import { awsErrorCode } from '../aws/errors';
import type { ProfileContext } from '../profiles/profile-context';
import { moveIngressRules, type RevokeFailure } from './ingress-rules';
import { KILN_DNS_TAG } from '../dns/dns-name';
import { KILN_AGENT_PORT_TAG, launchTags } from './tags';

/** The operator's extra tags as record entries for `launchTags`. */
export function userTagEntries(tags: ReadonlyArray<{ key: string; value: string }> = []): Record<string, string> {
  return Object.fromEntries(tags.map((t) => [t.key, t.value]));
}

export interface SecurityGroupRequest {
  launchId: string;
  name: string;
  vpcId: string;
  operatorCidr: string;
  agentPort: number;
  /**
   * SSH (22) or RDP (3389) for the operator, or undefined when the operator's own existing groups decide who may
   * log in and Kiln's group only carries the agent port.
   */
  loginPort?: number;
  tags?: ReadonlyArray<{ key: string; value: string }>;
}

/** The remote login port of a platform: SSH on Linux, RDP on Windows. */
export const loginPortOf = (platform: 'linux' | 'windows'): number => (platform === 'windows' ? 3389 : 22);
const loginLabel = (port: number) => (port === 3389 ? 'RDP' : 'SSH');

/** The CreateSecurityGroup request of a launch; the preflight sends the same one with DryRun (tags included). */
export function createSecurityGroupInput(
  request: Pick<SecurityGroupRequest, 'launchId' | 'name' | 'vpcId' | 'loginPort' | 'tags'>,
): CreateSecurityGroupCommandInput {
  return {
    GroupName: `kiln-${request.launchId}`,
    Description: `Kiln launch ${request.launchId}: agent${request.loginPort ? ` and ${loginLabel(request.loginPort)}` : ''} from the operator`,
    VpcId: request.vpcId,
    TagSpecifications: [
      {
        ResourceType: 'security-group',
        Tags: launchTags(request.launchId, request.name, userTagEntries(request.tags)),
      },
    ],
  };
}

/** Creates the per-launch group: the agent port and SSH/RDP (when asked), from the operator's /32 only. */
export async function createLaunchSecurityGroup(
  context: ProfileContext,
  ec2: EC2Client,
  request: SecurityGroupRequest,
): Promise<string> {
  const created = await awsCall(context, 'create the launch security group', () =>
    ec2.send(new CreateSecurityGroupCommand(createSecurityGroupInput(request))),
  );
  const groupId = created.GroupId!;
  try {
    await awsCall(context, 'open the agent port for your address', () =>
      ec2.send(
        new AuthorizeSecurityGroupIngressCommand({
          GroupId: groupId,
          IpPermissions: [
            ingress(request.agentPort, request.operatorCidr, 'Kiln installer agent'),
            ...(request.loginPort
              ? [ingress(request.loginPort, request.operatorCidr, `${loginLabel(request.loginPort)} from the operator`)]
              : []),
          ],
        }),
      ),
    );
  } catch (error) {
    await ec2.send(new DeleteSecurityGroupCommand({ GroupId: groupId })).catch(() => undefined);
    throw error;
  }
  return groupId;
}

function ingress(port: number, cidr: string, description: string) {
  return { IpProtocol: 'tcp', FromPort: port, ToPort: port, IpRanges: [{ CidrIp: cidr, Description: description }] };
}

/** Closes the agent port again once the install is over; SSH stays open to the operator. */
export async function revokeAgentRule(
  context: ProfileContext,
  ec2: EC2Client,
  rule: { groupId: string; agentPort: number; operatorCidr: string },
): Promise<void> {
  try {
    await ec2.send(
      new RevokeSecurityGroupIngressCommand({
        GroupId: rule.groupId,
        IpPermissions: [
          {
            IpProtocol: 'tcp',
            FromPort: rule.agentPort,
            ToPort: rule.agentPort,
            IpRanges: [{ CidrIp: rule.operatorCidr }],
          },
        ],
      }),
    );
  } catch (error) {
    if (awsErrorCode(error) === 'InvalidPermission.NotFound') return;
    throwAwsFailure(context, `close the agent port in ${rule.groupId}`, error);
  }
}

/**
 * Moves the agent and SSH/RDP rules (those Kiln's group has) from the operator's old address to the current one;
 * answers the ports left open to the old address when closing them failed.
 */
export async function moveOperatorRules(
  context: ProfileContext,
  ec2: EC2Client,
  rule: { groupId: string; agentPort: number | undefined; loginPort?: number; from: string | undefined; to: string },
): Promise<RevokeFailure | undefined> {
  return moveIngressRules(context, ec2, {
    groupId: rule.groupId,
    rules: [
      ...(rule.agentPort === undefined ? [] : [{ port: rule.agentPort, description: 'Kiln installer agent' }]),
      ...(rule.loginPort === undefined
        ? []
        : [{ port: rule.loginPort, description: `${loginLabel(rule.loginPort)} from the operator` }]),
    ],
    to: rule.to,
    from: rule.from,
  });
}

/** Deletes a security group, retrying while it is still attached to a terminating instance. */
export async function deleteSecurityGroupWithRetry(
  context: ProfileContext,
  ec2: EC2Client,
  groupId: string,
  options: { attempts?: number; delayMs?: number; sleep?: (ms: number) => Promise<void> } = {},
): Promise<void> {
  const attempts = options.attempts ?? 12;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  let delay = options.delayMs ?? 2_000;
  for (let attempt = 1; ; attempt++) {
    try {
      await ec2.send(new DeleteSecurityGroupCommand({ GroupId: groupId }));
      return;
    } catch (error) {
      const code = awsErrorCode(error);
      if (code === 'InvalidGroup.NotFound') return;
      if (code !== 'DependencyViolation' || attempt >= attempts) {
        throwAwsFailure(context, `delete security group ${groupId}`, error);
      }
      await sleep(delay);
      delay = Math.min(delay * 2, 30_000);
    }
  }
}

export interface RunInstanceRequest {
  launchId: string;
  name: string;
  imageId: string;
  instanceType: string;
  network: {
    subnetId: string;
    publicIp: 'subnet' | 'enable' | 'disable';
    /** Kiln's per-launch group first, then the operator's existing groups. */
    groupIds: readonly string[];
  };
  userData: string;
  agentPort: number;
  keyName?: string;
  rootVolume?: { deviceName: string; sizeGiB?: number; volumeType: string; encrypted: boolean };
  tags?: ReadonlyArray<{ key: string; value: string }>;
  /** The Advanced step's instance options; without them IMDSv2 is required and nothing else is set. */
  instanceOptions?: Pick<
    AdvancedChoice,
    'imdsv2Required' | 'instanceProfile' | 'shutdownBehavior' | 'terminationProtection'
  >;
  /** The launch's DNS name as `<zoneId>/<name>` (the `kiln:dns` instance tag), when it has one. */
  dnsTag?: string;
}

/**
 * Where the instance goes: with an explicit public IP choice the subnet and groups must be given on the primary
 * network interface (EC2 refuses AssociatePublicIpAddress next to top-level SubnetId/SecurityGroupIds).
 */
export function placementInput(
  network: RunInstanceRequest['network'],
): Pick<RunInstancesCommandInput, 'SubnetId' | 'SecurityGroupIds' | 'NetworkInterfaces'> {
  const groups = network.groupIds.length > 0 ? [...network.groupIds] : undefined;
  if (network.publicIp === 'subnet') return { SubnetId: network.subnetId, SecurityGroupIds: groups };
  return {
    NetworkInterfaces: [
      {
        DeviceIndex: 0,
        SubnetId: network.subnetId,
        Groups: groups,
        AssociatePublicIpAddress: network.publicIp === 'enable',
        DeleteOnTermination: true,
      },
    ],
  };
}

/** The RunInstances request of a launch; the preflight sends the same one with DryRun. */
export function runInstancesInput(request: RunInstanceRequest): RunInstancesCommandInput {
  const extra = userTagEntries(request.tags);
  const tags = launchTags(request.launchId, request.name, extra);
  const instanceTags = launchTags(request.launchId, request.name, {
    ...extra,
    [KILN_AGENT_PORT_TAG]: String(request.agentPort),
    ...(request.dnsTag && { [KILN_DNS_TAG]: request.dnsTag }),
  });
  const root = request.rootVolume;
  const options = request.instanceOptions;
  const profile = options?.instanceProfile.trim();
  return {
    ImageId: request.imageId,
    InstanceType: request.instanceType as never,
    MinCount: 1,
    MaxCount: 1,
    ClientToken: request.launchId,
    UserData: Buffer.from(request.userData, 'utf8').toString('base64'),
    ...placementInput(request.network),
    KeyName: request.keyName,
    BlockDeviceMappings: root
      ? [
          {
            DeviceName: root.deviceName,
            Ebs: {
              VolumeSize: root.sizeGiB,
              VolumeType: root.volumeType as never,
              Encrypted: root.encrypted,
              DeleteOnTermination: true,
            },
          },
        ]
      : undefined,
    MetadataOptions: {
      HttpTokens: options?.imdsv2Required === false ? 'optional' : 'required',
      HttpEndpoint: 'enabled',
    },
    IamInstanceProfile: profile ? (profile.startsWith('arn:') ? { Arn: profile } : { Name: profile }) : undefined,
    InstanceInitiatedShutdownBehavior: options?.shutdownBehavior,
    DisableApiTermination: options?.terminationProtection,
    TagSpecifications: [
      { ResourceType: 'instance', Tags: instanceTags },
      { ResourceType: 'volume', Tags: tags },
    ],
  };
}

export async function runInstance(
  context: ProfileContext,
  ec2: EC2Client,
  request: RunInstanceRequest,
): Promise<string> {
  const out = await awsCall(context, 'launch the instance', () =>
    ec2.send(new RunInstancesCommand(runInstancesInput(request))),
  );
  const instanceId = out.Instances?.[0]?.InstanceId;
  if (!instanceId) throw new Error('RunInstances returned no instance');
  return instanceId;
}
