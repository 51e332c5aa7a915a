// Keep for salvage on the sandbox: the termination time is tagged on the instance, can be cancelled, and when it
// comes Kiln terminates the instance and cleans up by itself.
import {
  DescribeInstancesCommand,
  DescribeSecurityGroupsCommand,
  ModifyInstanceAttributeCommand,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchCommand } from '../../../electron/common/dispatch';
import { KILN_TERMINATE_AT_TAG } from '../../../electron/core/launch/auto-terminate';
import { SANDBOX_PROFILE_ID } from '../../../electron/core/profiles/sandbox-profile';
import { startSandboxBackend, type SandboxBackend } from '../../support/sandbox-backend';
import { waitFor } from '../../support/wait';
import { backendCommands } from '../../support/backend-commands';

let env: SandboxBackend;
let ec2: EC2Client;
beforeAll(async () => {
  env = await startSandboxBackend({ pendingSeconds: 1 });
  ec2 = env.ec2();
}, 60_000);
afterAll(async () => env?.stop());

const { must } = backendCommands(() => env.backend.handlers);
const tags = async (instanceId: string) => {
  const out = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }));
  const instance = out.Reservations![0].Instances![0];
  return {
    state: instance.State?.Name,
    tags: Object.fromEntries((instance.Tags ?? []).map((t) => [t.Key ?? '', t.Value] as const)),
  };
};

describe('keep for salvage', () => {
  it('tags the termination time, cancels it, and terminates with cleanup when the time comes', async () => {
    const launched = await must('launch.start', {
      spec: {
        profileId: SANDBOX_PROFILE_ID,
        region: 'us-east-1',
        name: 'salvage',
        imageId: 'ami-0ed094fb1304fd857',
        instanceType: 't3.micro',
        installScript: 'echo broken >&2; exit 1',
      },
    });
    await waitFor(
      'failure',
      async () => (await must('launch.list', {})).find((r) => r.id === launched.id)?.phase === 'failed',
      30_000,
    );

    const kept = await must('launch.keepForSalvage', { launchId: launched.id, hours: 24 });
    const hoursAhead = (new Date(kept.terminateAt!).getTime() - Date.now()) / 3_600_000;
    expect(hoursAhead).toBeGreaterThan(23.9);
    expect((await tags(launched.instanceId!)).tags[KILN_TERMINATE_AT_TAG]).toBe(kept.terminateAt);

    const cancelled = await must('launch.cancelAutoTerminate', { launchId: launched.id });
    expect(cancelled.terminateAt).toBeUndefined();
    expect((await tags(launched.instanceId!)).tags[KILN_TERMINATE_AT_TAG]).toBeUndefined();

    // The timer itself, a second away instead of hours.
    await env.backend.launches.setTerminateAt(launched.id, new Date(Date.now() + 1_000).toISOString());
    const gone = await waitFor(
      'automatic termination and cleanup',
      async () => {
        const r = (await must('launch.list', {})).find((x) => x.id === launched.id)!;
        return r.phase === 'terminated' && r.securityGroupDeleted ? r : undefined;
      },
      30_000,
    );
    expect(gone.instanceState).toBe('terminated');
    expect((await tags(launched.instanceId!)).state).toBe('terminated');
    await expect(
      ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [launched.securityGroupId!] })),
    ).rejects.toMatchObject({ name: 'InvalidGroup.NotFound' });

    const again = await dispatchCommand(
      env.backend.handlers,
      'launch.keepForSalvage',
      { launchId: launched.id, hours: 1 },
      () => undefined,
    );
    expect(again).toMatchObject({ ok: false, error: { code: 'AlreadyTerminated' } });
  });

  it('refuses to keep a protected launch for salvage, whose timer could never terminate it', async () => {
    const base = {
      profileId: SANDBOX_PROFILE_ID,
      region: 'us-east-1',
      imageId: 'ami-0ed094fb1304fd857',
      instanceType: 't3.micro',
      installScript: 'exit 1',
    };
    const bySpec = await must('launch.start', {
      spec: { ...base, name: 'salvage-spec', advanced: { terminationProtection: true } },
    });
    const byAttribute = await must('launch.start', { spec: { ...base, name: 'salvage-attribute' } });
    await waitFor(
      'failures',
      async () => {
        const list = await must('launch.list', {});
        return [bySpec.id, byAttribute.id].every((id) => list.find((r) => r.id === id)?.phase === 'failed');
      },
      30_000,
    );
    await ec2.send(
      new ModifyInstanceAttributeCommand({
        InstanceId: byAttribute.instanceId!,
        DisableApiTermination: { Value: true },
      }),
    );

    for (const launched of [bySpec, byAttribute]) {
      const refused = await dispatchCommand(
        env.backend.handlers,
        'launch.keepForSalvage',
        { launchId: launched.id, hours: 24 },
        () => undefined,
      );
      expect(refused).toMatchObject({
        ok: false,
        error: {
          code: 'TerminationProtected',
          remedy: expect.stringContaining('Turn termination protection off first'),
        },
      });
      expect((await must('launch.list', {})).find((r) => r.id === launched.id)?.terminateAt).toBeUndefined();
      expect((await tags(launched.instanceId!)).tags[KILN_TERMINATE_AT_TAG]).toBeUndefined();
    }

    // With protection off again, keeping works.
    await ec2.send(
      new ModifyInstanceAttributeCommand({
        InstanceId: byAttribute.instanceId!,
        DisableApiTermination: { Value: false },
      }),
    );
    expect((await must('launch.keepForSalvage', { launchId: byAttribute.id, hours: 1 })).terminateAt).toBeDefined();
    await must('launch.terminate', { launchId: bySpec.id, confirmName: 'salvage-spec' });
    await must('launch.terminate', { launchId: byAttribute.id });
  }, 60_000);
});
