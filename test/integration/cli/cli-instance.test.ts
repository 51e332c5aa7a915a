// The built `kiln` for one launch's instance and the account: `connect` runs the Connect tab's script (system ssh,
// the launch's key, only the pinned host keys) against the sandbox's sshd; `ping`, `profiles`, `regions` and
// `cleanup --dry-run` print their documented JSON. Connect is skipped only where Debian's openssh-server is missing.
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LaunchSpecInput } from '../../../electron/common/models';
import { cliOutputs } from '../../../electron/cli/output-schemas';
import { SANDBOX_PROFILE_ID } from '../../../electron/core/profiles/sandbox-profile';
import { sandboxLoginUser } from '../../../electron/core/sandbox/address';
import { runKiln, useKilnCli } from './kiln-cli';

const hasSshd = existsSync('/usr/sbin/sshd');
const cli = useKilnCli({
  sandbox: { pendingSeconds: 1, regions: ['us-east-1'] },
  timeoutMs: 180_000,
  setup: async ({ home }) => {
    const spec: LaunchSpecInput = {
      profileId: SANDBOX_PROFILE_ID,
      region: 'us-east-1',
      name: 'cli-keyed',
      imageId: 'ami-0ed094fb1304fd857',
      instanceType: 't3.micro',
      installScript: 'echo installed',
      keyPair: { mode: 'create', name: 'cli-key', type: 'ed25519', savePath: path.join(home.dir, 'cli key') },
    };
    await writeFile(path.join(home.dir, 'keyed.json'), JSON.stringify(spec));
    const launched = await runKiln(['launch', '--spec', path.join(home.dir, 'keyed.json'), '--follow'], home.env);
    expect(launched.code, launched.stderr).toBe(0);
  },
});

describe('kiln and one instance', () => {
  it.skipIf(!hasSshd)(
    'connect runs ssh with the launch key and the pinned host keys',
    async () => {
      const run = await runKiln(['connect', 'cli-keyed', '--', 'echo "who=$(id -un)"'], cli.home.env, 60_000);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout.trim()).toBe(`who=${sandboxLoginUser()}`);
    },
    90_000,
  );

  it('ping prints the instance, its checks and the diagnosis', async () => {
    const run = await runKiln(['ping', 'cli-keyed', '--json'], cli.home.env, 60_000);
    const ping = cliOutputs.ping.parse(JSON.parse(run.stdout));
    expect(ping.launch).toMatchObject({ name: 'cli-keyed', instanceState: 'running' });
    expect(ping.diagnosis.checks.length).toBeGreaterThan(0);
    expect(run.code).toBe(ping.diagnosis.checks.every((c) => c.ok) ? 0 : 1);
  }, 90_000);

  it('alarms enable, list and remove change and print the recovery alarms', async () => {
    const enabled = await runKiln(['alarms', 'enable', 'cli-keyed', '--json'], cli.home.env, 60_000);
    expect(enabled.code, enabled.stderr).toBe(0);
    const [launch] = cliOutputs.alarms.parse(JSON.parse(enabled.stdout));
    // moto reports a new alarm as OK (AWS starts with INSUFFICIENT_DATA); neither is missing.
    expect(launch?.alarms.map((a) => [a.action, a.state])).toEqual([
      ['recover', 'OK'],
      ['reboot', 'OK'],
    ]);
    const id = launch.launchId;

    const table = await runKiln(['alarms', 'list'], cli.home.env, 60_000);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toContain(`kiln-${id}-recover`);
    expect(table.stdout).toContain(`kiln-${id}-reboot`);

    const removed = await runKiln(['alarms', 'remove', 'cli-keyed', '--json'], cli.home.env, 60_000);
    expect(cliOutputs.alarmsRemoved.parse(JSON.parse(removed.stdout))).toEqual({
      launchId: id,
      deleted: [`kiln-${id}-recover`, `kiln-${id}-reboot`],
    });
    const none = await runKiln(['alarms', 'list', '--json'], cli.home.env, 60_000);
    expect(cliOutputs.alarms.parse(JSON.parse(none.stdout))).toEqual([]);
    const unknown = await runKiln(['alarms', 'enable', 'no-such-launch'], cli.home.env, 60_000);
    expect(unknown.code).toBe(2);
  }, 180_000);

  it('profiles, regions and cleanup --dry-run print their documented JSON', async () => {
    const profiles = cliOutputs.profiles.parse(
      JSON.parse((await runKiln(['profiles', '--json'], cli.home.env)).stdout),
    );
    expect(profiles.find((p) => p.profile.id === SANDBOX_PROFILE_ID)?.identity?.account).toMatch(/^\d{12}$/);
    const regions = cliOutputs.regions.parse(JSON.parse((await runKiln(['regions', '--json'], cli.home.env)).stdout));
    expect(regions.map((r) => r.name)).toContain('us-east-1');
    const cleanup = await runKiln(['cleanup', '--dry-run', '--json'], cli.home.env, 60_000);
    expect(cleanup.code, cleanup.stderr).toBe(0);
    // The live launch owns its instance, group and key pair: nothing of it is a leftover.
    expect(cliOutputs.cleanup.parse(JSON.parse(cleanup.stdout))).toEqual({ dryRun: true, orphans: [], results: [] });
  }, 90_000);
});
