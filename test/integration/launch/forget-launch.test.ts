// launch.forget through the backend on the sandbox: a live launch is refused and keeps its record; once terminated
// and cleaned up, its record file and install log leave the data directory, and a restart does not bring it back.
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandInput, CommandName, CommandOutput } from '../../../electron/common/contract';
import { dispatchCommand } from '../../../electron/common/dispatch';
import type { Result } from '../../../electron/common/result';
import { SANDBOX_PROFILE_ID } from '../../../electron/core/profiles/sandbox-profile';
import { startSandboxBackend, type SandboxBackend } from '../../support/sandbox-backend';
import { waitFor } from '../../support/wait';

let env: SandboxBackend;

async function call<K extends CommandName>(name: K, input: CommandInput<K>): Promise<Result<CommandOutput<K>>> {
  return (await dispatchCommand(env.backend.handlers, name, input, (e) => console.error(e))) as Result<
    CommandOutput<K>
  >;
}
async function must<K extends CommandName>(name: K, input: CommandInput<K>): Promise<CommandOutput<K>> {
  const result = await call(name, input);
  if (!result.ok) throw new Error(`${name}: ${result.error.message}`);
  return result.value;
}

beforeAll(async () => {
  env = await startSandboxBackend({ pendingSeconds: 1, hostRegions: [] });
}, 60_000);
afterAll(async () => {
  await env?.stop();
});

describe('forgetting a launch', () => {
  it('refuses a live launch, then removes the terminated one with its log, for good', async () => {
    const launched = await must('launch.start', {
      spec: {
        profileId: SANDBOX_PROFILE_ID,
        region: 'us-east-1',
        name: 'to-forget',
        imageId: 'ami-0ed094fb1304fd857',
        instanceType: 't3.micro',
        installScript: 'echo hi',
      },
    });
    const recordFile = path.join(env.dataDir, 'launches', `${launched.id}.json`);
    expect(existsSync(recordFile)).toBe(true);

    expect(await call('launch.forget', { launchId: launched.id })).toMatchObject({
      ok: false,
      error: { code: 'NotTerminated' },
    });
    expect((await must('launch.list', {})).map((r) => r.id)).toContain(launched.id);

    await must('launch.terminate', { launchId: launched.id });
    await waitFor(
      'terminate and cleanup',
      async () => {
        const r = (await must('launch.list', {})).find((x) => x.id === launched.id);
        return r?.phase === 'terminated' && r.securityGroupDeleted;
      },
      30_000,
    );
    // No instance host runs here, so the log holds what an agent would have relayed, written as Kiln writes it.
    const logFile = path.join(env.dataDir, 'logs', `${launched.id}.jsonl`);
    await writeFile(logFile, `${JSON.stringify({ seq: 1, ts: launched.createdAt, stream: 'stdout', text: 'hi' })}\n`);
    expect((await must('launch.log', { launchId: launched.id, after: 0 })).map((l) => l.text)).toEqual(['hi']);
    expect(await must('launch.forget', { launchId: launched.id })).toEqual({ launchId: launched.id });
    expect((await must('launch.list', {})).map((r) => r.id)).not.toContain(launched.id);
    expect(existsSync(recordFile)).toBe(false);
    expect(existsSync(logFile)).toBe(false);

    await env.restart();
    expect((await must('launch.list', {})).map((r) => r.id)).not.toContain(launched.id);
  });
});
