// Snapshot schedules on the sandbox: a real sandbox launch, its DLM policy answered by the sandbox's DLM stand-in
// (moto has no DLM; the stand-in runs policies against moto on a sped-up clock, one policy hour = 1 s here), IAM in
// moto. Refusals create nothing (no policy, no role); the role is created only by its own command; K+3 runs of the
// policy leave exactly K snapshots of the launch's volume, tagged with the launch id; the policy id survives a
// restart; terminate deletes the policy; a Kiln policy whose launch is gone is an orphan on the cleanup page.
//
// moto knows AWS's managed policies (AWSDataLifecycleManagerServiceRole among them) only with
// MOTO_IAM_LOAD_MANAGED_POLICIES=true, which the sandbox sets; without it AttachRolePolicy answers NoSuchEntity and
// snapshots.dlmRole.create deletes the role it made and reports the failure.
import {
  CreateLifecyclePolicyCommand,
  DLMClient,
  GetLifecyclePoliciesCommand,
  GetLifecyclePolicyCommand,
} from '@aws-sdk/client-dlm';
import { CreateTagsCommand, DeleteTagsCommand, DescribeSnapshotsCommand, type EC2Client } from '@aws-sdk/client-ec2';
import {
  CreateRoleCommand,
  DeleteRoleCommand,
  GetRoleCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
} from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LaunchRecord, SnapshotSchedule } from '../../../electron/common/models';
import { SANDBOX_PROFILE_ID } from '../../../electron/core/profiles/sandbox-profile';
import { SANDBOX_CREDENTIALS } from '../../../electron/core/sandbox/address';
import { DLM_ROLE_TRUST_POLICY } from '../../../electron/core/snapshots/dlm-calls';
import { backendCommands } from '../../support/backend-commands';
import { startSandboxBackend, type SandboxBackend } from '../../support/sandbox-backend';
import { waitFor } from '../../support/wait';

// us-west-2: the instance host does not run user data there; a launch still gets its instance and tagged volume.
const REGION = 'us-west-2';
const KEEP = 2;
const ROLE = 'AWSDataLifecycleManagerDefaultRole';

let env: SandboxBackend;
let dlm: DLMClient;
let iam: IAMClient;
let ec2: EC2Client;
const { call, must } = backendCommands(() => env.backend.handlers);

beforeAll(async () => {
  env = await startSandboxBackend({
    pendingSeconds: 1,
    hostRegions: ['us-east-1'],
    dlmSecondsPerHour: 1,
    proxy: true,
  });
  const config = { region: REGION, endpoint: env.sandbox.endpoint, credentials: { ...SANDBOX_CREDENTIALS } };
  dlm = new DLMClient(config);
  iam = new IAMClient(config);
  ec2 = env.ec2(REGION);
}, 90_000);
afterAll(async () => {
  dlm?.destroy();
  iam?.destroy();
  await env?.stop();
});

const policies = async () => (await dlm.send(new GetLifecyclePoliciesCommand({}))).Policies ?? [];
async function roleExists(): Promise<boolean> {
  try {
    await iam.send(new GetRoleCommand({ RoleName: ROLE }));
    return true;
  } catch (error) {
    if ((error as { name?: string }).name === 'NoSuchEntityException') return false;
    throw error;
  }
}
const snapshotsOf = async (volumeId: string) =>
  (
    await ec2.send(
      new DescribeSnapshotsCommand({ OwnerIds: ['self'], Filters: [{ Name: 'volume-id', Values: [volumeId] }] }),
    )
  ).Snapshots ?? [];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function launch(name: string): Promise<LaunchRecord> {
  const images = await must('images.quickStart', { profileId: SANDBOX_PROFILE_ID, region: REGION });
  const imageId = (images.find((i) => i.architecture === 'x86_64') ?? images[0]).imageId;
  const record = await must('launch.start', {
    spec: {
      profileId: SANDBOX_PROFILE_ID,
      region: REGION,
      name,
      imageId,
      instanceType: 't3.micro',
      installScript: 'true',
    },
  });
  expect(record.instanceId).toMatch(/^i-/);
  return record;
}

describe('snapshot schedules', () => {
  it('refuse what DLM does not allow, and a missing role, creating nothing', async () => {
    const record = await launch('snap-refused');
    const refusals: [SnapshotSchedule, string][] = [
      [{ rule: { kind: 'hourly' }, keep: 0 }, 'InvalidSnapshotCount'],
      [{ rule: { kind: 'every', hours: 5 }, keep: 2 }, 'InvalidSnapshotInterval'],
      [{ rule: { kind: 'every', hours: 0.5 }, keep: 2 }, 'InvalidSnapshotInterval'],
      [{ rule: { kind: 'daily', time: '25:00' }, keep: 2 }, 'InvalidSnapshotTime'],
      // A valid schedule, but the account has no DLM role yet.
      [{ rule: { kind: 'hourly' }, keep: 2 }, 'DlmRoleMissing'],
    ];
    for (const [schedule, code] of refusals) {
      const result = await call('snapshots.schedule.set', { launchId: record.id, schedule });
      expect(result).toMatchObject({ ok: false, error: { code, remedy: expect.any(String) } });
    }
    // A launch whose volume lost its tag (untagged by hand): nothing to target, even once the role exists.
    const volumeId = (await must('snapshots.schedule.preview', { launchId: record.id })).volumeIds[0];
    await ec2.send(new DeleteTagsCommand({ Resources: [volumeId], Tags: [{ Key: 'kiln:launch-id' }] }));
    await iam.send(
      new CreateRoleCommand({ RoleName: ROLE, AssumeRolePolicyDocument: JSON.stringify(DLM_ROLE_TRUST_POLICY) }),
    );
    expect(
      await call('snapshots.schedule.set', { launchId: record.id, schedule: { rule: { kind: 'hourly' }, keep: 2 } }),
    ).toMatchObject({ ok: false, error: { code: 'NoVolumes' } });
    expect(await policies()).toEqual([]);
    await iam.send(new DeleteRoleCommand({ RoleName: ROLE }));
    await ec2.send(
      new CreateTagsCommand({ Resources: [volumeId], Tags: [{ Key: 'kiln:launch-id', Value: record.id }] }),
    );

    const preview = await must('snapshots.schedule.preview', { launchId: record.id });
    expect(preview.role).toMatchObject({ name: ROLE, exists: false });
    expect(preview.schedule).toEqual({ rule: { kind: 'hourly' }, keep: 2 });
    expect(preview.creates.join(' ')).toContain(`kiln:launch-id=${record.id}`);
    expect(await policies()).toEqual([]);
    expect(await roleExists()).toBe(false);
    expect((await must('launch.list', {})).find((r) => r.id === record.id)?.snapshotPolicyId).toBeUndefined();
    await must('launch.terminate', { launchId: record.id });
  });

  it(`keeps exactly ${KEEP} snapshots of the launch's volume after ${KEEP + 3} runs; terminate deletes the policy`, async () => {
    const record = await launch('snap-kept');
    const role = await must('snapshots.dlmRole.create', { profileId: SANDBOX_PROFILE_ID, region: REGION });
    expect(role).toMatchObject({ name: ROLE, exists: true, arn: expect.stringMatching(new RegExp(`:role/${ROLE}$`)) });
    const attached = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: ROLE }));
    expect(attached.AttachedPolicies?.map((p) => p.PolicyArn)).toEqual([
      'arn:aws:iam::aws:policy/service-role/AWSDataLifecycleManagerServiceRole',
    ]);

    const set = await must('snapshots.schedule.set', {
      launchId: record.id,
      schedule: { rule: { kind: 'hourly' }, keep: KEEP },
    });
    const [volumeId] = set.volumeIds;
    expect(set.volumeIds).toHaveLength(1);
    const policyId = set.policy?.policyId;
    expect(set.policy).toMatchObject({ state: 'ENABLED', schedule: { rule: { kind: 'hourly' }, keep: KEEP } });
    expect((await must('launch.list', {})).find((r) => r.id === record.id)?.snapshotPolicyId).toBe(policyId);
    // The policy id is on the record on disk: a restarted Kiln still knows the launch's policy.
    await env.restart();
    expect((await must('snapshots.schedule.preview', { launchId: record.id })).policy?.policyId).toBe(policyId);
    const { Policy: policy } = await dlm.send(new GetLifecyclePolicyCommand({ PolicyId: policyId }));
    expect(policy?.Tags).toMatchObject({ 'kiln:launch-id': record.id, 'kiln:created-by': 'kiln' });
    expect(policy?.ExecutionRoleArn).toBe(role.arn);
    expect(policy?.PolicyDetails?.TargetTags).toEqual([{ Key: 'kiln:launch-id', Value: record.id }]);

    // Every snapshot lives at least K policy hours, so polling 4 times an hour sees each one the runner makes.
    const seen = new Set<string>();
    await waitFor(
      `${KEEP + 3} snapshots made by the policy`,
      async () => {
        for (const snapshot of await snapshotsOf(volumeId)) seen.add(snapshot.SnapshotId!);
        return seen.size >= KEEP + 3;
      },
      40_000,
      250,
    );
    // Changing the schedule (the same policy, now every 24 policy hours) stops new runs while the count is read; a run
    // already under way has finished after one more second.
    const changed = await must('snapshots.schedule.set', {
      launchId: record.id,
      schedule: { rule: { kind: 'every', hours: 24 }, keep: KEEP },
    });
    expect(changed.policy).toMatchObject({ policyId, schedule: { rule: { kind: 'every', hours: 24 } } });
    await sleep(1_500);
    const kept = await snapshotsOf(volumeId);
    expect(kept).toHaveLength(KEEP);
    for (const snapshot of kept) {
      expect(seen.has(snapshot.SnapshotId!)).toBe(true);
      expect(snapshot.Tags).toEqual(
        expect.arrayContaining([
          { Key: 'kiln:launch-id', Value: record.id },
          { Key: 'aws:dlm:lifecycle-policy-id', Value: policyId },
          // CopyTags: the volume's own Name tag came along.
          { Key: 'Name', Value: 'snap-kept' },
        ]),
      );
    }

    await must('launch.terminate', { launchId: record.id });
    await waitFor('the policy deleted by the launch cleanup', async () => (await policies()).length === 0, 30_000);
    const after = await waitFor('the record without its policy', async () =>
      (await must('launch.list', {})).find((r) => r.id === record.id && r.snapshotPolicyId === undefined),
    );
    expect(after.error).toBeUndefined();
    expect(await call('snapshots.schedule.set', { launchId: record.id, schedule: set.schedule })).toMatchObject({
      ok: false,
      error: { code: 'LaunchTerminated' },
    });
    expect(await policies()).toEqual([]);
  }, 90_000);

  it('takes the DLM role by its well-known ARN when the profile may not read IAM roles', async () => {
    const record = await launch('snap-no-iam-read');
    // The role exists (made above); the profile's policy denies iam:GetRole, as a least-privilege operator's may.
    expect(await roleExists()).toBe(true);
    env.proxy!.throttle('GetRole', {
      fraction: 1,
      reply: {
        status: 403,
        body:
          '<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type>' +
          '<Code>AccessDenied</Code><Message>User: arn:aws:iam::123456789012:user/operator is not authorized to ' +
          `perform: iam:GetRole on resource: role ${ROLE}</Message></Error><RequestId>r-1</RequestId></ErrorResponse>`,
      },
    });
    try {
      const preview = await must('snapshots.schedule.preview', { launchId: record.id });
      expect(preview.role).toMatchObject({
        exists: true,
        unverified: true,
        arn: `arn:aws:iam::123456789012:role/${ROLE}`,
      });
      expect(preview.creates.join(' ')).toContain('may not read IAM roles (iam:GetRole)');
      const set = await must('snapshots.schedule.set', {
        launchId: record.id,
        schedule: { rule: { kind: 'every', hours: 24 }, keep: 1 },
      });
      expect(env.proxy!.count('GetRole')).toBeGreaterThanOrEqual(2);
      const { Policy: policy } = await dlm.send(new GetLifecyclePolicyCommand({ PolicyId: set.policy!.policyId }));
      expect(policy?.ExecutionRoleArn).toBe(`arn:aws:iam::123456789012:role/${ROLE}`);
    } finally {
      env.proxy!.stopThrottling('GetRole');
    }
    await must('launch.terminate', { launchId: record.id });
    await waitFor('the policy deleted by the launch cleanup', async () => (await policies()).length === 0, 30_000);
  }, 60_000);

  it("lists a Kiln policy whose launch is gone as an orphan, not another's policy, and deletes it", async () => {
    const details = (launchId: string) => ({
      PolicyType: 'EBS_SNAPSHOT_MANAGEMENT' as const,
      ResourceTypes: ['VOLUME' as const],
      TargetTags: [{ Key: 'kiln:launch-id', Value: launchId }],
      Schedules: [
        { Name: 'x', CreateRule: { Interval: 24, IntervalUnit: 'HOURS' as const }, RetainRule: { Count: 1 } },
      ],
    });
    const base = {
      ExecutionRoleArn: `arn:aws:iam::123456789012:role/${ROLE}`,
      Description: 'left behind',
      State: 'DISABLED' as const,
    };
    const { PolicyId: orphanId } = await dlm.send(
      new CreateLifecyclePolicyCommand({
        ...base,
        PolicyDetails: details('gone-launch'),
        Tags: { 'kiln:launch-id': 'gone-launch', 'kiln:created-by': 'kiln', Name: 'gone' },
      }),
    );
    // Someone else's policy that happens to carry a launch id tag but was not made by Kiln.
    const { PolicyId: foreignId } = await dlm.send(
      new CreateLifecyclePolicyCommand({
        ...base,
        PolicyDetails: details('other'),
        Tags: { 'kiln:launch-id': 'other' },
      }),
    );
    const orphans = (await must('orphans.list', { profileId: SANDBOX_PROFILE_ID })).filter(
      (o) => o.kind === 'dlm-policy',
    );
    expect(orphans).toEqual([
      expect.objectContaining({ kind: 'dlm-policy', id: orphanId, region: REGION, launchId: 'gone-launch' }),
    ]);
    const cleaned = await must('orphans.clean', {
      profileId: SANDBOX_PROFILE_ID,
      items: [{ kind: 'dlm-policy', id: orphanId!, region: REGION }],
    });
    expect(cleaned).toEqual([{ kind: 'dlm-policy', id: orphanId, region: REGION, ok: true }]);
    expect((await policies()).map((p) => p.PolicyId)).toEqual([foreignId]);
  });
});
