// The wizard's catalog on moto: quick-start tiles (moto knows only the Amazon Linux parameters, so the others must
// come back disabled with a reason), the account's own and Kiln-baked AMIs from a real CreateImage, search by name
// and id, and instance types filtered by architecture and by what the region offers. Prices on the sandbox come
// from the bundled snapshot: moto has no Pricing API (the Pricing parsing is tested against a local stand-in in
// test/integration/pricing/price-service.test.ts).
import { CreateImageCommand, CreateTagsCommand, EC2Client, RunInstancesCommand } from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAwsClientPool, type AwsClientPool } from '../../../electron/core/aws/clients';
import { createCommandHandlers } from '../../../electron/core/backend';
import { createCatalog } from '../../../electron/core/catalog/catalog';
import { createNetworkCatalog } from '../../../electron/core/catalog/network-catalog';
import { IMAGE_PAGE_SIZE } from '../../../electron/core/catalog/image-listing';
import { createProfileRegistry } from '../../../electron/core/profiles/profile-registry';
import { createSandboxProfile, SANDBOX_PROFILE_ID } from '../../../electron/core/profiles/sandbox-profile';
import { SANDBOX_CREDENTIALS } from '../../../electron/core/sandbox/address';
import { startMotoProcess, type MotoProcess } from '../../../electron/core/sandbox/moto-process';
import { backendCommands } from '../../support/backend-commands';

const AL2023_X86 = 'ami-0ed094fb1304fd857';
const where = { profileId: SANDBOX_PROFILE_ID, region: 'us-east-1' };
let moto: MotoProcess;
let clients: AwsClientPool;
let ec2: EC2Client;
let handlers: ReturnType<typeof createCommandHandlers>;

const { call, must } = backendCommands(() => handlers);

beforeAll(async () => {
  moto = await startMotoProcess({ pendingSeconds: 0 });
  clients = createAwsClientPool();
  const profile = createSandboxProfile(moto.endpoint);
  handlers = createCommandHandlers({
    profiles: createProfileRegistry(async () => [profile]),
    catalog: createCatalog({ clients }),
    network: createNetworkCatalog({ clients }),
    // Only catalog commands are called here.
    launches: {} as never,
    connect: {} as never,
    bakes: {} as never,
    images: {} as never,
    fleets: {} as never,
    storageProblems: {} as never,
    notices: {} as never,
    orphans: {} as never,
    alarms: {} as never,
    snapshotSchedules: {} as never,
    snapshots: {} as never,
    restores: {} as never,
    probes: {} as never,
    inventory: {} as never,
    profileAccess: {} as never,
    preferences: {} as never,
    wizardDefaults: {} as never,
    presets: {} as never,
    log: () => undefined,
  });
  ec2 = new EC2Client({ region: 'us-east-1', endpoint: moto.endpoint, credentials: { ...SANDBOX_CREDENTIALS } });
}, 60_000);
afterAll(async () => {
  ec2?.destroy();
  clients?.destroy();
  await moto?.stop();
});

describe('quick-start tiles', () => {
  it('resolves the Amazon Linux parameters and keeps the others as disabled tiles with the reason', async () => {
    const tiles = await must('images.quickStartTiles', where);
    expect(tiles.map((t) => t.label)).toEqual([
      'Amazon Linux 2023',
      'Amazon Linux 2023 (Arm)',
      'Ubuntu 24.04 LTS',
      'Ubuntu 24.04 LTS (Arm)',
      'Ubuntu 22.04 LTS',
      'Debian 12',
      'Debian 12 (Arm)',
      'Windows Server 2022',
      'Windows Server 2025',
    ]);
    const al2023 = tiles[0];
    expect(al2023.image).toMatchObject({
      imageId: AL2023_X86,
      architecture: 'x86_64',
      platform: 'linux',
      label: 'Amazon Linux 2023',
    });
    expect(al2023.image?.rootDeviceName).toBeTruthy();
    expect(al2023.unavailableReason).toBeUndefined();
    const windows = tiles.find((t) => t.label === 'Windows Server 2022')!;
    expect(windows.image).toBeUndefined();
    expect(windows.platform).toBe('windows');
    expect(windows.unavailableReason).toMatch(
      /^Not published in us-east-1: the SSM public parameter \/aws\/service\/ami-windows-latest\/Windows_Server-2022-English-Full-Base does not exist there\.$/,
    );
    for (const tile of tiles.filter((t) => /Ubuntu|Debian/.test(t.label)))
      expect(tile.unavailableReason).toMatch(/^Not published/);
    // The older command still answers with the images that resolve, for the callers that launch the first one.
    const images = await must('images.quickStart', where);
    expect(images.map((i) => i.imageId)).toContain(AL2023_X86);
    expect(images.every((i) => i.imageId.startsWith('ami-'))).toBe(true);
  });
});

describe('own images', () => {
  let plainImageId: string;
  let bakedImageId: string;

  beforeAll(async () => {
    const run = await ec2.send(
      new RunInstancesCommand({ ImageId: AL2023_X86, InstanceType: 't3.micro', MinCount: 1, MaxCount: 1 }),
    );
    const instanceId = run.Instances![0].InstanceId!;
    plainImageId = (await ec2.send(new CreateImageCommand({ InstanceId: instanceId, Name: 'team-golden-2026-11' })))
      .ImageId!;
    bakedImageId = (await ec2.send(new CreateImageCommand({ InstanceId: instanceId, Name: 'kiln-baked-web-2026-11' })))
      .ImageId!;
    await ec2.send(
      new CreateTagsCommand({ Resources: [bakedImageId], Tags: [{ Key: 'kiln:baked-from', Value: 'launch-1' }] }),
    );
  }, 60_000);

  it('lists the account images under My AMIs, with the Kiln-baked one flagged', async () => {
    const page = await must('images.list', { ...where, scope: 'self' });
    const ids = page.images.map((i) => i.imageId);
    expect(ids).toEqual(expect.arrayContaining([plainImageId, bakedImageId]));
    expect(ids).not.toContain(AL2023_X86);
    const baked = page.images.find((i) => i.imageId === bakedImageId)!;
    expect(baked).toMatchObject({
      name: 'kiln-baked-web-2026-11',
      architecture: 'x86_64',
      platform: 'linux',
      kilnBaked: true,
    });
    expect(baked.creationDate).toBeTruthy();
    expect(page.images.find((i) => i.imageId === plainImageId)?.kilnBaked).toBe(false);
  });

  it('lists only the tagged image under Kiln-baked AMIs', async () => {
    const page = await must('images.list', { ...where, scope: 'kiln-baked' });
    expect(page.images.map((i) => i.imageId)).toEqual([bakedImageId]);
  });

  it('finds images by a name fragment among Amazon’s and the account’s, and by id', async () => {
    const mine = await must('images.search', { ...where, text: 'golden-2026' });
    expect(mine.images.map((i) => i.imageId)).toEqual([plainImageId]);
    const amazon = await must('images.search', { ...where, text: 'al2023-ami' });
    expect(amazon.images.length).toBeGreaterThan(0);
    expect(amazon.images.length).toBeLessThanOrEqual(IMAGE_PAGE_SIZE);
    expect(amazon.images.every((i) => i.platform === 'linux')).toBe(true);
    expect(amazon.images.every((i) => i.name.includes('al2023-ami'))).toBe(true);
    const byId = await must('images.search', { ...where, text: AL2023_X86 });
    expect(byId.images.map((i) => i.imageId)).toEqual([AL2023_X86]);
    expect(byId.nextToken).toBeUndefined();
    const windows = await must('images.search', { ...where, text: 'Windows_Server' });
    expect(windows.images.length).toBeGreaterThan(0);
    expect(windows.images.every((i) => i.platform === 'windows')).toBe(true);
    const missing = await must('images.search', { ...where, text: 'ami-0000000000000000f' });
    expect(missing.images).toEqual([]);
  });

  it('caps a large search at one page of the newest images', async () => {
    // moto ignores MaxResults and returns every match without a NextToken; paging with EC2's NextToken is covered
    // in test/unit/core/catalog/image-listing.test.ts.
    const page = await must('images.search', { ...where, text: 'amzn' });
    expect(page.images).toHaveLength(IMAGE_PAGE_SIZE);
    expect(page.truncated).toBe(true);
    const dates = page.images.map((i) => i.creationDate ?? '');
    expect([...dates].sort().reverse()).toEqual(dates);
  });

  it('refuses a one-letter search with the reason', async () => {
    const result = await call('images.search', { ...where, text: 'a' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toMatch(/at least 2 characters/);
  });
});

describe('instance types', () => {
  it('lists the offered types for each architecture with network performance', async () => {
    const x86 = await must('instanceTypes.list', { ...where, architecture: 'x86_64' });
    const arm = await must('instanceTypes.list', { ...where, architecture: 'arm64' });
    const x86Names = x86.map((t) => t.instanceType);
    const armNames = arm.map((t) => t.instanceType);
    expect(x86Names).toContain('t3.micro');
    expect(x86Names).not.toContain('t4g.micro');
    expect(armNames).toContain('t4g.micro');
    expect(armNames).not.toContain('t3.micro');
    expect(x86.every((t) => t.architectures.includes('x86_64'))).toBe(true);
    const micro = x86.find((t) => t.instanceType === 't3.micro')!;
    expect(micro).toMatchObject({ vcpus: 2, memoryMiB: 1024 });
    expect(micro.networkPerformance).toMatch(/Gigabit/);
    // Sorted by family, then size.
    expect(x86Names.indexOf('t3.nano')).toBeLessThan(x86Names.indexOf('t3.micro'));
    expect(x86Names.indexOf('t3.micro')).toBeLessThan(x86Names.indexOf('t3.2xlarge'));
  });

  it('gives snapshot prices on the sandbox, which has no Pricing API', async () => {
    const list = await must('instanceTypes.prices', where);
    expect(list.prices['t3.micro']).toEqual({
      usdPerHour: 0.0104,
      source: 'snapshot',
      asOf: '2026-11-01',
      region: 'us-east-1',
    });
    expect(list.prices['x2iedn.32xlarge']).toBeUndefined();
    expect(list.fallbackReason).toMatch(/sandbox has no Pricing API/);
  });
});
