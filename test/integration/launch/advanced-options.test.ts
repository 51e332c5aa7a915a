// The wizard's Advanced step end to end on the sandbox: the RunInstances options (IMDSv2, shutdown behaviour,
// termination protection, instance profile), a count of 3 launched as 3 launches, and the automatic termination
// timer. Launches go to us-west-2, where the instance host does not run user data: these tests look at what
// RunInstances did, not at installs. moto 5.2 ignores DisableApiTermination on RunInstances; the sandbox's moto
// launcher makes it honour it (assets/sandbox/moto_launcher.py), so the attribute is read back as on EC2.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import {
  DescribeInstanceAttributeCommand,
  DescribeInstancesCommand,
  DescribeSecurityGroupsCommand,
  TerminateInstancesCommand,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LaunchSpecInput } from '../../../electron/common/models';
import { SANDBOX_PROFILE_ID } from '../../../electron/core/profiles/sandbox-profile';
import { SANDBOX_CREDENTIALS } from '../../../electron/core/sandbox/address';
import { startSandboxBackend, type SandboxBackend } from '../../support/sandbox-backend';
import { commands } from '../monitor/monitor-harness';

const REGION = 'us-west-2';
let env: SandboxBackend;
let api: ReturnType<typeof commands>;
let ec2: EC2Client;
let imageId: string;

const spec = (overrides: Partial<LaunchSpecInput> = {}): LaunchSpecInput => ({
  profileId: SANDBOX_PROFILE_ID,
  region: REGION,
  name: 'advanced',
  imageId,
  instanceType: 't3.micro',
  installScript: 'echo hello',
  ...overrides,
});

async function instance(instanceId: string) {
  const described = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }));
  return described.Reservations![0].Instances![0];
}
async function attribute(instanceId: string, name: 'disableApiTermination' | 'instanceInitiatedShutdownBehavior') {
  return ec2.send(new DescribeInstanceAttributeCommand({ InstanceId: instanceId, Attribute: name }));
}
async function kilnInstanceCount(): Promise<number> {
  const filter = [
    { Name: 'tag-key', Values: ['kiln:launch-id'] },
    { Name: 'instance-state-name', Values: ['pending', 'running'] },
  ];
  const out = await ec2.send(new DescribeInstancesCommand({ Filters: filter }));
  return out.Reservations?.flatMap((r) => r.Instances ?? []).length ?? 0;
}

beforeAll(async () => {
  env = await startSandboxBackend({ pendingSeconds: 1, hostRegions: ['us-east-1'], proxy: true });
  api = commands(env);
  ec2 = env.ec2(REGION);
  imageId = await api.al2023(REGION);
}, 60_000);
afterAll(async () => env?.stop());

describe('advanced instance options', () => {
  it('passes IMDSv2 optional, terminate on shutdown and termination protection to RunInstances', async () => {
    const record = await api.must('launch.start', {
      spec: spec({ advanced: { imdsv2Required: false, shutdownBehavior: 'terminate', terminationProtection: true } }),
    });
    const id = record.instanceId!;
    expect((await instance(id)).MetadataOptions?.HttpTokens).toBe('optional');
    expect((await attribute(id, 'disableApiTermination')).DisableApiTermination?.Value).toBe(true);
    expect((await attribute(id, 'instanceInitiatedShutdownBehavior')).InstanceInitiatedShutdownBehavior?.Value).toBe(
      'terminate',
    );

    // Protection is real: EC2 refuses TerminateInstances, and Kiln asks for the typed name before lifting it.
    await expect(ec2.send(new TerminateInstancesCommand({ InstanceIds: [id] }))).rejects.toMatchObject({
      name: 'OperationNotPermitted',
    });
    expect(await api.call('launch.terminate', { launchId: record.id })).toMatchObject({
      ok: false,
      error: { code: 'TerminationProtected' },
    });
    await api.must('launch.terminate', { launchId: record.id, confirmName: record.spec.name });
  });

  it('keeps the defaults without an Advanced choice: IMDSv2 required, stop on shutdown, no protection', async () => {
    const record = await api.must('launch.start', { spec: spec({ name: 'defaults' }) });
    const id = record.instanceId!;
    expect((await instance(id)).MetadataOptions?.HttpTokens).toBe('required');
    expect((await attribute(id, 'disableApiTermination')).DisableApiTermination?.Value).toBe(false);
    expect((await attribute(id, 'instanceInitiatedShutdownBehavior')).InstanceInitiatedShutdownBehavior?.Value).toBe(
      'stop',
    );
    await api.must('launch.terminate', { launchId: record.id });
  });

  it('attaches an instance profile by name, and refuses an unknown one without leaving anything behind', async () => {
    // moto checks that the profile exists in its IAM; the aws CLI creates it there (the app needs no IAM client).
    // Async: the sandbox's endpoint is a front served by this very process, which a synchronous exec would block.
    await promisify(execFile)(
      'aws',
      [
        'iam',
        'create-instance-profile',
        '--instance-profile-name',
        'kiln-builder',
        '--endpoint-url',
        env.sandbox.endpoint,
      ],
      {
        env: {
          ...process.env,
          AWS_ACCESS_KEY_ID: SANDBOX_CREDENTIALS.accessKeyId,
          AWS_SECRET_ACCESS_KEY: SANDBOX_CREDENTIALS.secretAccessKey,
          AWS_DEFAULT_REGION: REGION,
        },
      },
    );
    const record = await api.must('launch.start', {
      spec: spec({ name: 'with-profile', advanced: { instanceProfile: 'kiln-builder' } }),
    });
    expect((await instance(record.instanceId!)).IamInstanceProfile?.Arn).toMatch(/instance-profile\/kiln-builder$/);
    await api.must('launch.terminate', { launchId: record.id });

    const before = await kilnInstanceCount();
    const missing = await api.call('launch.start', {
      spec: spec({ name: 'no-profile', advanced: { instanceProfile: 'does-not-exist' } }),
    });
    expect(missing.ok).toBe(false);
    expect(await kilnInstanceCount()).toBe(before);
  });
});

describe('count and timer', () => {
  it('launches a count of 3 as three launches "name-1".."name-3", each with its own record and security group', async () => {
    const before = (await api.must('launch.list', {})).length;
    const batch = await api.must('launch.startBatch', { spec: spec({ name: 'fleet', advanced: { count: 3 } }) });
    expect(batch.failed).toBeUndefined();
    expect(batch.launched.map((r) => r.spec.name)).toEqual(['fleet-1', 'fleet-2', 'fleet-3']);
    expect(batch.launched.every((r) => r.spec.advanced?.count === 1)).toBe(true);
    expect((await api.must('launch.list', {})).length).toBe(before + 3);

    const ids = batch.launched.map((r) => r.instanceId!);
    expect(new Set(ids).size).toBe(3);
    const names = await Promise.all(
      ids.map(async (id) => (await instance(id)).Tags?.find((t) => t.Key === 'Name')?.Value),
    );
    expect(names).toEqual(['fleet-1', 'fleet-2', 'fleet-3']);
    const groups = new Set(batch.launched.map((r) => r.securityGroupId));
    expect(groups.size).toBe(3);
    const described = await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [...groups] as string[] }));
    expect(described.SecurityGroups).toHaveLength(3);
    for (const record of batch.launched) await api.must('launch.terminate', { launchId: record.id });
  });

  it('refuses a count above 1 on launch.start, and stops a batch whose first launch fails with that failure', async () => {
    const single = await api.call('launch.start', { spec: spec({ advanced: { count: 2 } }) });
    expect(single).toMatchObject({ ok: false, error: { code: 'CountNeedsBatch', field: 'advanced.count' } });
    const before = await kilnInstanceCount();
    const bad = await api.call('launch.startBatch', {
      spec: spec({ instanceType: 'm6g.large', advanced: { count: 2 } }),
    });
    expect(bad).toMatchObject({ ok: false, error: { code: 'InstanceTypeNotOffered', field: 'instanceType' } });
    expect(await kilnInstanceCount()).toBe(before);
  });

  it('stops a batch at the first failed launch and reports what was launched; nothing of the failed one is left', async () => {
    const proxy = env.proxy!;
    const since = Date.now();
    // Each launch sends RunInstances twice: the preflight's DryRun, then the real one. The second launch's real one
    // fails as AWS does when a zone runs out of a type (a 400: the SDK does not retry it).
    proxy.throttle('RunInstances', {
      sequence: [false, false, false, true],
      error: {
        status: 400,
        code: 'InsufficientInstanceCapacity',
        message: 'We currently do not have sufficient t3.micro capacity.',
      },
    });
    try {
      const batch = await api.must('launch.startBatch', { spec: spec({ name: 'partial', advanced: { count: 3 } }) });
      expect(batch.launched.map((r) => r.spec.name)).toEqual(['partial-1']);
      expect(batch.failed).toMatchObject({
        name: 'partial-2',
        error: { code: 'InsufficientInstanceCapacity', field: 'instanceType' },
      });
      // partial-3 was never tried, not even its dry run.
      expect(proxy.count('RunInstances', { since })).toBe(4);
      const names = (await api.must('launch.list', {})).map((r) => r.spec.name);
      expect(names.filter((n) => n.startsWith('partial-'))).toEqual(['partial-1']);
      const groupsNamed = async (name: string) =>
        (await ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'tag:Name', Values: [name] }] })))
          .SecurityGroups ?? [];
      expect(await groupsNamed('partial-1')).toHaveLength(1);
      expect(await groupsNamed('partial-2')).toEqual([]);
      await api.must('launch.terminate', { launchId: batch.launched[0].id });
    } finally {
      proxy.stopThrottling('RunInstances');
    }
  });

  it('sets terminateAt from autoTerminateAfterHours and tags the instance with it', async () => {
    const started = Date.now();
    const record = await api.must('launch.start', {
      spec: spec({ name: 'timed', advanced: { autoTerminateAfterHours: 2 } }),
    });
    const at = new Date(record.terminateAt!).getTime();
    expect(at - started).toBeGreaterThanOrEqual(2 * 3_600_000 - 1_000);
    expect(at - Date.now()).toBeLessThanOrEqual(2 * 3_600_000);
    const tag = (await instance(record.instanceId!)).Tags?.find((t) => t.Key === 'kiln:terminate-at')?.Value;
    expect(tag).toBe(record.terminateAt);
    await api.must('launch.terminate', { launchId: record.id });
  });

  it('refuses termination protection together with a timer before creating anything', async () => {
    const result = await api.call('launch.start', {
      spec: spec({ advanced: { terminationProtection: true, autoTerminateAfterHours: 1 } }),
    });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'ProtectedAutoTerminate', field: 'advanced.terminationProtection' },
    });
  });
});

describe('estimate', () => {
  it('adds the root volume of each instance to the instance price, and says unknown for a type without a price', async () => {
    const estimate = await api.must('launch.estimate', {
      spec: spec({ storage: { rootVolumeSizeGiB: 20, volumeType: 'gp3', encrypted: true }, advanced: { count: 2 } }),
    });
    expect(estimate.count).toBe(2);
    expect(estimate.rootVolume).toMatchObject({ sizeGiB: 20, volumeType: 'gp3' });
    expect(estimate.rootVolume.usdPerDay).toBeCloseTo((0.08 * 20 * 12) / 365, 6);
    // The sandbox has no Pricing API: the price comes from the bundled snapshot.
    expect(estimate.instancePrice).toMatchObject({ usdPerHour: 0.0104, source: 'snapshot' });
    const perDay = (0.0104 * 24 + estimate.rootVolume.usdPerDay!) * 2;
    expect(estimate.usdPerDay).toBeCloseTo(perDay, 6);
    expect(estimate.usdPerHour).toBeCloseTo(perDay / 24, 6);
    expect(estimate.instancePriceNote).toBe('Linux on-demand');

    const unknown = await api.must('launch.estimate', { spec: spec({ instanceType: 'x2iedn.xlarge' }) });
    expect(unknown).toMatchObject({ instancePrice: null, usdPerHour: null, usdPerDay: null });
  });

  it('gives no instance price for a Windows AMI rather than the Linux one, and says why', async () => {
    // moto's catalogue holds old Windows AMIs such as this one (see FACTS.md).
    const windows = await api.must('launch.estimate', { spec: spec({ imageId: 'ami-b7e93bce' }) });
    expect(windows).toMatchObject({
      instancePrice: null,
      usdPerHour: null,
      instancePriceNote: "Windows prices are not in Kiln's price data",
    });
  });
});

describe('preview', () => {
  it('returns the rendered user data with the key, token hash and agent URL replaced, and the script delivery', async () => {
    const preview = await api.must('launch.preview', { spec: spec({ installScript: 'echo "previewed"' }) });
    expect(preview.userDataText).toContain('echo "previewed"');
    expect(preview.userDataText).toContain('<redacted: TLS private key>');
    expect(preview.userDataText).toContain("TOKEN_SHA256='<redacted: agent token hash>'");
    expect(preview.userDataText).not.toMatch(/PRIVATE KEY/);
    expect(preview.userDataText).not.toMatch(/xxxxxxxx/);
    expect(preview.userDataBytes).toBeGreaterThan(Buffer.byteLength(preview.userDataText) - 2_048);

    expect(preview.delivery).toEqual({ mode: 'inline' });

    // Too large for user data: measured as delivered, through the artifact bucket.
    const large = await api.must('launch.preview', { spec: spec({ installScript: 'echo x\n'.repeat(3_000) }) });
    expect(large.delivery).toEqual({ mode: 'artifact', scriptBytes: 21_000 });
    expect(large.userDataBytes).toBeLessThan(large.limitBytes);
    // The URL the launch will sign, with its signature redacted (nothing is uploaded for a preview).
    expect(large.userDataText).toMatch(/INSTALL_SCRIPT_URL='[^']*\/install\.sh\?<redacted: presigned URL signature>'/);

    // Over the cap: measured with the script inline, and refused with what to do.
    const huge = await api.must('launch.preview', { spec: spec({ installScript: 'echo x\n'.repeat(150_000) }) });
    expect(huge.delivery).toMatchObject({ mode: 'refused', code: 'InstallScriptTooLarge' });
    expect(huge.userDataBytes).toBeGreaterThan(huge.limitBytes);
  });
});
