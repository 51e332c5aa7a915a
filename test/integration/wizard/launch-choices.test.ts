// The wizard's launch choices on the sandbox: a new ED25519 key pair saved to disk, extra tags, the root volume,
// a chosen subnet, and the checks that refuse a launch before anything is created in moto.
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  DescribeInstancesCommand,
  DescribeKeyPairsCommand,
  DescribeSecurityGroupsCommand,
  DescribeVolumesCommand,
  ImportKeyPairCommand,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LaunchSpecInput } from '../../../electron/common/models';
import { SANDBOX_PROFILE_ID } from '../../../electron/core/profiles/sandbox-profile';
import { startSandboxBackend, type SandboxBackend } from '../../support/sandbox-backend';
import { waitFor } from '../../support/wait';
import { backendCommands } from '../../support/backend-commands';

const AL2023 = 'ami-0ed094fb1304fd857';
let env: SandboxBackend;
let ec2: EC2Client;
let dir: string;

const { call, must } = backendCommands(() => env.backend.handlers);
const spec = (overrides: Partial<LaunchSpecInput> = {}): LaunchSpecInput => ({
  profileId: SANDBOX_PROFILE_ID,
  region: 'us-east-1',
  name: 'wizard-choices',
  imageId: AL2023,
  instanceType: 't3.micro',
  installScript: 'echo hello',
  ...overrides,
});
async function inventory() {
  const filter = [{ Name: 'tag-key', Values: ['kiln:launch-id'] }];
  const groups = await ec2.send(new DescribeSecurityGroupsCommand({ Filters: filter }));
  const instances = await ec2.send(new DescribeInstancesCommand({ Filters: filter }));
  const keys = await ec2.send(new DescribeKeyPairsCommand({}));
  return {
    groups: groups.SecurityGroups?.length ?? 0,
    instances: instances.Reservations?.flatMap((r) => r.Instances ?? []).length ?? 0,
    keys: (keys.KeyPairs ?? []).map((k) => k.KeyName).sort(),
  };
}
const tagsOf = (tags: { Key?: string; Value?: string }[] | undefined) =>
  Object.fromEntries((tags ?? []).map((t) => [t.Key ?? '', t.Value] as const));

beforeAll(async () => {
  env = await startSandboxBackend({ pendingSeconds: 1 });
  ec2 = env.ec2();
  dir = await mkdtemp(path.join(os.tmpdir(), 'kiln-wizard-'));
}, 60_000);
afterAll(async () => env?.stop());

describe('launch choices on the sandbox', () => {
  it('lists the default VPC subnets, the operator address and key pairs', async () => {
    const subnets = await must('network.subnets', { profileId: SANDBOX_PROFILE_ID, region: 'us-east-1' });
    expect(subnets.length).toBeGreaterThan(0);
    expect(subnets[0]).toMatchObject({
      subnetId: expect.stringMatching(/^subnet-/),
      availabilityZone: expect.stringMatching(/^us-east-1/),
    });
    expect((await must('network.operatorAddress', { profileId: SANDBOX_PROFILE_ID })).cidr).toMatch(/\/32$/);
    expect(Array.isArray(await must('keyPairs.list', { profileId: SANDBOX_PROFILE_ID, region: 'us-east-1' }))).toBe(
      true,
    );
  });

  it('launches with a new ED25519 key saved once with mode 0600, tags and a larger encrypted root volume; terminate deletes the key pair', async () => {
    const savePath = path.join(dir, 'kiln-ed25519');
    const subnets = await must('network.subnets', { profileId: SANDBOX_PROFILE_ID, region: 'us-east-1' });
    const subnet = subnets.at(-1)!;
    const launched = await must('launch.start', {
      spec: spec({
        keyPair: { mode: 'create', name: 'kiln-wizard-ed25519', type: 'ed25519', savePath },
        tags: [
          { key: 'team', value: 'platform' },
          { key: 'cost-center', value: '42' },
        ],
        storage: { rootVolumeSizeGiB: 20, volumeType: 'gp3', encrypted: true },
        network: { subnetId: subnet.subnetId },
      }),
    });
    expect(launched.keyPairName).toBe('kiln-wizard-ed25519');

    const content = await readFile(savePath, 'utf8');
    expect(content.startsWith('-----BEGIN OPENSSH PRIVATE KEY-----\n')).toBe(true);
    expect((await stat(savePath)).mode & 0o777).toBe(0o600);
    // The private key never crosses to the UI.
    expect(JSON.stringify(launched)).not.toContain('PRIVATE KEY');

    const derived = execFileSync('ssh-keygen', ['-y', '-f', savePath], { encoding: 'utf8' })
      .trim()
      .split(' ')
      .slice(0, 2)
      .join(' ');
    const pairs = await ec2.send(
      new DescribeKeyPairsCommand({ KeyNames: ['kiln-wizard-ed25519'], IncludePublicKey: true }),
    );
    const pair = pairs.KeyPairs![0];
    expect(tagsOf(pair.Tags)).toMatchObject({ 'kiln:launch-id': launched.id, 'kiln:created-by': 'kiln' });
    // DescribeKeyPairs with IncludePublicKey answers the key itself (AWS and moto alike): it must be the saved one's.
    expect(pair.PublicKey?.trim().split(' ').slice(0, 2).join(' ')).toBe(derived);

    const instance = (await ec2.send(new DescribeInstancesCommand({ InstanceIds: [launched.instanceId!] })))
      .Reservations![0].Instances![0];
    expect(instance.KeyName).toBe('kiln-wizard-ed25519');
    expect(instance.SubnetId).toBe(subnet.subnetId);
    expect(tagsOf(instance.Tags)).toMatchObject({ team: 'platform', 'cost-center': '42', Name: 'wizard-choices' });
    const group = (await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [launched.securityGroupId!] })))
      .SecurityGroups![0];
    expect(tagsOf(group.Tags)).toMatchObject({ team: 'platform', 'cost-center': '42' });
    const volumes = await ec2.send(
      new DescribeVolumesCommand({ Filters: [{ Name: 'attachment.instance-id', Values: [launched.instanceId!] }] }),
    );
    const root = volumes.Volumes!.find((v) => v.Attachments?.some((a) => a.Device === instance.RootDeviceName));
    expect(root).toMatchObject({ Size: 20, VolumeType: 'gp3', Encrypted: true });

    await must('launch.terminate', { launchId: launched.id });
    await waitFor(
      'the key pair to be deleted',
      async () => {
        const r = (await must('launch.list', {})).find((x) => x.id === launched.id)!;
        return r.keyPairDeleted && r.securityGroupDeleted;
      },
      30_000,
    );
    expect((await inventory()).keys).not.toContain('kiln-wizard-ed25519');
    // The private key file stays with the operator.
    expect((await readFile(savePath, 'utf8')).length).toBeGreaterThan(0);
  }, 60_000);

  it.each([
    [
      'a taken key name',
      async () => {
        await ec2.send(
          new ImportKeyPairCommand({
            KeyName: 'taken-key',
            PublicKeyMaterial: Buffer.from(
              execFileSync('sh', [
                '-c',
                `ssh-keygen -q -t ed25519 -N '' -f ${path.join(dir, 'taken')} && cat ${path.join(dir, 'taken')}.pub`,
              ]),
            ),
          }),
        );
        return spec({
          keyPair: { mode: 'create', name: 'taken-key', type: 'ed25519', savePath: path.join(dir, 'never-written') },
        });
      },
      'InvalidKeyPair.Duplicate',
      'keyPair.name',
    ],
    [
      'an existing key file',
      async () => {
        await writeFile(path.join(dir, 'exists'), 'keep me');
        return spec({
          keyPair: { mode: 'create', name: 'fresh-key', type: 'ed25519', savePath: path.join(dir, 'exists') },
        });
      },
      'KeyFileExists',
      'keyPair.savePath',
    ],
    [
      'a missing folder',
      async () =>
        spec({
          keyPair: { mode: 'create', name: 'fresh-key', type: 'ed25519', savePath: path.join(dir, 'nope', 'key') },
        }),
      'KeyDirectoryMissing',
      'keyPair.savePath',
    ],
    [
      'an unknown existing key',
      async () => spec({ keyPair: { mode: 'existing', name: 'no-such-key' } }),
      'InvalidKeyPair.NotFound',
      'keyPair.name',
    ],
    [
      'a root volume smaller than the AMI',
      async () => spec({ storage: { rootVolumeSizeGiB: 1 } }),
      'VolumeTooSmall',
      'storage.rootVolumeSizeGiB',
    ],
    [
      'a subnet outside the default VPC',
      async () => spec({ network: { subnetId: 'subnet-0123456789abcdef0' } }),
      'InvalidSubnetID.NotFound',
      'network.subnetId',
    ],
  ] as const)('refuses %s before creating anything', async (_what, makeSpec, code, field) => {
    const launchSpec = await makeSpec();
    const before = await inventory();
    const result = await call('launch.start', { spec: launchSpec });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatchObject({ code, field });
    expect(await inventory()).toEqual(before);
    await expect(stat(path.join(dir, 'never-written'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('refuses a malformed CIDR and an unconfirmed range at the contract, and accepts a confirmed one', async () => {
    const before = await inventory();
    const malformed = await call('launch.start', {
      spec: spec({ network: { source: 'cidr', cidr: '10.0.0.300/32' } }),
    });
    expect(malformed).toMatchObject({ ok: false, error: { field: expect.stringContaining('network') } });
    const open = await call('launch.start', { spec: spec({ network: { source: 'cidr', cidr: '0.0.0.0/0' } }) });
    expect(open).toMatchObject({ ok: false, error: { field: expect.stringContaining('network') } });
    const narrow = await call('launch.start', { spec: spec({ network: { source: 'cidr', cidr: '198.51.100.0/24' } }) });
    expect(narrow).toMatchObject({
      ok: false,
      error: {
        field: expect.stringContaining('confirmOpenToInternet'),
        message: expect.stringContaining('256 addresses'),
      },
    });
    expect(await inventory()).toEqual(before);

    const launched = await must('launch.start', {
      spec: spec({ name: 'wide', network: { source: 'cidr', cidr: '198.51.100.0/24', confirmOpenToInternet: true } }),
    });
    const group = (await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [launched.securityGroupId!] })))
      .SecurityGroups![0];
    expect(group.IpPermissions!.flatMap((p) => p.IpRanges ?? []).map((r) => r.CidrIp)).toEqual([
      '198.51.100.0/24',
      '198.51.100.0/24',
    ]);
    await must('launch.terminate', { launchId: launched.id });
  }, 60_000);
});
