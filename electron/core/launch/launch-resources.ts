/** The AWS resources of one launch: network look-up, the per-launch security group, the instance (terminate: terminate-instance.ts). */
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  DeleteSecurityGroupCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
  RevokeSecurityGroupIngressCommand,
  RunInstancesCommand,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import { KilnFailure } from '../../common/result';
import { awsCall } from '../aws/clients';
import { awsErrorCode } from '../aws/errors';
import type { ProfileContext } from '../profiles/profile-context';
import { KILN_AGENT_PORT_TAG, launchTags } from './tags';

export interface DefaultNetwork {
  vpcId: string;
  subnetId: string;
}

/** The default VPC and a subnet of it: the one the operator chose, else the default subnet of the first zone. */
export async function findDefaultNetwork(
  context: ProfileContext,
  ec2: EC2Client,
  region: string,
  chosenSubnetId?: string,
): Promise<DefaultNetwork> {
  const vpcs = await awsCall(context, 'find the default VPC', () =>
    ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'is-default', Values: ['true'] }] })),
  );
  const vpcId = vpcs.Vpcs?.[0]?.VpcId;
  if (!vpcId) {
    throw new KilnFailure({
      code: 'NoDefaultVpc',
      message: `Region ${region} has no default VPC, and Kiln launches into the default VPC for now.`,
      remedy: 'Create a default VPC (VPC console → Actions → Create default VPC) or choose another region.',
      field: 'region',
    });
  }
  if (chosenSubnetId) return { vpcId, subnetId: await findChosenSubnet(context, ec2, vpcId, chosenSubnetId) };
  const subnets = await awsCall(context, 'find a default subnet', () =>
    ec2.send(
      new DescribeSubnetsCommand({
        Filters: [
          { Name: 'vpc-id', Values: [vpcId] },
          { Name: 'default-for-az', Values: ['true'] },
        ],
      }),
    ),
  );
  const subnet = [...(subnets.Subnets ?? [])].sort((a, b) => (a.AvailabilityZone ?? '').localeCompare(b.AvailabilityZone ?? ''))[0];
  if (!subnet?.SubnetId) {
    throw new KilnFailure({
      code: 'NoDefaultSubnet',
      message: `The default VPC ${vpcId} in ${region} has no default subnet.`,
      remedy: 'Create a default subnet (aws ec2 create-default-subnet) or choose another region.',
      field: 'region',
    });
  }
  return { vpcId, subnetId: subnet.SubnetId };
}

async function findChosenSubnet(context: ProfileContext, ec2: EC2Client, vpcId: string, subnetId: string): Promise<string> {
  const out = await awsCall(context, `find subnet ${subnetId}`, () =>
    ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] })),
  );
  if (!(out.Subnets ?? []).some((s) => s.SubnetId === subnetId)) {
    throw new KilnFailure({
      code: 'InvalidSubnetID.NotFound',
      message: `Subnet ${subnetId} is not in the default VPC ${vpcId}.`,
      remedy: 'Pick a subnet from the list, or leave the default.',
      field: 'network.subnetId',
    });
  }
  return subnetId;
}

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
  tags?: ReadonlyArray<{ key: string; value: string }>;
}

/** Creates the per-launch group: the agent port and SSH, from the operator's /32 only. */
export async function createLaunchSecurityGroup(
  context: ProfileContext,
  ec2: EC2Client,
  request: SecurityGroupRequest,
): Promise<string> {
  const groupName = `kiln-${request.launchId}`;
  const created = await awsCall(context, 'create the launch security group', () =>
    ec2.send(
      new CreateSecurityGroupCommand({
        GroupName: groupName,
        Description: `Kiln launch ${request.launchId}: agent and SSH from the operator`,
        VpcId: request.vpcId,
        TagSpecifications: [
          { ResourceType: 'security-group', Tags: launchTags(request.launchId, request.name, userTagEntries(request.tags)) },
        ],
      }),
    ),
  );
  const groupId = created.GroupId!;
  try {
    await awsCall(context, 'open the agent port for your address', () =>
      ec2.send(
        new AuthorizeSecurityGroupIngressCommand({
          GroupId: groupId,
          IpPermissions: [
            ingress(request.agentPort, request.operatorCidr, 'Kiln installer agent'),
            ingress(22, request.operatorCidr, 'SSH from the operator'),
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
        IpPermissions: [{ IpProtocol: 'tcp', FromPort: rule.agentPort, ToPort: rule.agentPort, IpRanges: [{ CidrIp: rule.operatorCidr }] }],
      }),
    );
  } catch (error) {
    if (awsErrorCode(error) === 'InvalidPermission.NotFound') return;
    await awsCall(context, `close the agent port in ${rule.groupId}`, () => Promise.reject(error));
  }
}

/** Moves the agent and SSH rules from the operator's old address to the current one. */
export async function moveOperatorRules(
  context: ProfileContext,
  ec2: EC2Client,
  rule: { groupId: string; agentPort: number | undefined; from: string | undefined; to: string },
): Promise<void> {
  try {
    await ec2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: rule.groupId,
        IpPermissions: [
          ...(rule.agentPort === undefined ? [] : [ingress(rule.agentPort, rule.to, 'Kiln installer agent')]),
          ingress(22, rule.to, 'SSH from the operator'),
        ],
      }),
    );
  } catch (error) {
    if (awsErrorCode(error) !== 'InvalidPermission.Duplicate') {
      await awsCall(context, `open ${rule.groupId} to ${rule.to}`, () => Promise.reject(error));
    }
  }
  if (rule.from && rule.from !== rule.to) {
    await ec2
      .send(
        new RevokeSecurityGroupIngressCommand({
          GroupId: rule.groupId,
          IpPermissions: [...(rule.agentPort === undefined ? [] : [ingress(rule.agentPort, rule.from, '')]), ingress(22, rule.from, '')].map(({ IpRanges, ...p }) => ({
            ...p,
            IpRanges: IpRanges.map(({ CidrIp }) => ({ CidrIp })),
          })),
        }),
      )
      .catch(() => undefined);
  }
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
        await awsCall(context, `delete security group ${groupId}`, () => Promise.reject(error));
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
  subnetId: string;
  securityGroupId: string;
  userData: string;
  agentPort: number;
  keyName?: string;
  rootVolume?: { deviceName: string; sizeGiB?: number; volumeType: string; encrypted: boolean };
  tags?: ReadonlyArray<{ key: string; value: string }>;
}

export async function runInstance(context: ProfileContext, ec2: EC2Client, request: RunInstanceRequest): Promise<string> {
  const extra = userTagEntries(request.tags);
  const tags = launchTags(request.launchId, request.name, extra);
  const instanceTags = launchTags(request.launchId, request.name, { ...extra, [KILN_AGENT_PORT_TAG]: String(request.agentPort) });
  const root = request.rootVolume;
  const out = await awsCall(context, 'launch the instance', () =>
    ec2.send(
      new RunInstancesCommand({
        ImageId: request.imageId,
        InstanceType: request.instanceType as never,
        MinCount: 1,
        MaxCount: 1,
        ClientToken: request.launchId,
        UserData: Buffer.from(request.userData, 'utf8').toString('base64'),
        // A default subnet maps a public IP on launch, which the agent link needs.
        SubnetId: request.subnetId,
        SecurityGroupIds: [request.securityGroupId],
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
        MetadataOptions: { HttpTokens: 'required', HttpEndpoint: 'enabled' },
        TagSpecifications: [
          { ResourceType: 'instance', Tags: instanceTags },
          { ResourceType: 'volume', Tags: tags },
        ],
      }),
    ),
  );
  const instanceId = out.Instances?.[0]?.InstanceId;
  if (!instanceId) throw new Error('RunInstances returned no instance');
  return instanceId;
}
