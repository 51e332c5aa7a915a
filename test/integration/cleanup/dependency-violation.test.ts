// Terminate and cleanup when AWS still reports the security group in use (DependencyViolation, as while a
// terminated instance's network interface detaches): Kiln retries with backoff and ends with zero Kiln-tagged
// resources. moto never raises it, so the AWS fault proxy answers the first DeleteSecurityGroup calls with it.
import { DescribeInstancesCommand, DescribeSecurityGroupsCommand } from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_PROFILE_ID } from '../../../electron/core/profiles/sandbox-profile';
import { startSandboxBackend, type SandboxBackend } from '../../support/sandbox-backend';
import { backendCommands } from '../../support/backend-commands';
import { waitFor } from '../../support/wait';

let env: SandboxBackend;
beforeAll(async () => {
  env = await startSandboxBackend({ pendingSeconds: 0, proxy: true });
}, 60_000);
afterAll(async () => env?.stop());

const { must } = backendCommands(() => env.backend.handlers);

describe('cleanup after DependencyViolation', () => {
  it('retries deleting the group until AWS lets it go, and leaves nothing tagged behind', async () => {
    const spec = {
      profileId: SANDBOX_PROFILE_ID,
      region: 'us-east-1',
      name: 'in-use',
      imageId: 'ami-0ed094fb1304fd857',
      instanceType: 't3.micro',
      installScript: 'echo ok',
    };
    const launched = await must('launch.start', { spec });
    await waitFor(
      'success',
      async () => {
        const list = await must('launch.list', {});
        return list[0]?.phase === 'succeeded';
      },
      40_000,
    );

    env.proxy!.throttle('DeleteSecurityGroup', {
      sequence: [true, true],
      error: {
        status: 400,
        code: 'DependencyViolation',
        message: `resource ${launched.securityGroupId} has a dependent object`,
      },
    });
    await must('launch.terminate', { launchId: launched.id });
    const cleaned = await waitFor(
      'cleanup after the retries',
      async () => {
        const record = (await must('launch.list', {}))[0];
        return record?.securityGroupDeleted ? record : undefined;
      },
      30_000,
    );
    expect(cleaned.error).toBeUndefined();
    expect(env.proxy!.requests.filter((r) => r.action === 'DeleteSecurityGroup').map((r) => r.throttled)).toEqual([
      true,
      true,
      false,
    ]);

    const ec2 = env.ec2();
    const groups = await ec2.send(
      new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'tag-key', Values: ['kiln:launch-id'] }] }),
    );
    expect(groups.SecurityGroups ?? []).toEqual([]);
    const instances = await ec2.send(
      new DescribeInstancesCommand({
        Filters: [
          { Name: 'tag-key', Values: ['kiln:launch-id'] },
          { Name: 'instance-state-name', Values: ['pending', 'running', 'stopping', 'stopped'] },
        ],
      }),
    );
    expect(instances.Reservations ?? []).toEqual([]);
  }, 90_000);
});
