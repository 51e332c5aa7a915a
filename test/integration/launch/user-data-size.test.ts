// The wizard's user data meter (launch.preview) and the user data a launch sends come from one plan: the bytes the
// preview shows are the bytes RunInstances gets, with the script inline and through the artifact bucket, on the
// sandbox (moto) with its real presigned URLs.
import { DescribeInstanceAttributeCommand } from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandInput, CommandName, CommandOutput } from '../../../electron/common/contract';
import { dispatchCommand } from '../../../electron/common/dispatch';
import type { Result } from '../../../electron/common/result';
import { startSandboxBackend, type SandboxBackend } from '../../support/sandbox-backend';
import { sandboxLaunchSpec } from '../../support/sandbox-launch-spec';

let env: SandboxBackend;

async function call<K extends CommandName>(name: K, input: CommandInput<K>): Promise<CommandOutput<K>> {
  const result = (await dispatchCommand(env.backend.handlers, name, input, (e) => console.error(e))) as Result<
    CommandOutput<K>
  >;
  if (!result.ok) throw new Error(`${name}: ${result.error.message}`);
  return result.value;
}

/** The user data moto received for the launch's instance, in bytes. */
async function sentBytes(instanceId: string, region: string): Promise<number> {
  const attribute = await env
    .ec2(region)
    .send(new DescribeInstanceAttributeCommand({ InstanceId: instanceId, Attribute: 'userData' }));
  return Buffer.from(attribute.UserData?.Value ?? '', 'base64').length;
}

beforeAll(async () => {
  // No instance host: the launches only need to be sent.
  env = await startSandboxBackend({ pendingSeconds: 1, hostRegions: [] });
}, 60_000);
afterAll(async () => {
  await env?.stop();
});

describe('user data size: preview and launch', () => {
  it.each([
    ['inline', 'echo "installing"\n'.repeat(200)],
    ['artifact', `echo "${'x'.repeat(90)}"\n`.repeat(200)],
  ])('the meter shows the bytes the launch sends (%s script)', async (mode, script) => {
    const input = sandboxLaunchSpec(`sized-${mode}`, script);
    const preview = await call('launch.preview', { spec: input });
    expect(preview.delivery.mode).toBe(mode);
    const record = await call('launch.start', { spec: input });
    expect(record.userDataBytes).toBe(preview.userDataBytes);
    expect(await sentBytes(record.instanceId!, 'us-east-1')).toBe(preview.userDataBytes);
  });
});
