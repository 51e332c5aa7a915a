// The built `kiln snapshots schedule` on the sandbox (DLM answered by the sandbox's stand-in, IAM by moto): refusals
// exit 2 and create nothing, not even the role; --dry-run says what Set creates; --create-role then sets the policy;
// without options it shows it; --remove deletes it.
import { DLMClient, GetLifecyclePoliciesCommand } from '@aws-sdk/client-dlm';
import { IAMClient, ListRolesCommand } from '@aws-sdk/client-iam';
import { describe, expect, it } from 'vitest';
import { cliOutputs } from '../../../electron/cli/output-schemas';
import { runKiln, useKilnCli, writeSpecFile } from './kiln-cli';

let dlm: DLMClient;
let iam: IAMClient;
const cli = useKilnCli({
  sandbox: { pendingSeconds: 1, regions: ['us-east-1'] },
  timeoutMs: 180_000,
  setup: async ({ client, home }) => {
    dlm = client(DLMClient);
    iam = client(IAMClient);
    const launched = await runKiln(['launch', '--spec', await writeSpecFile(home, 'snap-cli')], home.env);
    expect(launched.code, launched.stderr).toBe(0);
  },
});

const policies = async () => (await dlm.send(new GetLifecyclePoliciesCommand({}))).Policies ?? [];
const roles = async () => (await iam.send(new ListRolesCommand({}))).Roles?.map((r) => r.RoleName) ?? [];
const kiln = (...args: string[]) => runKiln(['snapshots', 'schedule', 'snap-cli', ...args], cli.home.env, 60_000);

describe('kiln snapshots schedule', () => {
  it('refuses, creates nothing, then sets, shows and removes the policy', async () => {
    const interval = await kiln('--every', '5', '--create-role');
    expect(interval.code).toBe(2);
    expect(interval.stderr).toContain('DLM cannot snapshot every 5 hours');
    const noRole = await kiln('--keep', '2');
    expect(noRole.code).toBe(2);
    expect(noRole.stderr).toContain('AWSDataLifecycleManagerDefaultRole');
    expect(await policies()).toEqual([]);
    expect(await roles()).not.toContain('AWSDataLifecycleManagerDefaultRole');

    const dryRun = await kiln('--keep', '3', '--dry-run', '--json');
    expect(dryRun.code, dryRun.stderr).toBe(0);
    const preview = cliOutputs.snapshotSchedule.parse(JSON.parse(dryRun.stdout));
    expect(preview).toMatchObject({ schedule: { rule: { kind: 'hourly' }, keep: 3 }, role: { exists: false } });
    expect(preview.policy).toBeUndefined();
    expect(preview.creates[0]).toContain('every hour, keeping the last 3 snapshots');
    expect(await policies()).toEqual([]);

    const set = await kiln('--every', '6', '--keep', '3', '--create-role', '--json');
    expect(set.code, set.stderr).toBe(0);
    const answer = cliOutputs.snapshotSchedule.parse(JSON.parse(set.stdout));
    expect(answer.policy).toMatchObject({ state: 'ENABLED', schedule: { rule: { kind: 'every', hours: 6 }, keep: 3 } });
    expect(answer.role.exists).toBe(true);
    expect((await policies()).map((p) => p.PolicyId)).toEqual([answer.policy!.policyId]);

    const shown = await kiln();
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toContain(`${answer.policy!.policyId} (ENABLED)`);
    expect(shown.stdout).toContain('every 6 hours, keeping the last 3 snapshots');

    const removed = await kiln('--remove', '--json');
    expect(removed.code, removed.stderr).toBe(0);
    expect(cliOutputs.snapshotScheduleRemove.parse(JSON.parse(removed.stdout))).toEqual({
      launchId: answer.launchId,
      removedPolicyId: answer.policy!.policyId,
    });
    expect(await policies()).toEqual([]);
  }, 180_000);
});
