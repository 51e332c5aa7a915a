// The launch service against the local sandbox: real AWS SDK calls to moto, the real bootstrap run by the
// instance host, the real agent as a process on a loopback address, the real agent link.
import {
  DeleteSubnetCommand,
  DeleteVpcCommand,
  DescribeInstanceAttributeCommand,
  DescribeInstancesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import { GetObjectCommand, ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchCommand } from '../../../electron/common/dispatch';
import type { LaunchPhase, LaunchRecord, LaunchSpecInput, LogLine } from '../../../electron/common/models';
import { createKilnBackend } from '../../../electron/core/kiln-backend';
import { createSandboxProfile, SANDBOX_PROFILE_ID } from '../../../electron/core/profiles/sandbox-profile';
import { SANDBOX_CREDENTIALS } from '../../../electron/core/sandbox/address';
import { createMemorySecretStore } from '../../../electron/core/store/secret-store';
import { startSandboxBackend, REPO_ROOT, type SandboxBackend } from '../../support/sandbox-backend';
import { agentBundlePath } from '../../support/agent-bundle';
import { waitFor } from '../../support/wait';
import path from 'node:path';
import os from 'node:os';
import { mkdtemp } from 'node:fs/promises';
import { backendCommands } from '../../support/backend-commands';

const AL2023 = 'ami-0ed094fb1304fd857';
let env: SandboxBackend;
let ec2: EC2Client;
const phasesSeen = new Map<string, LaunchPhase[]>();
const logs = new Map<string, LogLine[]>();

const { call, must } = backendCommands(() => env.backend.handlers);
const spec = (overrides: Partial<LaunchSpecInput> = {}): LaunchSpecInput => ({
  profileId: SANDBOX_PROFILE_ID,
  region: 'us-east-1',
  name: 'integration',
  imageId: AL2023,
  instanceType: 't3.micro',
  installScript: 'echo hello',
  ...overrides,
});
const record = async (id: string) => (await must('launch.list', {})).find((r) => r.id === id)!;
async function inventory(client = ec2) {
  const groups = await client.send(
    new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'tag-key', Values: ['kiln:launch-id'] }] }),
  );
  const instances = await client.send(
    new DescribeInstancesCommand({ Filters: [{ Name: 'tag-key', Values: ['kiln:launch-id'] }] }),
  );
  return {
    groups: groups.SecurityGroups?.length ?? 0,
    instances: instances.Reservations?.flatMap((r) => r.Instances ?? []).length ?? 0,
  };
}

beforeAll(async () => {
  env = await startSandboxBackend({ pendingSeconds: 2 });
  ec2 = env.ec2();
  env.backend.events.subscribe((event, payload) => {
    if (event === 'launch.updated') {
      const r = payload as LaunchRecord;
      const seen = phasesSeen.get(r.id) ?? [];
      if (seen.at(-1) !== r.phase) seen.push(r.phase);
      phasesSeen.set(r.id, seen);
    } else if (event === 'launch.log') {
      const { launchId, lines } = payload as { launchId: string; lines: LogLine[] };
      logs.set(launchId, [...(logs.get(launchId) ?? []), ...lines]);
    }
  });
}, 60_000);
afterAll(async () => env?.stop());

describe('launch on the sandbox', () => {
  it('runs the install script on the instance and relays every line, then succeeds; terminate cleans up', async () => {
    // Pauses where the script switches between stdout and stderr: two pipes have no order for simultaneous writes.
    const script = [
      'echo "step 1"',
      'sleep 0.2',
      'echo "to stderr" >&2',
      'sleep 0.2',
      'for i in $(seq 1 50); do echo "line $i"; done',
      'echo done',
    ].join('\n');
    const launched = await must('launch.start', { spec: spec({ name: 'ok-run', installScript: script }) });
    expect(launched.phase).toBe('pending');
    expect(launched.instanceId).toMatch(/^i-/);

    const described = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [launched.instanceId!] }));
    const instance = described.Reservations![0].Instances![0];
    const tags = Object.fromEntries((instance.Tags ?? []).map((t) => [t.Key ?? '', t.Value] as const));
    expect(tags).toMatchObject({ 'kiln:launch-id': launched.id, Name: 'ok-run', 'kiln:created-by': 'kiln' });
    expect(instance.SecurityGroups?.map((g) => g.GroupId)).toEqual([launched.securityGroupId]);
    const group = await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [launched.securityGroupId!] }));
    const rules = group.SecurityGroups![0].IpPermissions!;
    expect(rules.find((r) => r.FromPort === 8443)?.IpRanges?.map((r) => r.CidrIp)).toEqual(['127.0.0.1/32']);
    expect(rules.flatMap((r) => r.IpRanges ?? []).some((r) => r.CidrIp === '0.0.0.0/0')).toBe(false);

    const done = await waitFor(
      'the launch to succeed',
      async () => {
        const r = await record(launched.id);
        return r.phase === 'succeeded' ? r : undefined;
      },
      60_000,
    );
    expect(done.outcome).toMatchObject({ result: 'success', exitCode: 0 });
    // A change is announced once it is on disk (fsynced), a moment after `launch.list` shows it.
    await waitFor('the succeeded event', () => phasesSeen.get(launched.id)?.includes('succeeded'), 5_000, 5);
    expect(phasesSeen.get(launched.id)).toEqual(
      expect.arrayContaining(['pending', 'running', 'waiting-for-agent', 'installing', 'succeeded']),
    );

    // The install is over: the agent port closes again, SSH to the operator stays.
    await waitFor('the agent rule to be revoked', async () => (await record(launched.id)).agentRuleRevoked, 10_000);
    const after = await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [launched.securityGroupId!] }));
    expect(after.SecurityGroups![0].IpPermissions!.map((r) => r.FromPort)).toEqual([22]);

    const expected = ['step 1', 'to stderr', ...Array.from({ length: 50 }, (_, i) => `line ${i + 1}`), 'done'];
    const stored = await must('launch.log', { launchId: launched.id, after: 0 });
    expect(stored.map((l) => l.text)).toEqual(expected);
    expect(stored.find((l) => l.text === 'to stderr')?.stream).toBe('stderr');
    expect(stored.map((l) => l.seq)).toEqual([...stored.map((l) => l.seq)].sort((a, b) => a - b));
    expect(logs.get(launched.id)?.map((l) => l.text)).toEqual(expected);

    await must('launch.terminate', { launchId: launched.id });
    const cleaned = await waitFor(
      'terminate and cleanup',
      async () => {
        const r = await record(launched.id);
        return r.phase === 'terminated' && r.securityGroupDeleted ? r : undefined;
      },
      30_000,
    );
    expect(cleaned.instanceState).toBe('terminated');
    await expect(
      ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [launched.securityGroupId!] })),
    ).rejects.toMatchObject({
      name: 'InvalidGroup.NotFound',
    });
    // Its waits add up to more than the default test timeout on a loaded machine.
  }, 120_000);

  it('delivers a ~50 KB install script through the artifact bucket: small user data, checked download, exact output', async () => {
    const lines = Array.from(
      { length: 1_000 },
      (_, i) => `line ${i + 1} of a long install script ${'-'.repeat(i % 30)}`,
    );
    const script = `cat <<'KILN_TEST_EOF'\n${lines.join('\n')}\nKILN_TEST_EOF\n`;
    expect(script.length).toBeGreaterThan(45_000);
    const preview = await must('launch.preview', { spec: spec({ installScript: script }) });
    expect(preview.delivery).toEqual({ mode: 'artifact', scriptBytes: script.length });

    const launched = await must('launch.start', { spec: spec({ name: 'big-script', installScript: script }) });
    const attribute = await ec2.send(
      new DescribeInstanceAttributeCommand({ InstanceId: launched.instanceId!, Attribute: 'userData' }),
    );
    const userData = Buffer.from(attribute.UserData?.Value ?? '', 'base64').toString('utf8');
    expect(userData.startsWith('#!/bin/bash\n')).toBe(true);
    expect(Buffer.byteLength(userData)).toBeLessThan(16 * 1024);
    expect(launched.userDataBytes).toBe(Buffer.byteLength(userData));
    expect(userData).not.toContain('of a long install script');
    const sha256 = createHash('sha256').update(script).digest('hex');
    expect(userData).toContain(`INSTALL_SCRIPT_SHA256='${sha256}'\n`);
    expect(userData).toMatch(
      new RegExp(`INSTALL_SCRIPT_URL='http://[^']*/artifacts/${sha256}/install\\.sh\\?[^']*X-Amz-Signature=`),
    );

    // The private, tagged bucket holds the script, content-addressed like the agent bundle.
    const s3 = new S3Client({
      region: 'us-east-1',
      endpoint: env.sandbox.endpoint,
      forcePathStyle: true,
      credentials: { ...SANDBOX_CREDENTIALS },
    });
    try {
      const bucket = ((await s3.send(new ListBucketsCommand({}))).Buckets ?? [])
        .map((b) => b.Name!)
        .find((name) => name.startsWith('kiln-artifacts-'))!;
      const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: `artifacts/${sha256}/install.sh` }));
      expect(await object.Body!.transformToString()).toBe(script);
    } finally {
      s3.destroy();
    }

    const done = await waitFor(
      'the launch to succeed',
      async () => {
        const r = await record(launched.id);
        return r.phase === 'succeeded' || r.phase === 'failed' ? r : undefined;
      },
      60_000,
    );
    expect(done.outcome).toMatchObject({ result: 'success', exitCode: 0 });
    const stored = await must('launch.log', { launchId: launched.id, after: 0 });
    expect(stored.map((l) => l.text)).toEqual(lines);
    expect(stored.every((l) => l.stream === 'stdout')).toBe(true);
    await must('launch.terminate', { launchId: launched.id });
    await waitFor('cleanup', async () => (await record(launched.id)).securityGroupDeleted, 30_000);
  }, 120_000);

  it('reports failure with the exit code when the script fails', async () => {
    const launched = await must('launch.start', {
      spec: spec({ name: 'fail-run', installScript: 'echo before\nsleep 0.2\necho oops >&2\nexit 3' }),
    });
    const done = await waitFor(
      'the launch to fail',
      async () => {
        const r = await record(launched.id);
        return r.phase === 'failed' ? r : undefined;
      },
      60_000,
    );
    expect(done.outcome).toMatchObject({ result: 'failure', exitCode: 3 });
    const stored = await must('launch.log', { launchId: launched.id, after: 0 });
    expect(stored.map((l) => [l.stream, l.text])).toEqual([
      ['stdout', 'before'],
      ['stderr', 'oops'],
    ]);
    await must('launch.terminate', { launchId: launched.id });
    await waitFor('cleanup', async () => (await record(launched.id)).securityGroupDeleted, 30_000);
  });
});

describe('bad input creates nothing', () => {
  it('refuses a script over the 1 MiB cap with its size, an unknown AMI, and an unknown instance type', async () => {
    const before = await inventory();
    const large = await call('launch.start', { spec: spec({ installScript: 'echo x\n'.repeat(150_000) }) });
    expect(large).toMatchObject({ ok: false, error: { code: 'InstallScriptTooLarge', field: 'installScript' } });
    expect(!large.ok && large.error.message).toMatch(
      /The install script is 1,050,000 bytes; Kiln delivers install scripts of at most 1,048,576 bytes/,
    );

    const missingAmi = await call('launch.start', { spec: spec({ imageId: 'ami-0123456789abcdef0' }) });
    expect(missingAmi).toMatchObject({ ok: false, error: { code: 'InvalidAMIID.NotFound', field: 'imageId' } });

    const wrongType = await call('launch.start', { spec: spec({ instanceType: 'm6g.large' }) });
    expect(wrongType).toMatchObject({ ok: false, error: { code: 'InstanceTypeNotOffered', field: 'instanceType' } });

    const otherRegion = await call('launch.start', { spec: spec({ region: 'eu-north-1' }) });
    expect(otherRegion).toMatchObject({ ok: false, error: { code: 'RegionNotAvailable', field: 'region' } });

    const empty = await call('launch.start', { spec: spec({ installScript: '   \n' }) });
    expect(empty).toMatchObject({ ok: false, error: { code: 'InvalidInput', field: 'spec.installScript' } });
    expect(await inventory()).toEqual(before);
  });

  it('refuses a region without a default VPC', async () => {
    const region = 'eu-west-1';
    const regional = env.ec2(region);
    const vpcs = await regional.send(new DescribeVpcsCommand({ Filters: [{ Name: 'is-default', Values: ['true'] }] }));
    const vpcId = vpcs.Vpcs![0].VpcId!;
    const subnets = await regional.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }));
    for (const subnet of subnets.Subnets ?? [])
      await regional.send(new DeleteSubnetCommand({ SubnetId: subnet.SubnetId }));
    await regional.send(new DeleteVpcCommand({ VpcId: vpcId }));

    const before = await inventory(regional);
    const [image] = await must('images.quickStart', { profileId: SANDBOX_PROFILE_ID, region });
    const result = await call('launch.start', { spec: spec({ region, imageId: image.imageId }) });
    expect(result).toMatchObject({ ok: false, error: { code: 'NoDefaultVpc', field: 'network.vpcId' } });
    expect(!result.ok && result.error.remedy).toMatch(/default VPC/);
    expect(await inventory(regional)).toEqual(before);
  });

  it('says clearly when the sandbox (moto) is not running', async () => {
    const backend = await createKilnBackend({
      dataDir: await mkdtemp(path.join(os.tmpdir(), 'kiln-down-')),
      assetsDir: path.join(REPO_ROOT, 'assets'),
      agentBundlePath: await agentBundlePath(),
      secrets: createMemorySecretStore(),
      log: () => undefined,
      loadProfiles: async () => [createSandboxProfile('http://127.0.0.1:9')],
    });
    try {
      const result = await dispatchCommand(backend.handlers, 'launch.start', { spec: spec() }, () => undefined);
      expect(result).toMatchObject({ ok: false, error: { code: 'SandboxNotRunning' } });
      expect(!result.ok && result.error.message).toContain('http://127.0.0.1:9');
    } finally {
      backend.dispose();
    }
  });
});
