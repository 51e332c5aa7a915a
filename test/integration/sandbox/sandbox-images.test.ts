// Baking in the sandbox: a new image is pending for a few seconds while its snapshots' progress rises, carries the
// instance's root/ (its disk in the sandbox) to instances launched from it and to its copies, can be made to fail,
// and leaves its snapshots behind when it is deregistered, as on EC2. Only 127.0.0.0/8 is ever contacted.
import { lstat, readdir, readFile, readlink, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import {
  CopyImageCommand,
  CreateImageCommand,
  DeleteSnapshotCommand,
  DeregisterImageCommand,
  DescribeImagesCommand,
  DescribeInstancesCommand,
  DescribeSnapshotsCommand,
  EC2Client,
  RunInstancesCommand,
  StopInstancesCommand,
  type Image,
  type Snapshot,
  type Tag,
} from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { failSandboxImage } from '../../../electron/core/sandbox/fail-image';
import { sandboxImageRoot } from '../../../electron/core/sandbox/image-disk';
import { eventuallyWith, useLocalSandbox } from './local-sandbox';

const AL2023 = 'ami-0ed094fb1304fd857';
const IMAGE_SECONDS = 3;
const WEST = 'us-west-2';

const BAKED_USER_DATA = `#!/bin/bash
set -eu
mkdir -p "$KILN_ROOT/app"
echo "hello from $KILN_INSTANCE_ID" > "$KILN_ROOT/app/hello.txt"
printf '#!/bin/sh\\necho run\\n' > "$KILN_ROOT/app/run.sh"
chmod 750 "$KILN_ROOT/app/run.sh"
echo "a token the seal removes" > "$KILN_ROOT/app/secret.txt"
ln -s hello.txt "$KILN_ROOT/app/link"
mkfifo "$KILN_ROOT/app/fifo"
echo install-done
`;
const LAUNCHED_USER_DATA = `#!/bin/bash
echo "saw: $(cat "$KILN_ROOT/app/hello.txt")"
if [ -e "$KILN_ROOT/app/secret.txt" ]; then echo "secret: present"; else echo "secret: absent"; fi
echo "run.sh mode: $(stat -c %a "$KILN_ROOT/app/run.sh")"
`;
const TAGS: Tag[] = [
  { Key: 'Name', Value: 'kiln-sandbox-baked' },
  { Key: 'kiln:baked-from', Value: 'launch-1' },
];

const local = useLocalSandbox({
  prefix: 'kiln-sandbox-images-',
  sandbox: {
    pendingSeconds: 1,
    imageSeconds: IMAGE_SECONDS,
    regions: ['us-east-1', WEST],
    sshd: false,
    pollIntervalMs: 250,
  },
});
const eventually = eventuallyWith(local.logs);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function imageOf(client: EC2Client, imageId: string): Promise<Image> {
  return (await client.send(new DescribeImagesCommand({ ImageIds: [imageId] }))).Images![0];
}

async function snapshotById(client: EC2Client, snapshotId: string): Promise<Snapshot> {
  return (await client.send(new DescribeSnapshotsCommand({ SnapshotIds: [snapshotId] }))).Snapshots![0];
}

async function snapshotByFilter(client: EC2Client, snapshotId: string): Promise<Snapshot> {
  const out = await client.send(
    new DescribeSnapshotsCommand({ Filters: [{ Name: 'snapshot-id', Values: [snapshotId] }] }),
  );
  return out.Snapshots![0];
}

const percent = (snapshot: Snapshot) => Number.parseInt(snapshot.Progress ?? '', 10);
const snapshotIdsOf = (image: Image) => (image.BlockDeviceMappings ?? []).map((m) => m.Ebs!.SnapshotId!);
const tagsOf = (resource: { Tags?: Tag[] }) =>
  Object.fromEntries((resource.Tags ?? []).map((t) => [t.Key ?? '', t.Value] as const));
const errorName = (promise: Promise<unknown>) =>
  promise.then(
    () => 'no error',
    (error: Error) => error.name,
  );

async function waitUntilAvailable(client: EC2Client, imageId: string): Promise<Image> {
  return eventually(`${imageId} to be available`, async () => {
    const image = await imageOf(client, imageId);
    return image.State === 'available' ? image : undefined;
  });
}

describe('images in the sandbox', () => {
  let sourceInstanceId: string;
  let imageId: string;
  let snapshotId: string;
  let copyId: string;
  let plainCopyId: string;

  it('bakes a stopped instance: pending with rising snapshot progress, then available, tagged', async () => {
    const run = await local.ec2.send(
      new RunInstancesCommand({
        ImageId: AL2023,
        InstanceType: 't3.micro',
        MinCount: 1,
        MaxCount: 1,
        UserData: Buffer.from(BAKED_USER_DATA).toString('base64'),
      }),
    );
    sourceInstanceId = run.Instances![0].InstanceId!;
    const instanceRoot = path.join(local.rootDir, 'instances', sourceInstanceId, 'root');
    await eventually('the install to finish', async () =>
      local.sandbox.host.instances().find((i) => i.instanceId === sourceInstanceId && i.userData === 'exited'),
    );
    // What an agent's seal does before the image is made.
    await rm(path.join(instanceRoot, 'app', 'secret.txt'));
    await local.ec2.send(new StopInstancesCommand({ InstanceIds: [sourceInstanceId] }));
    await eventually('the instance to stop', async () => {
      const out = await local.ec2.send(new DescribeInstancesCommand({ InstanceIds: [sourceInstanceId] }));
      return out.Reservations![0].Instances![0].State?.Name === 'stopped' ? true : undefined;
    });

    const created = await local.ec2.send(
      new CreateImageCommand({
        InstanceId: sourceInstanceId,
        Name: 'kiln-sandbox-baked',
        TagSpecifications: [
          { ResourceType: 'image', Tags: TAGS },
          { ResourceType: 'snapshot', Tags: TAGS },
        ],
      }),
    );
    imageId = created.ImageId!;
    const pending = await imageOf(local.ec2, imageId);
    expect(pending.State).toBe('pending');
    expect(pending.RootDeviceType).toBe('ebs');
    expect(pending.SourceInstanceId).toBe(sourceInstanceId);
    expect(pending.BlockDeviceMappings).toHaveLength(1);
    const [root] = pending.BlockDeviceMappings!;
    expect(root.DeviceName).toBe(pending.RootDeviceName);
    expect(root.Ebs).toMatchObject({
      VolumeSize: 8,
      DeleteOnTermination: true,
      SnapshotId: expect.stringMatching(/^snap-/),
    });
    snapshotId = root.Ebs!.SnapshotId!;

    const launchWhilePending = local.ec2.send(
      new RunInstancesCommand({ ImageId: imageId, InstanceType: 't3.micro', MinCount: 1, MaxCount: 1 }),
    );
    expect(await errorName(launchWhilePending)).toBe('InvalidAMIID.Unavailable');

    const first = await snapshotById(local.ec2, snapshotId);
    await sleep(1000);
    const second = await snapshotByFilter(local.ec2, snapshotId);
    expect([first.State, second.State]).toEqual(['pending', 'pending']);
    expect(first.VolumeSize).toBe(8);
    expect(percent(first)).toBeGreaterThanOrEqual(0);
    expect(percent(second)).toBeGreaterThan(percent(first));
    expect(percent(second)).toBeLessThan(100);

    const available = await waitUntilAvailable(local.ec2, imageId);
    const completed = await snapshotByFilter(local.ec2, snapshotId);
    expect(completed).toMatchObject({ State: 'completed', Progress: '100%' });
    expect(tagsOf(available)).toEqual(tagsOf({ Tags: TAGS }));
    expect(tagsOf(completed)).toEqual(tagsOf({ Tags: TAGS }));
  }, 40_000);

  it("keeps the instance's root/ as the image's tree (modes, symlinks), without what the seal removed", async () => {
    const tree = sandboxImageRoot(local.sandbox.imagesDir, imageId)!;
    expect(tree).toBe(path.join(local.rootDir, 'images', imageId, 'root'));
    expect(await readFile(path.join(tree, 'app', 'hello.txt'), 'utf8')).toBe(`hello from ${sourceInstanceId}\n`);
    expect((await stat(path.join(tree, 'app', 'run.sh'))).mode & 0o777).toBe(0o750);
    expect((await lstat(path.join(tree, 'app', 'link'))).isSymbolicLink()).toBe(true);
    expect(await readlink(path.join(tree, 'app', 'link'))).toBe('hello.txt');
    await expect(stat(path.join(tree, 'app', 'secret.txt'))).rejects.toThrow(/ENOENT/);
    // A FIFO (or socket) is nothing a disk image could carry.
    await expect(lstat(path.join(tree, 'app', 'fifo'))).rejects.toThrow(/ENOENT/);
  });

  it('gives an instance without a root/ directory an empty tree', async () => {
    const run = await local.ec2.send(
      new RunInstancesCommand({ ImageId: AL2023, InstanceType: 't3.micro', MinCount: 1, MaxCount: 1 }),
    );
    const instanceId = run.Instances![0].InstanceId!;
    await eventually('the host to pass over the empty user data', async () =>
      local.sandbox.host.instances().find((i) => i.instanceId === instanceId && i.userData === 'skipped'),
    );
    await rm(path.join(local.rootDir, 'instances', instanceId, 'root'), { recursive: true });
    const { ImageId } = await local.ec2.send(
      new CreateImageCommand({ InstanceId: instanceId, Name: 'kiln-sandbox-empty' }),
    );
    const tree = sandboxImageRoot(local.sandbox.imagesDir, ImageId!)!;
    expect((await stat(tree)).isDirectory()).toBe(true);
    expect(await readdir(tree)).toEqual([]);
  });

  it("starts an instance launched from the image with the image's files, before its user data runs", async () => {
    const run = await local.ec2.send(
      new RunInstancesCommand({
        ImageId: imageId,
        InstanceType: 't3.micro',
        MinCount: 1,
        MaxCount: 1,
        UserData: Buffer.from(LAUNCHED_USER_DATA).toString('base64'),
      }),
    );
    const instanceId = run.Instances![0].InstanceId!;
    const outputPath = path.join(local.rootDir, 'instances', instanceId, 'cloud-init-output.log');
    const output = await eventually('the user data to report', async () => {
      const text = await readFile(outputPath, 'utf8');
      return text.includes('run.sh mode:') ? text : undefined;
    });
    expect(output).toContain(`saw: hello from ${sourceInstanceId}`);
    expect(output).toContain('secret: absent');
    expect(output).toContain('run.sh mode: 750');
    expect(local.logs).toContain(`${instanceId}: root/ starts with the files of image ${imageId}`);
    const launched = await local.ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }));
    const mapping = launched.Reservations![0].Instances![0].BlockDeviceMappings![0];
    expect(mapping.DeviceName).toBe((await imageOf(local.ec2, imageId)).RootDeviceName);
  }, 30_000);

  it('copies the image to another region with its tree, its tags only when asked, pending then available', async () => {
    const copied = await local.ec2In(WEST).send(
      new CopyImageCommand({
        SourceImageId: imageId,
        SourceRegion: 'us-east-1',
        Name: 'kiln-sandbox-baked-copy',
        CopyImageTags: true,
        TagSpecifications: [{ ResourceType: 'snapshot', Tags: [{ Key: 'kiln:copy', Value: 'yes' }] }],
      }),
    );
    copyId = copied.ImageId!;
    const plain = await local
      .ec2In(WEST)
      .send(
        new CopyImageCommand({ SourceImageId: imageId, SourceRegion: 'us-east-1', Name: 'kiln-sandbox-plain-copy' }),
      );
    plainCopyId = plain.ImageId!;

    const pending = await imageOf(local.ec2In(WEST), copyId);
    expect(pending).toMatchObject({ State: 'pending', SourceImageId: imageId, SourceImageRegion: 'us-east-1' });
    expect(tagsOf(pending)).toEqual(tagsOf({ Tags: TAGS }));
    expect(tagsOf(await imageOf(local.ec2In(WEST), plainCopyId))).toEqual({});
    const [copySnapshotId] = snapshotIdsOf(pending);
    expect(copySnapshotId).not.toBe(snapshotId);
    const copySnapshot = await snapshotById(local.ec2In(WEST), copySnapshotId);
    expect(copySnapshot.State).toBe('pending');
    expect(tagsOf(copySnapshot)).toEqual({ 'kiln:copy': 'yes' });
    const tree = sandboxImageRoot(local.sandbox.imagesDir, copyId)!;
    expect(await readFile(path.join(tree, 'app', 'hello.txt'), 'utf8')).toBe(`hello from ${sourceInstanceId}\n`);

    await waitUntilAvailable(local.ec2In(WEST), copyId);
    expect((await snapshotById(local.ec2In(WEST), copySnapshotId)).State).toBe('completed');
  }, 30_000);

  it('fails an image on request: failed with the reason, its snapshots in error', async () => {
    const reason = { code: 'Client.InternalError', message: 'Copy image failed with an internal error.' };
    const failed = await failSandboxImage(local.sandbox.endpoint, plainCopyId, reason);
    expect(failed).toMatchObject({ imageId: plainCopyId, region: WEST });
    const image = await imageOf(local.ec2In(WEST), plainCopyId);
    expect(image.State).toBe('failed');
    expect(image.StateReason).toEqual({ Code: reason.code, Message: reason.message });
    const snapshots = await local.ec2In(WEST).send(new DescribeSnapshotsCommand({ SnapshotIds: failed.snapshotIds }));
    expect(snapshots.Snapshots!.map((s) => s.State)).toEqual(['error']);
    await expect(failSandboxImage(local.sandbox.endpoint, 'ami-00000000000000000', reason)).rejects.toThrow(/404/);
  });

  it('deregisters: the tree goes, the snapshots stay until they are deleted', async () => {
    const inUse = local.ec2.send(new DeleteSnapshotCommand({ SnapshotId: snapshotId }));
    expect(await errorName(inUse)).toBe('InvalidSnapshot.InUse');

    await local.ec2.send(new DeregisterImageCommand({ ImageId: imageId }));
    await expect(stat(path.join(local.rootDir, 'images', imageId))).rejects.toThrow(/ENOENT/);
    expect(await snapshotById(local.ec2, snapshotId)).toMatchObject({ SnapshotId: snapshotId, State: 'completed' });

    await local.ec2.send(new DeleteSnapshotCommand({ SnapshotId: snapshotId }));
    expect(await errorName(snapshotById(local.ec2, snapshotId))).toBe('InvalidSnapshot.NotFound');
  });

  it('deletes the snapshots with the image when DeregisterImage asks for it', async () => {
    const [copySnapshotId] = snapshotIdsOf(await imageOf(local.ec2In(WEST), copyId));
    const out = await local
      .ec2In(WEST)
      .send(new DeregisterImageCommand({ ImageId: copyId, DeleteAssociatedSnapshots: true }));
    expect(out.DeleteSnapshotResults).toEqual([{ SnapshotId: copySnapshotId, ReturnCode: 'success' }]);
    expect(await errorName(snapshotById(local.ec2In(WEST), copySnapshotId))).toBe('InvalidSnapshot.NotFound');
    await expect(stat(path.join(local.rootDir, 'images', copyId))).rejects.toThrow(/ENOENT/);
  });
});
