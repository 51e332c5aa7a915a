/**
 * Restore (a): a replacement instance from the snapshot. An image is registered from the snapshot (the instance's
 * root device, architecture and ENA setting), a copy of the launch's own security group is made for the replacement
 * (the operator's other groups are shared), and the replacement is launched into the same subnet with the same type,
 * key pair, instance options and tags, named "… (restored)". It gets a new instance id and a new IP address; the
 * old instance keeps running until the operator terminates it. The image is deregistered once the instance exists
 * (its volume is already made), so it neither costs anything nor keeps the snapshot from being deleted.
 *
 * The replacement gets no user data: its disk already holds what the install left there at snapshot time, and
 * running the install script again could overwrite exactly the data the operator restores.
 */
import { randomUUID } from 'node:crypto';
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  CreateTagsCommand,
  DeregisterImageCommand,
  DescribeImagesCommand,
  DescribeSecurityGroupsCommand,
  RegisterImageCommand,
  TerminateInstancesCommand,
  type EC2Client,
  type Instance,
} from '@aws-sdk/client-ec2';
import { launchChoices, type LaunchRecord } from '../../common/models';
import { awsCall } from '../aws/clients';
import {
  createSecurityGroupInput,
  deleteSecurityGroupWithRetry,
  runInstance,
  userTagEntries,
} from '../launch/launch-resources';
import { launchTags } from '../launch/tags';
import type { ProfileContext } from '../profiles/profile-context';
import { KILN_RESTORED_FROM_TAG } from './restore-by-volume';
import { waitUntil, type RestoreSteps } from './restore-steps';

export interface ImageRestoreInput {
  context: ProfileContext;
  ec2: EC2Client;
  record: LaunchRecord;
  instance: Instance;
  snapshotId: string;
  steps: RestoreSteps;
  wait: { pollMs: number; timeoutMs: number };
  now: Date;
}

/** Runs the restore; resolves the replacement's record (not yet held by the launch service). */
export async function restoreByImage(input: ImageRestoreInput): Promise<LaunchRecord> {
  const { context, ec2, record, instance, snapshotId, steps, wait } = input;
  const call = <T>(what: string, run: () => Promise<T>) => awsCall(context, what, run);
  const launchId = randomUUID();
  const name = `${record.spec.name} (restored)`;
  const userTags = {
    ...userTagEntries(launchChoices(record.spec).tags),
    [KILN_RESTORED_FROM_TAG]: snapshotId,
  };
  const stamp = input.now.toISOString().replace(/[:.]/g, '-');

  const imageId = await steps.step(`Register an image from ${snapshotId}`, async () => {
    const registered = await call(`register an image from ${snapshotId}`, () =>
      ec2.send(
        new RegisterImageCommand({
          Name: `kiln-restore-${snapshotId}-${stamp}`,
          Description: `Kiln: restore of ${record.spec.name} (launch ${record.id}) from ${snapshotId}`,
          RootDeviceName: instance.RootDeviceName,
          Architecture: instance.Architecture,
          VirtualizationType: 'hvm',
          EnaSupport: instance.EnaSupport,
          // Graviton and other UEFI-only instances boot only from a UEFI image.
          BootMode: instance.CurrentInstanceBootMode === 'uefi' ? 'uefi' : undefined,
          BlockDeviceMappings: [
            { DeviceName: instance.RootDeviceName, Ebs: { SnapshotId: snapshotId, DeleteOnTermination: true } },
          ],
        }),
      ),
    );
    const id = registered.ImageId!;
    steps.onRollback(`deregistered the image ${id}`, () =>
      call(`deregister ${id}`, () => ec2.send(new DeregisterImageCommand({ ImageId: id }))),
    );
    await call(`tag the image ${id}`, () =>
      ec2.send(new CreateTagsCommand({ Resources: [id], Tags: launchTags(launchId, name, userTags) })),
    );
    await waitUntil(
      `the image ${id} to be available`,
      async () => {
        const image = (await call(`describe ${id}`, () => ec2.send(new DescribeImagesCommand({ ImageIds: [id] }))))
          .Images?.[0];
        if (image?.State === 'failed') throw new Error(`The image ${id} failed: ${image.StateReason?.Message ?? ''}`);
        return image?.State === 'available' ? true : undefined;
      },
      wait,
    );
    return id;
  });

  const ownGroup = record.securityGroupDeleted ? undefined : record.securityGroupId;
  const copiedGroup = ownGroup
    ? await steps.step(`Copy the launch security group ${ownGroup}`, async () => {
        const created = await call('create the replacement security group', () =>
          ec2.send(
            new CreateSecurityGroupCommand(
              createSecurityGroupInput({ launchId, name, vpcId: instance.VpcId!, loginPort: record.loginPort ?? 22 }),
            ),
          ),
        );
        const groupId = created.GroupId!;
        steps.onRollback(`deleted the security group ${groupId}`, () =>
          deleteSecurityGroupWithRetry(context, ec2, groupId),
        );
        const source = (
          await call(`describe ${ownGroup}`, () =>
            ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [ownGroup] })),
          )
        ).SecurityGroups?.[0];
        const rules = source?.IpPermissions ?? [];
        if (rules.length > 0) {
          await call(`copy the rules of ${ownGroup}`, () =>
            ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: rules })),
          );
        }
        return groupId;
      })
    : undefined;
  const otherGroups = (instance.SecurityGroups ?? []).flatMap((g) =>
    g.GroupId && g.GroupId !== ownGroup ? [g.GroupId] : [],
  );

  const advanced = launchChoices(record.spec).advanced;
  const instanceId = await steps.step('Launch the replacement instance', async () => {
    const id = await runInstance(context, ec2, {
      launchId,
      name,
      imageId,
      instanceType: instance.InstanceType ?? record.spec.instanceType,
      network: {
        subnetId: instance.SubnetId!,
        publicIp: instance.PublicIpAddress ? 'enable' : 'subnet',
        groupIds: [...(copiedGroup ? [copiedGroup] : []), ...otherGroups],
      },
      userData: '',
      agentPort: record.spec.agentPort,
      keyName: instance.KeyName,
      tags: Object.entries(userTags).map(([key, value]) => ({ key, value })),
      instanceOptions: advanced,
    });
    steps.onRollback(`terminated the replacement ${id}`, () =>
      call(`terminate ${id}`, () => ec2.send(new TerminateInstancesCommand({ InstanceIds: [id] }))),
    );
    return id;
  });

  // The instance's volume exists now: the image is no longer needed, and would keep the snapshot from being deleted.
  await steps.step(`Deregister the image ${imageId} (the replacement keeps its volume)`, () =>
    call(`deregister ${imageId}`, () => ec2.send(new DeregisterImageCommand({ ImageId: imageId }))),
  );

  const at = input.now.toISOString();
  return {
    id: launchId,
    spec: {
      ...record.spec,
      name,
      // The DNS name stays with the launch that owns its record; the replacement would only claim a name in use.
      dns: undefined,
      tags: Object.entries(userTags).flatMap(([key, value]) => (key.startsWith('kiln:') ? [] : [{ key, value }])),
    },
    createdAt: at,
    phase: 'succeeded',
    timeline: [
      { phase: 'requested', at },
      { phase: 'succeeded', at },
    ],
    instanceId,
    securityGroupId: copiedGroup,
    securityGroupDeleted: false,
    agentRuleRevoked: true,
    agentCursor: 0,
    operatorCidr: record.operatorCidr,
    loginPort: copiedGroup ? record.loginPort : null,
    connect: record.connect,
    restoredFrom: { launchId: record.id, snapshotId, imageId },
    outcome: {
      result: 'success',
      exitCode: null,
      signal: null,
      message: `Restored from ${snapshotId} of ${record.spec.name}: the disk is as it was then; the install script was not run again.`,
    },
  };
}
