// Snapshots and restore on the sandbox, below the UI: the install script writes v1, a snapshot is taken, the data
// becomes v2 (written to the instance's disk, its root/ directory, as an application on it would), a second snapshot
// is taken; restoring from the first (the second-latest) by each method brings back v1: (a) on a replacement launch
// with a new instance id, the old instance still running with v2; (b) on the same instance, its old root volume kept
// detached and deleted when the launch is terminated. Refusals (a snapshot not of this launch, one not completed,
// a terminated launch) create nothing. A step that fails (made to fail by the AWS fault proxy in front of moto, as
// EC2 could) rolls back what the restore created and says so. The launch's DNS name stays with it: the replacement
// has none, and after the swap the record follows the instance's new public IP.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  CreateImageCommand,
  CreateSnapshotCommand,
  CreateVolumeCommand,
  DescribeImagesCommand,
  DescribeInstancesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSnapshotsCommand,
  DescribeVolumesCommand,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import { CreateHostedZoneCommand, ListResourceRecordSetsCommand, Route53Client } from '@aws-sdk/client-route-53';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LaunchRecord, LaunchSpecInput } from '../../../electron/common/models';
import type { KilnError, Result } from '../../../electron/common/result';
import { SANDBOX_PROFILE_ID } from '../../../electron/core/profiles/sandbox-profile';
import { SANDBOX_CREDENTIALS } from '../../../electron/core/sandbox/address';
import { backendCommands } from '../../support/backend-commands';
import { startSandboxBackend, type SandboxBackend } from '../../support/sandbox-backend';
import { waitFor } from '../../support/wait';

let env: SandboxBackend;
let ec2: EC2Client;
let route53: Route53Client;
let zoneId = '';
const { call, must } = backendCommands(() => env.backend.handlers);

const spec: LaunchSpecInput = {
  profileId: SANDBOX_PROFILE_ID,
  region: 'us-east-1',
  name: 'restore-source',
  imageId: 'ami-0ed094fb1304fd857',
  instanceType: 't3.micro',
  installScript: 'mkdir -p "$KILN_ROOT/app" && echo v1 > "$KILN_ROOT/app/data.txt" && echo wrote v1',
  tags: [{ key: 'team', value: 'kiln' }],
};
const DNS_NAME = 'restore.example.test';

beforeAll(async () => {
  env = await startSandboxBackend({ pendingSeconds: 1, imageSeconds: 3, hostRegions: ['us-east-1'], proxy: true });
  ec2 = env.ec2();
  route53 = new Route53Client({
    region: 'us-east-1',
    endpoint: env.sandbox.endpoint,
    credentials: { ...SANDBOX_CREDENTIALS },
  });
  const zone = await route53.send(new CreateHostedZoneCommand({ Name: 'example.test', CallerReference: 'restore' }));
  zoneId = zone.HostedZone!.Id!.replace('/hostedzone/', '');
}, 90_000);
afterAll(async () => {
  route53?.destroy();
  await env?.stop();
});

/** The addresses the launch's A record holds in moto's Route 53 (none when there is no record). */
async function dnsValues(): Promise<string[]> {
  const listed = await route53.send(new ListResourceRecordSetsCommand({ HostedZoneId: zoneId }));
  return (listed.ResourceRecordSets ?? [])
    .filter((r) => r.Type === 'A' && r.Name?.replace(/\.$/, '') === DNS_NAME)
    .flatMap((r) => (r.ResourceRecords ?? []).map((v) => v.Value ?? ''));
}
const publicIpOf = async (instanceId: string) =>
  (await ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }))).Reservations![0].Instances![0]
    .PublicIpAddress;

const recordOf = async (id: string) => (await must('launch.list', {})).find((r) => r.id === id)!;
const dataFile = (instanceId: string) =>
  path.join(env.sandbox.rootDir, 'instances', instanceId, 'root', 'app', 'data.txt');
const readData = (instanceId: string) => readFile(dataFile(instanceId), 'utf8').catch(() => undefined);
const counts = async () => ({
  images: (await ec2.send(new DescribeImagesCommand({ Owners: ['self'] }))).Images?.length ?? 0,
  volumes: (await ec2.send(new DescribeVolumesCommand({}))).Volumes?.length ?? 0,
  snapshots: (await ec2.send(new DescribeSnapshotsCommand({ OwnerIds: ['self'] }))).Snapshots?.length ?? 0,
  instances: ((await ec2.send(new DescribeInstancesCommand({}))).Reservations ?? []).flatMap((r) => r.Instances ?? [])
    .length,
});
/** The error of a failed command result (a success fails the test). */
function failureOf(result: Result<unknown>): KilnError {
  if (result.ok) throw new Error('expected the restore to fail');
  return result.error;
}
const running = (id: string) =>
  waitFor(`launch ${id} to run`, async () => (await recordOf(id)).instanceState === 'running', 60_000, 200);

describe('restore a launch from a snapshot on the sandbox', () => {
  let source: LaunchRecord;
  let first: string;
  let second: string;
  let firstAddress: string | undefined;

  it('lists the snapshots taken before and after the data changed, newest first', async () => {
    const started = await must('launch.start', {
      spec: { ...spec, dns: { hostedZoneId: zoneId, recordName: DNS_NAME } },
    });
    source = await waitFor(
      'the install to succeed',
      async () => {
        const record = await recordOf(started.id);
        return record.phase === 'succeeded' ? record : undefined;
      },
      90_000,
      200,
    );
    expect(await readData(source.instanceId!)).toBe('v1\n');
    firstAddress = await publicIpOf(source.instanceId!);
    await waitFor('the DNS name on the instance', async () => (await dnsValues()).join() === firstAddress, 30_000, 200);
    first = (await must('snapshots.take', { launchId: source.id })).snapshotId;
    // EC2 (and moto) give StartTime to the second: the second snapshot is taken a second later, as any would be.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    await writeFile(dataFile(source.instanceId!), 'v2\n');
    const taken = await must('snapshots.take', { launchId: source.id });
    second = taken.snapshotId;
    expect(taken).toMatchObject({ source: 'manual', root: true });

    const listed = await must('snapshots.list', { launchId: source.id });
    expect(listed.map((s) => s.snapshotId)).toEqual([second, first]);
    const [root] = (
      await ec2.send(
        new DescribeVolumesCommand({ Filters: [{ Name: 'attachment.instance-id', Values: [source.instanceId!] }] }),
      )
    ).Volumes!;
    expect(listed[1]).toMatchObject({
      state: 'completed',
      progress: 100,
      sizeGiB: root.Size,
      source: 'manual',
      root: true,
    });
    expect(listed[1].volumeId).toBe(root.VolumeId);
    const [described] = (await ec2.send(new DescribeSnapshotsCommand({ SnapshotIds: [first] }))).Snapshots!;
    const tags = Object.fromEntries(described.Tags!.map((t) => [t.Key, t.Value] as const));
    expect(tags).toMatchObject({ 'kiln:launch-id': source.id, 'kiln:snapshot': 'manual', team: 'kiln' });
  }, 120_000);

  it('refuses a snapshot not of this launch and one not completed, creating nothing', async () => {
    const zone = (await ec2.send(new DescribeInstancesCommand({ InstanceIds: [source.instanceId!] }))).Reservations![0]
      .Instances![0].Placement!.AvailabilityZone!;
    const { VolumeId } = await ec2.send(new CreateVolumeCommand({ Size: 1, AvailabilityZone: zone }));
    const foreign = (await ec2.send(new CreateSnapshotCommand({ VolumeId }))).SnapshotId!;
    // CreateImage's snapshots stay pending for the sandbox's image time.
    const { ImageId } = await ec2.send(
      new CreateImageCommand({ InstanceId: source.instanceId!, Name: 'restore-pending', NoReboot: true }),
    );
    const [image] = (await ec2.send(new DescribeImagesCommand({ ImageIds: [ImageId!] }))).Images!;
    const pending = image.BlockDeviceMappings![0].Ebs!.SnapshotId!;

    const before = await counts();
    for (const [snapshotId, code] of [
      [foreign, 'SnapshotNotOfLaunch'],
      [pending, 'SnapshotNotCompleted'],
    ] as const) {
      for (const method of ['image', 'swap-volume'] as const) {
        const result = await call('snapshots.restore', { launchId: source.id, snapshotId, method });
        expect(result.ok ? 'ok' : result.error.code).toBe(code);
      }
      const preview = await call('snapshots.restore.preview', { launchId: source.id, snapshotId });
      expect(preview.ok ? 'ok' : preview.error.code).toBe(code);
    }
    expect(await counts()).toEqual(before);
    expect((await recordOf(source.id)).restore).toBeUndefined();
  }, 60_000);

  it('says what each method does to the instance id and the IP address', async () => {
    const preview = await must('snapshots.restore.preview', { launchId: source.id, snapshotId: first });
    expect(preview.snapshot.snapshotId).toBe(first);
    const byMethod = Object.fromEntries(preview.methods.map((m) => [m.method, m] as const));
    expect(byMethod.image.instanceId).toBe('new');
    expect(byMethod['swap-volume'].instanceId).toBe('same');
    expect(byMethod['swap-volume'].publicIp).toMatch(/changes/);
    expect(byMethod.image.refusal).toBeUndefined();
    expect(byMethod.image.afterwards).toContain(
      `The DNS name ${DNS_NAME} stays with ${source.instanceId}; the replacement has none.`,
    );
    expect(byMethod['swap-volume'].afterwards.join(' ')).toContain(`Kiln takes the DNS name ${DNS_NAME} down`);
  });

  it('(a) launches a replacement from the second-latest snapshot that has its data, v1', async () => {
    const result = await must('snapshots.restore', { launchId: source.id, snapshotId: first, method: 'image' });
    expect(result.launchId).not.toBe(source.id);
    expect(result.instanceId).not.toBe(source.instanceId);
    const replacement = await recordOf(result.launchId);
    expect(replacement).toMatchObject({
      spec: { name: 'restore-source (restored)', instanceType: 't3.micro' },
      restoredFrom: { launchId: source.id, snapshotId: first },
      phase: 'succeeded',
    });
    expect(replacement.spec.dns).toBeUndefined();
    expect(replacement.dns).toBeUndefined();
    await running(result.launchId);
    expect(await readData(result.instanceId)).toBe('v1\n');
    // The old instance keeps running with what it had.
    expect(await readData(source.instanceId!)).toBe('v2\n');
    expect((await recordOf(source.id)).restore).toMatchObject({
      state: 'succeeded',
      method: 'image',
      replacementLaunchId: result.launchId,
    });
    // Same subnet, key and tags; the image is gone again (the instance keeps its volume).
    const describe = async (id: string) =>
      (await ec2.send(new DescribeInstancesCommand({ InstanceIds: [id] }))).Reservations![0].Instances![0];
    const [old, fresh] = [await describe(source.instanceId!), await describe(result.instanceId)];
    expect(fresh.SubnetId).toBe(old.SubnetId);
    expect(fresh.Tags).toContainEqual({ Key: 'team', Value: 'kiln' });
    expect(fresh.Tags).toContainEqual({ Key: 'kiln:launch-id', Value: result.launchId });
    expect(fresh.SecurityGroups?.[0]?.GroupId).not.toBe(old.SecurityGroups?.[0]?.GroupId);
    const images = (
      await ec2
        .send(new DescribeImagesCommand({ ImageIds: [replacement.restoredFrom!.imageId] }))
        .catch(() => ({ Images: [] }))
    ).Images;
    expect(images ?? []).toEqual([]);
  }, 120_000);

  it('(b) swaps a volume of the second-latest snapshot in as the root volume: same instance, v1', async () => {
    const oldRoot = (await ec2.send(new DescribeInstancesCommand({ InstanceIds: [source.instanceId!] })))
      .Reservations![0].Instances![0].BlockDeviceMappings![0].Ebs!.VolumeId!;
    const result = await must('snapshots.restore', { launchId: source.id, snapshotId: first, method: 'swap-volume' });
    expect(result).toMatchObject({ launchId: source.id, instanceId: source.instanceId, retiredVolumeId: oldRoot });
    expect(await readData(source.instanceId!)).toBe('v1\n');
    const record = await recordOf(source.id);
    expect(record.restore?.state).toBe('succeeded');
    expect(record.restore?.steps.every((s) => s.state === 'done')).toBe(true);
    expect(record.retiredVolumes).toEqual([expect.objectContaining({ volumeId: oldRoot, deleted: false })]);
    const [retired] = (await ec2.send(new DescribeVolumesCommand({ VolumeIds: [oldRoot] }))).Volumes!;
    expect(retired.State).toBe('available');
    expect(retired.Tags).toContainEqual({ Key: 'kiln:retired-root-of', Value: source.instanceId });
    await running(source.id);
    // The stop and start gave the instance a new public IP; the DNS name follows it.
    const address = await publicIpOf(source.instanceId!);
    expect(address).toBeTruthy();
    expect(address).not.toBe(firstAddress);
    await waitFor('the DNS name on the new address', async () => (await dnsValues()).join() === address, 30_000, 200);
  }, 120_000);

  it('(a) rolls back the image and the security group copy when the replacement cannot be launched', async () => {
    const groups = async () => (await ec2.send(new DescribeSecurityGroupsCommand({}))).SecurityGroups?.length ?? 0;
    const before = { ...(await counts()), groups: await groups() };
    const launches = (await must('launch.list', {})).length;
    env.proxy!.throttle('RunInstances', {
      sequence: [true],
      error: { status: 400, code: 'InsufficientInstanceCapacity', message: 'There is no capacity for t3.micro.' },
    });
    const result = await call('snapshots.restore', { launchId: source.id, snapshotId: first, method: 'image' });
    env.proxy!.stopThrottling('RunInstances');
    const error = failureOf(result);
    expect(error.code).toBe('InsufficientInstanceCapacity');
    expect(error.message).toMatch(/failed at "Launch the replacement instance"/);
    expect(error.message).toMatch(/Rolled back: deleted the security group sg-[0-9a-f]+; deregistered the image ami-/);
    expect({ ...(await counts()), groups: await groups() }).toEqual(before);
    expect((await must('launch.list', {})).length).toBe(launches);
    const restore = (await recordOf(source.id)).restore!;
    expect(restore.state).toBe('failed');
    expect(restore.steps.filter((s) => s.state === 'rolled-back').map((s) => s.title)).toHaveLength(2);
  }, 120_000);

  it('(b) puts the old root volume back and starts the instance when the new one cannot be attached', async () => {
    const describe = async () =>
      (await ec2.send(new DescribeInstancesCommand({ InstanceIds: [source.instanceId!] }))).Reservations![0]
        .Instances![0];
    const rootBefore = (await describe()).BlockDeviceMappings![0].Ebs!.VolumeId!;
    await writeFile(dataFile(source.instanceId!), 'v3\n');
    const before = await counts();
    env.proxy!.throttle('AttachVolume', {
      sequence: [true],
      error: { status: 400, code: 'VolumeLimitExceeded', message: 'No more volumes can be attached.' },
    });
    const result = await call('snapshots.restore', { launchId: source.id, snapshotId: second, method: 'swap-volume' });
    env.proxy!.stopThrottling('AttachVolume');
    const error = failureOf(result);
    expect(error.message).toMatch(/failed at "Attach vol-[0-9a-f]+ at \/dev\/\w+"/);
    expect(error.message).toMatch(
      /Rolled back: attached vol-[0-9a-f]+ again .*; deleted the new volume vol-[0-9a-f]+; started i-/,
    );
    const after = await describe();
    expect(after.State?.Name).toBe('running');
    expect(after.BlockDeviceMappings![0].Ebs!.VolumeId).toBe(rootBefore);
    expect(await counts()).toEqual(before);
    expect(await readData(source.instanceId!)).toBe('v3\n');
    expect((await recordOf(source.id)).retiredVolumes).toHaveLength(1);
  }, 120_000);

  it('refuses a terminated launch, and deletes the old root volume with it', async () => {
    const oldRoot = (await recordOf(source.id)).retiredVolumes![0].volumeId;
    await must('launch.terminate', { launchId: source.id });
    await waitFor(
      'the cleanup to delete the old root volume',
      async () => (await recordOf(source.id)).retiredVolumes?.[0]?.deleted === true,
      60_000,
      200,
    );
    const left = await ec2.send(new DescribeVolumesCommand({ Filters: [{ Name: 'volume-id', Values: [oldRoot] }] }));
    expect(left.Volumes ?? []).toEqual([]);
    await waitFor('the DNS name removed with the launch', async () => (await dnsValues()).length === 0, 30_000, 200);
    const before = await counts();
    const result = await call('snapshots.restore', { launchId: source.id, snapshotId: first, method: 'image' });
    expect(result.ok ? 'ok' : result.error.code).toBe('LaunchTerminated');
    expect(await counts()).toEqual(before);
  }, 90_000);
});
