// Save as AMI on the sandbox, below the UI: the real agent seals the instance (its files are gone from the image's
// disk), the instance is stopped, imaged and started again, progress rises while moto keeps the image pending, the
// copy to another region is watched too, a restart resumes watching, a failed image shows AWS's reason, refusals
// create nothing, and deregistering leaves no snapshot behind. A launch from the baked image starts with what the
// install left there.
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  DeregisterImageCommand,
  DescribeImagesCommand,
  DescribeSnapshotsCommand,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bake, KilnImage, LaunchRecord, LaunchSpecInput } from '../../../electron/common/models';
import { SANDBOX_PROFILE_ID } from '../../../electron/core/profiles/sandbox-profile';
import { failSandboxImage } from '../../../electron/core/sandbox/fail-image';
import { backendCommands } from '../../support/backend-commands';
import { startSandboxBackend, type SandboxBackend } from '../../support/sandbox-backend';
import { waitFor } from '../../support/wait';

let env: SandboxBackend;
let ec2: EC2Client;
const { call, must } = backendCommands(() => env.backend.handlers);
const MARK = 'first-install-7f3a';
const APP_SCRIPT = `mkdir -p "$KILN_ROOT/app" && echo "baked app" > "$KILN_ROOT/app/hello.txt" && echo ${MARK}`;

const spec = (name: string, extra: Partial<LaunchSpecInput> = {}): LaunchSpecInput => ({
  profileId: SANDBOX_PROFILE_ID,
  region: 'us-east-1',
  name,
  imageId: 'ami-0ed094fb1304fd857',
  instanceType: 't3.micro',
  installScript: APP_SCRIPT,
  ...extra,
});
const recordOf = async (id: string) => (await must('launch.list', {})).find((r) => r.id === id)!;
const finished = (id: string, phase: 'succeeded' | 'failed' = 'succeeded') =>
  waitFor(
    `the install to be ${phase}`,
    async () => {
      const record = await recordOf(id);
      return record.phase === phase ? record : undefined;
    },
    60_000,
  );
const bakeOf = async (id: string, index = 0): Promise<Bake> => (await recordOf(id)).bakes![index];
const waitForBake = (id: string, phase: Bake['phase'], index = 0) =>
  waitFor(
    `the bake to be ${phase}`,
    async () => {
      const bake = await bakeOf(id, index);
      if (bake.phase === 'failed' && phase !== 'failed') throw new Error(`bake failed: ${bake.error?.message}`);
      return bake.phase === phase ? bake : undefined;
    },
    90_000,
    200,
  );
const imageCount = async (region = 'us-east-1') =>
  (await env.ec2(region).send(new DescribeImagesCommand({ Owners: ['self'] }))).Images?.length ?? 0;

beforeAll(async () => {
  env = await startSandboxBackend({ pendingSeconds: 1, imageSeconds: 4, hostRegions: ['us-east-1', 'us-west-2'] });
  ec2 = env.ec2();
}, 60_000);
afterAll(async () => env?.stop());

describe('save as AMI on the sandbox', () => {
  let source: LaunchRecord;
  let baked: Bake;

  it('refuses bad and taken names before doing anything', async () => {
    source = await finished((await must('launch.start', { spec: spec('bake-source') })).id);
    const before = await imageCount();
    for (const [name, code] of [
      ['ab', 'InvalidInput'],
      ['x'.repeat(129), 'InvalidInput'],
      ['bad*name', 'InvalidInput'],
    ] as const) {
      const result = await call('bake.start', { request: { launchId: source.id, name } });
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.code).toBe(code);
    }
    const preview = await must('bake.preview', {
      request: { launchId: source.id, name: 'kiln-app-v1', copyToRegions: ['us-west-2'] },
    });
    expect(preview).toMatchObject({ agentReachable: true, instanceState: 'running' });
    expect(preview.usdPerMonth).toBeGreaterThan(0);
    expect(preview.usdPerMonthAllRegions).toBeCloseTo(preview.usdPerMonth! * 2);
    expect(await imageCount()).toBe(before);
    expect((await recordOf(source.id)).bakes ?? []).toEqual([]);
  });

  it('seals, stops, images, starts again, shows progress rising, copies, and reaches available', async () => {
    const progress: number[] = [];
    const announced: KilnImage[] = [];
    const unsubscribe = env.backend.events.subscribe((event, payload) => {
      if (event === 'images.updated') announced.push(payload as KilnImage);
      const record = payload as LaunchRecord;
      if (event === 'launch.updated' && record.id === source.id) {
        const snapshot = record.bakes?.[0]?.images[0]?.snapshots[0];
        if (snapshot) progress.push(snapshot.progress);
      }
    });
    try {
      const started = await must('bake.start', {
        request: { launchId: source.id, name: 'kiln-app-v1', copyToRegions: ['us-west-2'] },
      });
      expect(started.bakes![0].seal).toMatchObject({ sealed: true });
      expect(started.bakes![0].seal!.removed.join('\n')).toMatch(/agent\.json/);
      baked = await waitForBake(source.id, 'available');
    } finally {
      unsubscribe();
    }
    expect(baked.timeline.map((t) => t.phase)).toEqual([
      'stopping',
      'creating-image',
      'pending',
      'copying',
      'available',
    ]);
    expect(new Set(progress).size).toBeGreaterThan(1);
    expect(progress.some((p, i) => i > 0 && p > progress[i - 1])).toBe(true);
    expect(baked.images.map((i) => i.region)).toEqual(['us-east-1', 'us-west-2']);
    expect(baked.images.every((i) => i.state === 'available')).toBe(true);
    // The Images page hears of every watched image from the watcher's own answers.
    const rows = announced.filter((image) => image.imageId === baked.images[0].imageId);
    expect(rows.some((image) => image.state === 'pending' && image.progress !== null)).toBe(true);
    expect(rows.at(-1)).toMatchObject({ state: 'available', launchId: source.id, name: 'kiln-app-v1', sealed: true });

    const [image] = (await ec2.send(new DescribeImagesCommand({ ImageIds: [baked.images[0].imageId] }))).Images!;
    const tags = Object.fromEntries(image.Tags!.map((t) => [t.Key ?? '', t.Value] as const));
    expect(tags).toMatchObject({
      'kiln:baked-from': source.id,
      'kiln:source-ami': source.spec.imageId,
      'kiln:sealed': 'true',
      Name: 'kiln-app-v1',
    });
    expect(tags['kiln:script-sha256']).toMatch(/^[0-9a-f]{64}$/);
    const snapshots = await ec2.send(
      new DescribeSnapshotsCommand({ Filters: [{ Name: 'tag:kiln:baked-from', Values: [source.id] }] }),
    );
    expect(snapshots.Snapshots?.length).toBeGreaterThan(0);
    await waitFor(
      'the instance to run again',
      async () => (await recordOf(source.id)).instanceState === 'running',
      30_000,
    );
  });

  it("leaves the install in the image and the launch's secrets out of it", async () => {
    const disk = path.join(env.sandbox.rootDir, 'images', baked.images[0].imageId, 'root');
    expect(await readFile(path.join(disk, 'app', 'hello.txt'), 'utf8')).toBe('baked app\n');
    for (const gone of ['etc/agent.json', 'etc/agent.key', 'etc/agent.crt', 'data', 'run', 'install']) {
      expect(existsSync(path.join(disk, gone)), gone).toBe(false);
    }
    const copy = path.join(env.sandbox.rootDir, 'images', baked.images[1].imageId, 'root', 'app', 'hello.txt');
    expect(existsSync(copy)).toBe(true);
  });

  it('launches from the baked image with what the install left there', async () => {
    const check = [
      'test -f "$KILN_ROOT/app/hello.txt" || { echo "no app file"; exit 3; }',
      `if grep -rqs "${MARK}" "$KILN_ROOT/data"; then echo "old journal found"; exit 4; fi`,
      'echo "found: $(cat "$KILN_ROOT/app/hello.txt")"',
    ].join('\n');
    const launched = await must('launch.start', {
      spec: spec('from-baked', { imageId: baked.images[0].imageId, installScript: check }),
    });
    const done = await finished(launched.id);
    const log = await must('launch.log', { launchId: done.id, after: 0 });
    expect(log.map((l) => l.text)).toContain('found: baked app');
  });

  it('resumes watching after a restart while the image is pending', async () => {
    await must('bake.start', {
      request: { launchId: source.id, name: 'kiln-app-v2', mode: 'reboot', allowUnsealed: true },
    });
    await waitForBake(source.id, 'pending', 1);
    await env.restart();
    const bake = await waitForBake(source.id, 'available', 1);
    expect(bake.images[0].state).toBe('available');
  });

  it("shows AWS's reason when an image fails", async () => {
    await must('bake.start', {
      request: { launchId: source.id, name: 'kiln-app-doomed', mode: 'reboot', allowUnsealed: true },
    });
    const pending = await waitForBake(source.id, 'pending', 2);
    await failSandboxImage(env.sandbox.endpoint, pending.images[0].imageId, {
      code: 'Server.InternalError',
      message: 'the volume could not be read',
    });
    const failed = await waitForBake(source.id, 'failed', 2);
    expect(failed.error?.message).toMatch(/the volume could not be read/);
  });

  it('refuses a taken name, and an unsealable instance unless the operator confirms', async () => {
    const taken = await call('bake.start', { request: { launchId: source.id, name: 'kiln-app-v1' } });
    expect(taken.ok).toBe(false);
    if (!taken.ok) expect(taken.error).toMatchObject({ code: 'InvalidAMIName.Duplicate', field: 'name' });
    // The first bake sealed the instance: its agent removed itself, so a second seal cannot happen.
    const preview = await must('bake.preview', { request: { launchId: source.id, name: 'kiln-app-unsealed' } });
    expect(preview).toMatchObject({ agentReachable: false, agentNote: expect.stringMatching(/sealed/) });
    const unsealable = await call('bake.start', { request: { launchId: source.id, name: 'kiln-app-unsealed' } });
    expect(unsealable.ok).toBe(false);
    if (!unsealable.ok) expect(unsealable.error.code).toBe('SealFailed');
    const confirmed = await must('bake.start', {
      request: { launchId: source.id, name: 'kiln-app-unsealed', mode: 'reboot', allowUnsealed: true },
    });
    expect(confirmed.bakes!.at(-1)!.seal).toMatchObject({ sealed: false });
    const bake = await waitForBake(source.id, 'available', 3);
    const [image] = (await ec2.send(new DescribeImagesCommand({ ImageIds: [bake.images[0].imageId] }))).Images!;
    expect(image.Tags!.find((t) => t.Key === 'kiln:sealed')?.Value).toBe('false');
  });

  it('deregisters an image and deletes every snapshot behind it', async () => {
    const imageId = baked.images[0].imageId;
    const [image] = (await ec2.send(new DescribeImagesCommand({ ImageIds: [imageId] }))).Images!;
    const snapshotIds = image.BlockDeviceMappings!.flatMap((m) => (m.Ebs?.SnapshotId ? [m.Ebs.SnapshotId] : []));
    expect(snapshotIds.length).toBeGreaterThan(0);
    const result = await must('images.deregister', { profileId: SANDBOX_PROFILE_ID, region: 'us-east-1', imageId });
    expect(result.deletedSnapshotIds.sort()).toEqual(snapshotIds.sort());
    expect(result.keptSnapshots).toEqual([]);
    const left = await ec2.send(new DescribeImagesCommand({ Filters: [{ Name: 'image-id', Values: [imageId] }] }));
    expect(left.Images ?? []).toEqual([]);
    const snapshots = await ec2.send(
      new DescribeSnapshotsCommand({ Filters: [{ Name: 'snapshot-id', Values: snapshotIds }] }),
    );
    expect(snapshots.Snapshots ?? []).toEqual([]);
    expect(await readdir(path.join(env.sandbox.rootDir, 'images'))).not.toContain(imageId);
  });

  it('lists the Kiln-baked images of the profile with their lineage', async () => {
    const images = await must('images.baked', { profileId: SANDBOX_PROFILE_ID });
    const copy = images.find((i) => i.imageId === baked.images[1].imageId)!;
    expect(copy).toMatchObject({
      region: 'us-west-2',
      state: 'available',
      launchId: source.id,
      sealed: true,
      progress: 100,
    });
    expect(copy.usdPerMonth).toBeGreaterThan(0);
  });

  it('shows the snapshots of an image deregistered outside Kiln on the cleanup page, and deletes them there', async () => {
    const copy = baked.images[1];
    const west = env.ec2('us-west-2');
    const [image] = (await west.send(new DescribeImagesCommand({ ImageIds: [copy.imageId] }))).Images!;
    const snapshotIds = image.BlockDeviceMappings!.flatMap((m) => (m.Ebs?.SnapshotId ? [m.Ebs.SnapshotId] : []));
    await west.send(new DeregisterImageCommand({ ImageId: copy.imageId }));
    const orphans = (await must('orphans.list', { profileId: SANDBOX_PROFILE_ID })).filter(
      (o) => o.kind === 'snapshot',
    );
    expect(orphans.map((o) => o.id).sort()).toEqual(snapshotIds.sort());
    expect(orphans[0]).toMatchObject({ region: 'us-west-2', launchId: source.id });
    expect(orphans[0].estimatedCostPerDay).toBeGreaterThan(0);
    const cleaned = await must('orphans.clean', {
      profileId: SANDBOX_PROFILE_ID,
      items: orphans.map(({ kind, id, region }) => ({ kind, id, region })),
    });
    expect(cleaned.every((r) => r.ok)).toBe(true);
    const left = await west.send(
      new DescribeSnapshotsCommand({ Filters: [{ Name: 'snapshot-id', Values: snapshotIds }] }),
    );
    expect(left.Snapshots ?? []).toEqual([]);
  });
});
