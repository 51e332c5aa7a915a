// The sandbox's Data Lifecycle Manager stand-in, driven with the real DLM and EC2 clients on the sandbox's one
// endpoint: the policy API, and the runner really snapshotting a tagged volume in moto and keeping only the last K.
import {
  CreateLifecyclePolicyCommand,
  DeleteLifecyclePolicyCommand,
  DLMClient,
  GetLifecyclePoliciesCommand,
  GetLifecyclePolicyCommand,
  ResourceNotFoundException,
  UpdateLifecyclePolicyCommand,
  type CreateLifecyclePolicyCommandInput,
  type PolicyDetails,
} from '@aws-sdk/client-dlm';
import { CreateVolumeCommand, DescribeSnapshotsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_CREDENTIALS } from '../../../electron/core/sandbox/address';
import { DLM_POLICY_ID_TAG, DLM_SCHEDULE_NAME_TAG } from '../../../electron/core/sandbox/dlm-stand-in';
import { startSandbox, type Sandbox } from '../../../electron/core/sandbox/sandbox';

/** One policy hour lasts this long here, so K+3 hourly runs take a few seconds. */
const SECONDS_PER_HOUR = 1;
const KEEP = 2;
const ROLE = 'arn:aws:iam::123456789012:role/AWSDataLifecycleManagerDefaultRole';

let sandbox: Sandbox;
let dlm: DLMClient;
let ec2: EC2Client;

beforeAll(async () => {
  sandbox = await startSandbox({
    pendingSeconds: 0,
    imageSeconds: 0,
    sshd: false,
    dlmSecondsPerHour: SECONDS_PER_HOUR,
  });
  const config = {
    region: sandbox.region,
    endpoint: sandbox.endpoint,
    credentials: { ...SANDBOX_CREDENTIALS },
    maxAttempts: 1,
  };
  dlm = new DLMClient(config);
  ec2 = new EC2Client(config);
}, 40_000);

afterAll(async () => {
  dlm?.destroy();
  ec2?.destroy();
  await sandbox?.stop();
}, 30_000);

function details(tagValue: string): PolicyDetails {
  return {
    PolicyType: 'EBS_SNAPSHOT_MANAGEMENT',
    ResourceTypes: ['VOLUME'],
    TargetTags: [{ Key: 'kiln:launch', Value: tagValue }],
    Schedules: [
      {
        Name: 'kiln-hourly',
        TagsToAdd: [{ Key: 'kiln:snapshot-of', Value: tagValue }],
        CreateRule: { Interval: 1, IntervalUnit: 'HOURS' },
        RetainRule: { Count: KEEP },
      },
    ],
  };
}

async function taggedVolume(tagValue: string): Promise<string> {
  const out = await ec2.send(
    new CreateVolumeCommand({
      AvailabilityZone: `${sandbox.region}a`,
      Size: 8,
      TagSpecifications: [{ ResourceType: 'volume', Tags: [{ Key: 'kiln:launch', Value: tagValue }] }],
    }),
  );
  return out.VolumeId!;
}

async function snapshotsOf(volumeId: string) {
  const out = await ec2.send(
    new DescribeSnapshotsCommand({ OwnerIds: ['self'], Filters: [{ Name: 'volume-id', Values: [volumeId] }] }),
  );
  return out.Snapshots ?? [];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('DLM stand-in', () => {
  it('creates, lists, reads, updates and deletes a policy', async () => {
    const created = await dlm.send(
      new CreateLifecyclePolicyCommand({
        ExecutionRoleArn: ROLE,
        Description: 'kiln api',
        State: 'DISABLED',
        PolicyDetails: details('api'),
        Tags: { 'kiln:managed': 'true' },
      }),
    );
    const id = created.PolicyId!;
    expect(id).toMatch(/^policy-[0-9a-f]+$/);

    const got = await dlm.send(new GetLifecyclePolicyCommand({ PolicyId: id }));
    expect(got.Policy).toMatchObject({
      PolicyId: id,
      State: 'DISABLED',
      ExecutionRoleArn: ROLE,
      Tags: { 'kiln:managed': 'true' },
      PolicyDetails: { ResourceTypes: ['VOLUME'], TargetTags: [{ Key: 'kiln:launch', Value: 'api' }] },
    });
    expect(got.Policy?.DateCreated).toBeInstanceOf(Date);

    const listed = await dlm.send(new GetLifecyclePoliciesCommand({ TargetTags: ['kiln:launch=api'] }));
    expect(listed.Policies?.map((p) => p.PolicyId)).toEqual([id]);
    const none = await dlm.send(new GetLifecyclePoliciesCommand({ TargetTags: ['kiln:launch=other'] }));
    expect(none.Policies).toEqual([]);

    await dlm.send(new UpdateLifecyclePolicyCommand({ PolicyId: id, Description: 'kiln api, renamed' }));
    const updated = await dlm.send(new GetLifecyclePolicyCommand({ PolicyId: id }));
    expect(updated.Policy?.Description).toBe('kiln api, renamed');

    await dlm.send(new DeleteLifecyclePolicyCommand({ PolicyId: id }));
    await expect(dlm.send(new GetLifecyclePolicyCommand({ PolicyId: id }))).rejects.toBeInstanceOf(
      ResourceNotFoundException,
    );
  });

  it('answers an unknown policy id with ResourceNotFoundException and refuses a policy without a role', async () => {
    const noRole: Partial<CreateLifecyclePolicyCommandInput> = {
      Description: 'no role',
      State: 'ENABLED',
      PolicyDetails: details('no-role'),
    };
    const missing = dlm.send(new GetLifecyclePolicyCommand({ PolicyId: 'policy-0123456789abcdef0' }));
    await expect(missing).rejects.toBeInstanceOf(ResourceNotFoundException);
    await expect(missing).rejects.toMatchObject({ $metadata: { httpStatusCode: 404 } });
    await expect(
      dlm.send(new UpdateLifecyclePolicyCommand({ PolicyId: 'policy-0123456789abcdef0', State: 'ENABLED' })),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
    await expect(
      dlm.send(new CreateLifecyclePolicyCommand(noRole as CreateLifecyclePolicyCommandInput)),
    ).rejects.toMatchObject({ name: 'InvalidRequestException', message: expect.stringMatching(/ExecutionRoleArn/) });
    const all = await dlm.send(new GetLifecyclePoliciesCommand({}));
    expect(all.Policies?.some((p) => p.Description === 'no role')).toBe(false);
  });

  it(`keeps exactly ${KEEP} snapshots after ${KEEP + 3} runs, tagged as DLM tags them; a disabled policy makes none`, async () => {
    const volumeId = await taggedVolume('web');
    const idleVolumeId = await taggedVolume('idle');
    const { PolicyId: id } = await dlm.send(
      new CreateLifecyclePolicyCommand({
        ExecutionRoleArn: ROLE,
        Description: 'kiln web',
        State: 'ENABLED',
        PolicyDetails: details('web'),
      }),
    );
    const { PolicyId: idleId } = await dlm.send(
      new CreateLifecyclePolicyCommand({
        ExecutionRoleArn: ROLE,
        Description: 'kiln idle',
        State: 'DISABLED',
        PolicyDetails: details('idle'),
      }),
    );

    // Every snapshot the runner makes lives at least K periods, so polling more often than once a period sees each.
    const seen = new Set<string>();
    const deadline = Date.now() + 30_000;
    while (seen.size < KEEP + 3 && Date.now() < deadline) {
      for (const snapshot of await snapshotsOf(volumeId)) seen.add(snapshot.SnapshotId!);
      await sleep(SECONDS_PER_HOUR * 250);
    }
    await dlm.send(new UpdateLifecyclePolicyCommand({ PolicyId: id, State: 'DISABLED' }));
    expect(seen.size).toBeGreaterThanOrEqual(KEEP + 3);

    const kept = await snapshotsOf(volumeId);
    expect(kept).toHaveLength(KEEP);
    for (const snapshot of kept) {
      expect(snapshot.Tags).toEqual(
        expect.arrayContaining([
          { Key: 'kiln:snapshot-of', Value: 'web' },
          { Key: DLM_POLICY_ID_TAG, Value: id },
          { Key: DLM_SCHEDULE_NAME_TAG, Value: 'kiln-hourly' },
        ]),
      );
    }
    expect(await snapshotsOf(idleVolumeId)).toEqual([]);
    const idle = await dlm.send(new GetLifecyclePolicyCommand({ PolicyId: idleId }));
    expect(idle.Policy?.State).toBe('DISABLED');
  }, 40_000);
});
