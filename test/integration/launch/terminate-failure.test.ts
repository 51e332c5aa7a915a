// Terminate of a protected instance on the sandbox, when EC2 refuses the TerminateInstances itself (the AWS fault
// proxy in front of moto answers it with an error): Kiln turned protection off first, so it turns it back on and
// says so in the error.
import {
  DescribeInstanceAttributeCommand,
  DescribeInstancesCommand,
  ModifyInstanceAttributeCommand,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_PROFILE_ID } from '../../../electron/core/profiles/sandbox-profile';
import { startSandboxBackend, type SandboxBackend } from '../../support/sandbox-backend';
import { backendCommands } from '../../support/backend-commands';
import { waitFor } from '../../support/wait';

let env: SandboxBackend;
let ec2: EC2Client;
beforeAll(async () => {
  env = await startSandboxBackend({ proxy: true });
  ec2 = env.ec2();
}, 60_000);
afterAll(async () => env?.stop());

// The refusal provoked here is an expected failure, not a bug to print.
const { call, must } = backendCommands(
  () => env.backend.handlers,
  () => undefined,
);
const protection = async (instanceId: string) =>
  (await ec2.send(new DescribeInstanceAttributeCommand({ InstanceId: instanceId, Attribute: 'disableApiTermination' })))
    .DisableApiTermination?.Value;

describe('terminate of a protected instance that EC2 refuses', () => {
  it('turns termination protection back on and says so', async () => {
    const launched = await must('launch.start', {
      spec: {
        profileId: SANDBOX_PROFILE_ID,
        region: 'us-east-1',
        name: 'guarded',
        imageId: 'ami-0ed094fb1304fd857',
        instanceType: 't3.micro',
        installScript: 'echo ok',
      },
    });
    await waitFor(
      'running',
      async () => (await must('launch.list', {})).find((r) => r.id === launched.id)?.instanceState === 'running',
      30_000,
    );
    await ec2.send(
      new ModifyInstanceAttributeCommand({ InstanceId: launched.instanceId!, DisableApiTermination: { Value: true } }),
    );

    env.proxy!.throttle('TerminateInstances', {
      sequence: [true],
      error: { status: 400, code: 'OperationNotPermitted', message: 'The instance is in use by another operation.' },
    });
    const refused = await call('launch.terminate', { launchId: launched.id, confirmName: 'guarded' });
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'OperationNotPermitted', message: expect.stringContaining('turned termination protection') },
    });
    expect(await protection(launched.instanceId!)).toBe(true);
    const state = (await ec2.send(new DescribeInstancesCommand({ InstanceIds: [launched.instanceId!] })))
      .Reservations![0].Instances![0].State?.Name;
    expect(state).toBe('running');

    env.proxy!.stopThrottling('TerminateInstances');
    await must('launch.terminate', { launchId: launched.id, confirmName: 'guarded' });
    expect(await protection(launched.instanceId!)).toBe(false);
  }, 60_000);
});
