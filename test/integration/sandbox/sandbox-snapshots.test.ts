// Snapshots and volumes in the sandbox carry the instance's disk (its root/ directory): a snapshot keeps the files as
// they were when it was taken, an image registered from it and a volume made from it bring them back, a swapped root
// volume becomes the instance's root/ when it starts again, and EC2's rules on root volumes hold. Only 127.0.0.0/8
// is contacted.
import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  AttachVolumeCommand,
  CreateSnapshotCommand,
  CreateVolumeCommand,
  DeleteSnapshotCommand,
  DescribeImagesCommand,
  DescribeInstancesCommand,
  DetachVolumeCommand,
  RegisterImageCommand,
  RunInstancesCommand,
  StartInstancesCommand,
  StopInstancesCommand,
  type Instance,
} from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { useLocalSandbox } from './local-sandbox';
import { waitFor } from '../../support/wait';

const AL2023 = 'ami-0ed094fb1304fd857';
const USER_DATA = `#!/bin/bash
echo v1 > "$KILN_ROOT/data.txt"
echo written
`;

const local = useLocalSandbox({
  prefix: 'kiln-sandbox-snapshots-',
  sandbox: {
    pendingSeconds: 1,
    imageSeconds: 1,
    sshd: false,
    pollIntervalMs: 250,
    log: (m) => process.env.DEBUG_SANDBOX && console.log(m),
  },
});

const dataFile = (instanceId: string) => path.join(local.rootDir, 'instances', instanceId, 'root', 'data.txt');
const read = (file: string) => readFile(file, 'utf8').catch(() => undefined);
const errorName = (promise: Promise<unknown>) =>
  promise.then(
    () => 'no error',
    (error: Error) => error.name,
  );

async function describeInstance(instanceId: string): Promise<Instance> {
  const out = await local.ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }));
  return out.Reservations![0].Instances![0];
}

const waitForState = (instanceId: string, state: string) =>
  waitFor(
    `${instanceId} to be ${state}`,
    async () => (await describeInstance(instanceId)).State?.Name === state,
    20_000,
  );

describe('snapshots and volumes in the sandbox', () => {
  let instanceId: string;
  let rootVolumeId: string;
  let firstSnapshot: string;

  it('keeps the files of the moment in each snapshot, and forgets them on DeleteSnapshot', async () => {
    const run = await local.ec2.send(
      new RunInstancesCommand({
        ImageId: AL2023,
        InstanceType: 't3.micro',
        MinCount: 1,
        MaxCount: 1,
        UserData: Buffer.from(USER_DATA).toString('base64'),
      }),
    );
    instanceId = run.Instances![0].InstanceId!;
    await waitFor('the user data to write v1', async () => (await read(dataFile(instanceId))) === 'v1\n', 30_000);
    const instance = await describeInstance(instanceId);
    rootVolumeId = instance.BlockDeviceMappings!.find((m) => m.DeviceName === instance.RootDeviceName)!.Ebs!.VolumeId!;

    firstSnapshot = (await local.ec2.send(new CreateSnapshotCommand({ VolumeId: rootVolumeId }))).SnapshotId!;
    await writeFile(dataFile(instanceId), 'v2\n');
    const second = (await local.ec2.send(new CreateSnapshotCommand({ VolumeId: rootVolumeId }))).SnapshotId!;

    const tree = (snapshotId: string) => path.join(local.rootDir, 'snapshots', snapshotId, 'root');
    expect(await read(path.join(tree(firstSnapshot), 'data.txt'))).toBe('v1\n');
    expect(await read(path.join(tree(second), 'data.txt'))).toBe('v2\n');
    await local.ec2.send(new DeleteSnapshotCommand({ SnapshotId: second }));
    await expect(stat(path.join(local.rootDir, 'snapshots', second))).rejects.toThrow(/ENOENT/);
  }, 60_000);

  it('launches an image registered from a snapshot with the files of that snapshot', async () => {
    const { ImageId } = await local.ec2.send(
      new RegisterImageCommand({
        Name: 'kiln-restore-image',
        RootDeviceName: '/dev/xvda',
        Architecture: 'x86_64',
        VirtualizationType: 'hvm',
        BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { SnapshotId: firstSnapshot } }],
      }),
    );
    const image = await waitFor(
      'the registered image to be available',
      async () => {
        const [found] = (await local.ec2.send(new DescribeImagesCommand({ ImageIds: [ImageId!] }))).Images!;
        return found.State === 'available' ? found : undefined;
      },
      20_000,
    );
    expect(image.RootDeviceName).toBe('/dev/xvda');
    expect(image.BlockDeviceMappings?.[0]?.Ebs?.SnapshotId).toBe(firstSnapshot);
    const run = await local.ec2.send(
      new RunInstancesCommand({ ImageId: ImageId!, InstanceType: 't3.micro', MinCount: 1, MaxCount: 1 }),
    );
    const restored = run.Instances![0].InstanceId!;
    expect(await read(dataFile(restored))).toBe('v1\n');
    const described = await describeInstance(restored);
    const root = described.BlockDeviceMappings!.find((m) => m.DeviceName === '/dev/xvda');
    expect(root?.Ebs?.VolumeId).toBeDefined();
  }, 60_000);

  it('refuses to detach the root volume of a running instance and to attach at a device in use', async () => {
    expect(await errorName(local.ec2.send(new DetachVolumeCommand({ VolumeId: rootVolumeId })))).toBe('IncorrectState');
    const instance = await describeInstance(instanceId);
    const { VolumeId } = await local.ec2.send(
      new CreateVolumeCommand({ SnapshotId: firstSnapshot, AvailabilityZone: instance.Placement!.AvailabilityZone }),
    );
    expect(
      await errorName(
        local.ec2.send(new AttachVolumeCommand({ VolumeId, InstanceId: instanceId, Device: instance.RootDeviceName! })),
      ),
    ).toBe('InvalidParameterValue');
  });

  it("boots a stopped instance whose root volume was swapped with the new volume's files", async () => {
    const instance = await describeInstance(instanceId);
    const zone = instance.Placement!.AvailabilityZone!;
    const device = instance.RootDeviceName!;
    const { VolumeId } = await local.ec2.send(
      new CreateVolumeCommand({ SnapshotId: firstSnapshot, AvailabilityZone: zone }),
    );
    await local.ec2.send(new StopInstancesCommand({ InstanceIds: [instanceId] }));
    await waitForState(instanceId, 'stopped');
    await local.ec2.send(new DetachVolumeCommand({ VolumeId: rootVolumeId }));
    // Without a root volume the instance cannot start.
    expect(await errorName(local.ec2.send(new StartInstancesCommand({ InstanceIds: [instanceId] })))).toBe(
      'InvalidParameterValue',
    );
    expect(await read(dataFile(instanceId))).toBe('v2\n');
    await local.ec2.send(new AttachVolumeCommand({ VolumeId, InstanceId: instanceId, Device: device }));
    await local.ec2.send(new StartInstancesCommand({ InstanceIds: [instanceId] }));
    expect(await read(dataFile(instanceId))).toBe('v1\n');
    // The old root volume keeps its files: a snapshot of it has v2.
    const old = (await local.ec2.send(new CreateSnapshotCommand({ VolumeId: rootVolumeId }))).SnapshotId!;
    expect(await read(path.join(local.rootDir, 'snapshots', old, 'root', 'data.txt'))).toBe('v2\n');
    await waitForState(instanceId, 'running');
  }, 60_000);
});
