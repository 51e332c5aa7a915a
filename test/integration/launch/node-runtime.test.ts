// The Node.js download a launch passes to its bootstrap, through the real backend and SDK to moto, with a local
// stand-in for nodejs.org/dist on 127.0.0.1 as the KILN_NODE_DIST_URL mirror (these machines have no internet; the
// composition roots only copy KILN_NODE_DIST_URL into `nodeDistUrl`). What the bootstrap does with the values is
// test/integration/installer-agent/bootstrap-node-download.test.ts.
// The sandbox profile uses the host's Node.js and never resolves a download; "like AWS" is the same profile on the
// same moto without that flag, as a real AWS profile is.
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  DescribeImagesCommand,
  DescribeInstanceAttributeCommand,
  DescribeInstancesCommand,
  DescribeSecurityGroupsCommand,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandInput, CommandName } from '../../../electron/common/contract';
import type { LaunchSpecInput } from '../../../electron/common/models';
import { createKilnBackend, type KilnBackend } from '../../../electron/core/kiln-backend';
import type { ProfileContext } from '../../../electron/core/profiles/profile-context';
import { createSandboxProfile, SANDBOX_PROFILE_ID } from '../../../electron/core/profiles/sandbox-profile';
import { SANDBOX_CREDENTIALS } from '../../../electron/core/sandbox/address';
import { createMemorySecretStore } from '../../../electron/core/store/secret-store';
import { agentBundlePath } from '../../support/agent-bundle';
import {
  LINUX_X64_FILE,
  STAND_IN_VERSION,
  startNodeDistStandIn,
  unreachableUrl,
  WIN_X64_FILE,
  WIN_X64_SHA256,
  type NodeDistStandIn,
} from '../../support/node-dist-stand-in';
import { REPO_ROOT, startSandboxBackend, type SandboxBackend } from '../../support/sandbox-backend';
import { backendCommands } from '../../support/backend-commands';

const AL2023 = 'ami-0ed094fb1304fd857';
const LIKE_AWS = 'like-aws';
let env: SandboxBackend;
let ec2: EC2Client;
let s3: S3Client;
let dist: NodeDistStandIn;
let windowsImageId: string;
const backends: KilnBackend[] = [];

/** A backend on the sandbox's moto with the given Node.js mirror, offering the sandbox profile and one like AWS's. */
async function backendWith(nodeDistUrl: string): Promise<KilnBackend> {
  const sandbox = createSandboxProfile(env.sandbox.endpoint, ['us-east-1']);
  const likeAws: ProfileContext = {
    ...sandbox,
    usesHostNode: false,
    profile: { ...sandbox.profile, id: LIKE_AWS, label: 'Like AWS', kind: 'aws' },
  };
  const backend = await createKilnBackend({
    dataDir: await mkdtemp(path.join(os.tmpdir(), 'kiln-node-runtime-')),
    assetsDir: path.join(REPO_ROOT, 'assets'),
    agentBundlePath: await agentBundlePath(),
    secrets: createMemorySecretStore(),
    log: () => undefined,
    loadProfiles: async () => [sandbox, likeAws],
    monitorIntervals: { fastMs: 250, slowMs: 1_000 },
    nodeDistUrl,
  });
  backends.push(backend);
  return backend;
}

const call = <K extends CommandName>(backend: KilnBackend, name: K, input: CommandInput<K>) =>
  backendCommands(() => backend.handlers).call(name, input);
async function launch(backend: KilnBackend, overrides: Partial<LaunchSpecInput>) {
  const result = await call(backend, 'launch.start', {
    spec: {
      profileId: LIKE_AWS,
      region: 'us-east-1',
      name: 'node',
      imageId: AL2023,
      instanceType: 't3.micro',
      installScript: 'echo hi',
      ...overrides,
    },
  });
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}
async function userDataOf(instanceId: string): Promise<string> {
  const attribute = await ec2.send(
    new DescribeInstanceAttributeCommand({ InstanceId: instanceId, Attribute: 'userData' }),
  );
  return Buffer.from(attribute.UserData!.Value!, 'base64').toString('utf8');
}
/** What a launch could have left behind. */
async function inventory() {
  const instances = await ec2.send(new DescribeInstancesCommand({}));
  const groups = await ec2.send(
    new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'tag-key', Values: ['kiln:launch-id'] }] }),
  );
  return {
    instances: instances.Reservations?.flatMap((r) => r.Instances ?? []).length ?? 0,
    groups: groups.SecurityGroups?.length ?? 0,
    buckets: (await s3.send(new ListBucketsCommand({}))).Buckets?.length ?? 0,
  };
}

beforeAll(async () => {
  // Instances run only in us-west-2 (none launched there): the Linux launches here need their user data, not an install.
  env = await startSandboxBackend({ pendingSeconds: 0, hostRegions: ['us-west-2'] });
  ec2 = env.ec2();
  s3 = new S3Client({
    region: 'us-east-1',
    endpoint: env.sandbox.endpoint,
    forcePathStyle: true,
    credentials: { ...SANDBOX_CREDENTIALS },
  });
  dist = await startNodeDistStandIn();
  const windows = await ec2.send(new DescribeImagesCommand({ Filters: [{ Name: 'platform', Values: ['windows'] }] }));
  windowsImageId = windows.Images!.find((i) => i.Architecture === 'x86_64')!.ImageId!;
}, 60_000);
afterAll(async () => {
  for (const backend of backends) backend.dispose();
  s3?.destroy();
  await dist?.close();
  await env?.stop();
});

describe('the Node.js release in the user data', () => {
  it('is not looked up for the sandbox profile, whose instances use the host Node.js', async () => {
    const backend = await backendWith(dist.distUrl);
    const launched = await launch(backend, { profileId: SANDBOX_PROFILE_ID });
    expect(dist.requests).toEqual([]);
    const userData = await userDataOf(launched.instanceId!);
    expect(userData).toContain("NODE_TARBALL_URL=''\n");
    expect(launched.warnings).toBeUndefined();
  }, 60_000);

  it('carries the Linux x64 tarball URL and SHA-256 from the mirror, and the Windows zip, with one list fetch', async () => {
    const backend = await backendWith(dist.distUrl);
    const linux = await launch(backend, { name: 'ubuntu-like' });
    const linuxData = await userDataOf(linux.instanceId!);
    expect(linuxData).toContain(`NODE_TARBALL_URL='${dist.distUrl}v${STAND_IN_VERSION}/${LINUX_X64_FILE}'\n`);
    expect(linuxData).toContain(`NODE_TARBALL_SHA256='${dist.linuxX64Sha256}'\n`);
    expect(linux.userDataBytes).toBe(Buffer.byteLength(linuxData));
    expect(linux.warnings).toBeUndefined();

    const windows = await launch(backend, { name: 'windows', imageId: windowsImageId, keyPair: { mode: 'none' } });
    const windowsData = await userDataOf(windows.instanceId!);
    expect(windowsData).toContain(`$NodeZipUrl = '${dist.distUrl}v${STAND_IN_VERSION}/${WIN_X64_FILE}'\n`);
    expect(windowsData).toContain(`$NodeZipSha256 = '${WIN_X64_SHA256}'\n`);
    expect(dist.requests).toEqual(['/dist/latest-v20.x/SHASUMS256.txt']);
  }, 60_000);
});

describe('an unreachable mirror', () => {
  it('refuses a Windows launch with what happened and what to do, and creates nothing', async () => {
    const mirror = await unreachableUrl();
    const backend = await backendWith(mirror);
    const before = await inventory();
    const result = await call(backend, 'launch.start', {
      spec: {
        profileId: LIKE_AWS,
        region: 'us-east-1',
        name: 'refused',
        imageId: windowsImageId,
        instanceType: 't3.micro',
        installScript: 'Write-Output hi',
        keyPair: { mode: 'none' },
      },
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('NodeRuntimeUnavailable');
    expect(result.error.message).toContain(
      `Kiln could not get the list of Node.js 20 releases from ${mirror}latest-v20.x/SHASUMS256.txt`,
    );
    expect(result.error.message).toContain('ECONNREFUSED');
    expect(result.error.remedy).toContain(`Check that ${mirror} is reachable`);
    expect(result.error.remedy).toContain('KILN_NODE_DIST_URL');
    expect(await inventory()).toEqual(before);
  }, 60_000);

  it('lets a Linux launch go on without the download, with a warning on the record', async () => {
    const backend = await backendWith(await unreachableUrl());
    const launched = await launch(backend, { name: 'warned' });
    expect(await userDataOf(launched.instanceId!)).toContain("NODE_TARBALL_URL=''\nNODE_TARBALL_SHA256=''\n");
    expect(launched.warnings).toHaveLength(1);
    expect(launched.warnings![0]).toMatchObject({
      code: 'NodeRuntimeUnavailable',
      remedy: expect.stringContaining('KILN_NODE_DIST_URL'),
    });
    expect(launched.warnings![0].message).toContain('Ubuntu 22.04');
  }, 60_000);
});
