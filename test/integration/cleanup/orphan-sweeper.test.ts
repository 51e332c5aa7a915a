// The orphan sweeper against the sandbox: Kiln-tagged resources that no live launch owns are listed with age and
// cost, and cleaned up (instances first, then what they used).
import {
  CreateSecurityGroupCommand,
  CreateVolumeCommand,
  DescribeInstancesCommand,
  DescribeSecurityGroupsCommand,
  DescribeVolumesCommand,
  RunInstancesCommand,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAwsClientPool } from '../../../electron/core/aws/clients';
import { createOrphanSweeper } from '../../../electron/core/cleanup/orphan-sweeper';
import { launchTags } from '../../../electron/core/launch/tags';
import { createSandboxProfile } from '../../../electron/core/profiles/sandbox-profile';
import { startSandboxBackend, type SandboxBackend } from '../../support/sandbox-backend';

const AL2023 = 'ami-0ed094fb1304fd857';
let env: SandboxBackend;
let ec2: EC2Client;
const clients = createAwsClientPool();

beforeAll(async () => {
  env = await startSandboxBackend({ pendingSeconds: 0 });
  ec2 = env.ec2();
}, 60_000);
afterAll(async () => {
  clients.destroy();
  await env?.stop();
});

async function leftovers(launchId: string) {
  const tags = launchTags(launchId, `orphan ${launchId}`);
  const spec = (type: 'security-group' | 'instance' | 'volume') => [{ ResourceType: type, Tags: tags }];
  const group = await ec2.send(
    new CreateSecurityGroupCommand({
      GroupName: `kiln-${launchId}`,
      Description: 'left behind',
      TagSpecifications: spec('security-group'),
    }),
  );
  const run = await ec2.send(
    new RunInstancesCommand({
      ImageId: AL2023,
      InstanceType: 't3.micro',
      MinCount: 1,
      MaxCount: 1,
      SecurityGroupIds: [group.GroupId!],
      TagSpecifications: spec('instance'),
    }),
  );
  const volume = await ec2.send(
    new CreateVolumeCommand({
      AvailabilityZone: 'us-east-1a',
      Size: 30,
      VolumeType: 'gp3',
      TagSpecifications: spec('volume'),
    }),
  );
  return { groupId: group.GroupId!, instanceId: run.Instances![0].InstanceId!, volumeId: volume.VolumeId! };
}

describe('orphan sweeper', () => {
  it('lists what no live launch owns, with age and cost per day, and removes all of it', async () => {
    const context = createSandboxProfile(env.sandbox.endpoint);
    const live = await leftovers('live-launch');
    const orphan = await leftovers('lost-launch');
    const sweeper = createOrphanSweeper({
      clients,
      liveLaunchIds: () => new Set(['live-launch']),
      sleep: () => new Promise((r) => setTimeout(r, 50)),
    });

    const found = await sweeper.list(context, ['us-east-1', 'us-west-2']);
    expect(found.map((o) => [o.kind, o.id]).sort()).toEqual(
      [
        ['instance', orphan.instanceId],
        ['security-group', orphan.groupId],
        ['volume', orphan.volumeId],
      ].sort(),
    );
    expect(
      found.every((o) => o.launchId === 'lost-launch' && o.region === 'us-east-1' && o.name === 'orphan lost-launch'),
    ).toBe(true);
    const instance = found.find((o) => o.kind === 'instance')!;
    expect(instance.estimatedCostPerDay).toBeCloseTo(0.0104 * 24, 6);
    expect(instance.createdAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(found.find((o) => o.kind === 'volume')!.estimatedCostPerDay).toBeCloseTo((0.08 * 30 * 12) / 365, 6);

    const results = await sweeper.clean(
      context,
      found.map(({ kind, id, region }) => ({ kind, id, region })),
    );
    expect(results.filter((r) => !r.ok)).toEqual([]);
    expect(await sweeper.list(context, ['us-east-1'])).toEqual([]);

    const instances = await ec2.send(
      new DescribeInstancesCommand({ InstanceIds: [orphan.instanceId, live.instanceId] }),
    );
    const states = Object.fromEntries(
      instances.Reservations!.flatMap((r) => r.Instances!).map((i) => [i.InstanceId ?? '', i.State?.Name] as const),
    );
    expect(states).toEqual({ [orphan.instanceId]: 'terminated', [live.instanceId]: 'running' });
    await expect(ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [orphan.groupId] }))).rejects.toMatchObject({
      name: 'InvalidGroup.NotFound',
    });
    await expect(ec2.send(new DescribeVolumesCommand({ VolumeIds: [orphan.volumeId] }))).rejects.toMatchObject({
      name: 'InvalidVolume.NotFound',
    });
  });
});
