// The built `kiln` on the local sandbox with no Kiln app running: it builds the backend in its own process (holding
// the data directory's lock) and calls the same contract commands as the app.
import { DescribeInstancesCommand } from '@aws-sdk/client-ec2';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { LaunchSpecInput } from '../../../electron/common/models';
import { CliFailure, cliOutputs } from '../../../electron/cli/output-schemas';
import { SANDBOX_PROFILE_ID } from '../../../electron/core/profiles/sandbox-profile';
import { lockDataDir, type DataDirLock } from '../../../electron/core/store/data-dir-lock';
import { inventoryClients, takeInventory } from '../../support/sandbox-inventory';
import { runKiln, startKiln, useKilnCli, writeSpecFile } from './kiln-cli';

let inventory: ReturnType<typeof inventoryClients>;
const cli = useKilnCli({
  sandbox: { pendingSeconds: 1, regions: ['us-east-1'] },
  timeoutMs: 90_000,
  setup: async ({ ec2, sandbox }) => {
    inventory = inventoryClients(ec2, sandbox.endpoint);
  },
});
afterAll(() => inventory?.destroy());

const specFile = (name: string, overrides: Partial<LaunchSpecInput> = {}) => writeSpecFile(cli.home, name, overrides);

describe('kiln without a running app', () => {
  it('answers --help without opening the data directory', async () => {
    const run = await runKiln(['--help'], cli.home.env);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Usage: kiln/);
    expect(run.stdout).toMatch(/130 +interrupted/);
    expect(existsSync(cli.home.dataDir)).toBe(false);
  });

  it("launch --follow prints exactly the script's output, stderr apart, and exits 0 on the success token", async () => {
    // Pauses where the script switches between stdout and stderr: two pipes have no order for simultaneous writes.
    const script = [
      'echo "step 1"',
      'sleep 0.2',
      'echo "to stderr" >&2',
      'sleep 0.2',
      'printf "a  b\\tc\\n"',
      'for i in $(seq 1 30); do echo "line $i"; done',
    ].join('\n');
    const run = await runKiln(
      ['launch', '--spec', await specFile('cli-ok', { installScript: script }), '--follow'],
      cli.home.env,
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe(
      ['step 1', 'a  b\tc', ...Array.from({ length: 30 }, (_, i) => `line ${i + 1}`)].join('\n') + '\n',
    );
    expect(run.stderr).toMatch(/^to stderr$/m);
    expect(run.stderr).toMatch(/cli-ok .*succeeded/);
  }, 120_000);

  it('launch --follow exits 1 when the script fails, and --on-failure terminate ends the instance', async () => {
    const run = await runKiln(
      [
        'launch',
        '--spec',
        await specFile('cli-fail', { installScript: 'echo partial\nexit 3' }),
        '--follow',
        '--on-failure',
        'terminate',
      ],
      cli.home.env,
    );
    expect(run.code, run.stderr).toBe(1);
    expect(run.stdout).toBe('partial\n');
    const list = cliOutputs.list.parse(JSON.parse((await runKiln(['list', '--json'], cli.home.env)).stdout));
    const failed = list.find((l) => l.name === 'cli-fail')!;
    expect(failed.outcome).toMatchObject({ result: 'failure', exitCode: 3 });
    const described = await cli.ec2.send(new DescribeInstancesCommand({ InstanceIds: [failed.instanceId!] }));
    expect(described.Reservations![0].Instances![0].State?.Name).toMatch(/shutting-down|terminated/);
  }, 120_000);

  it('refuses a bad spec and a preflight failure with exit 2, creating nothing in moto', async () => {
    const before = await takeInventory(inventory);
    const badType = await runKiln(
      ['launch', '--spec', await specFile('cli-bad', { instanceType: 'not a type' })],
      cli.home.env,
    );
    expect(badType.code).toBe(2);
    expect(badType.stderr).toMatch(/instance type looks like t3\.micro/);
    const missingAmi = await runKiln(
      ['launch', '--spec', await specFile('cli-noami', { imageId: 'ami-00000000000000000' }), '--json'],
      cli.home.env,
    );
    expect(missingAmi.code).toBe(2);
    expect(cliOutputs.launch.safeParse(JSON.parse(missingAmi.stdout)).success).toBe(false);
    expect(CliFailure.parse(JSON.parse(missingAmi.stdout)).error.message).not.toBe('');
    const notJson = path.join(cli.home.dir, 'broken.json');
    await writeFile(notJson, '{ "name": ');
    expect((await runKiln(['launch', '--spec', notJson], cli.home.env)).code).toBe(2);
    expect(
      (await runKiln(['launch', '--spec', notJson, '--on-failure', 'salvage=forever', '--follow'], cli.home.env)).code,
    ).toBe(2);
    expect(await takeInventory(inventory)).toEqual(before);
    const names = cliOutputs.list
      .parse(JSON.parse((await runKiln(['list', '--json'], cli.home.env)).stdout))
      .map((l) => l.name);
    expect(names).not.toContain('cli-bad');
    expect(names).not.toContain('cli-noami');
  }, 120_000);

  it('list, show and logs print the documented JSON; IDs resolve by id, prefix, instance id and Name', async () => {
    const list = cliOutputs.list.parse(JSON.parse((await runKiln(['list', '--json'], cli.home.env)).stdout));
    const ok = list.find((l) => l.name === 'cli-ok')!;
    expect(ok).toMatchObject({ phase: 'succeeded', profileId: SANDBOX_PROFILE_ID, outcome: { result: 'success' } });
    for (const ref of [ok.id, ok.id.slice(0, 8), ok.instanceId!, 'cli-ok']) {
      const show = await runKiln(['show', ref, '--json'], cli.home.env);
      expect(show.code, show.stderr).toBe(0);
      expect(cliOutputs.show.parse(JSON.parse(show.stdout)).id).toBe(ok.id);
    }
    const logs = await runKiln(['logs', 'cli-ok', '--json', '--after', '1'], cli.home.env);
    const lines = logs.stdout
      .trim()
      .split('\n')
      .map((l) => cliOutputs.logs.parse(JSON.parse(l)));
    expect(lines[0].seq).toBe(2);
    expect(lines.map((l) => l.text)).toContain('to stderr');
    const unknown = await runKiln(['show', 'no-such-launch'], cli.home.env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/No launch is known by "no-such-launch"/);
  }, 60_000);

  it('terminate ends the instance and prints the launch', async () => {
    const run = await runKiln(['terminate', 'cli-ok', '--json'], cli.home.env);
    expect(run.code, run.stderr).toBe(0);
    const [terminated] = cliOutputs.terminate.parse(JSON.parse(run.stdout));
    expect(terminated.name).toBe('cli-ok');
    const described = await cli.ec2.send(new DescribeInstancesCommand({ InstanceIds: [terminated.instanceId!] }));
    expect(described.Reservations![0].Instances![0].State?.Name).toMatch(/shutting-down|terminated/);
  }, 60_000);

  it('says which Kiln holds the data directory instead of opening it beside that one', async () => {
    const held = await lockDataDir(cli.home.dataDir, 'desktop');
    expect(held.ok).toBe(true);
    const lock = (held as { lock: DataDirLock }).lock;
    try {
      const run = await runKiln(['list'], cli.home.env);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`The Kiln desktop app (pid ${process.pid}) holds ${cli.home.dataDir}`);
    } finally {
      await lock.release();
    }
    expect((await runKiln(['list'], cli.home.env)).code).toBe(0);
  }, 60_000);

  it('Ctrl-C while following exits 130, leaves the launch running and says how to follow it again', async () => {
    const kiln = startKiln(
      ['launch', '--spec', await specFile('cli-slow', { installScript: 'echo started\nsleep 60' }), '--follow'],
      cli.home.env,
    );
    const deadline = Date.now() + 60_000;
    while (!kiln.stdout.includes('started') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    kiln.child.kill('SIGINT');
    const run = await kiln.done;
    expect(run.code, `${run.signal} ${run.stderr}`).toBe(130);
    expect(run.stderr).toMatch(/kiln logs \S+ --follow --after \d+/);
    const list = cliOutputs.list.parse(JSON.parse((await runKiln(['list', '--json'], cli.home.env)).stdout));
    const slow = list.find((l) => l.name === 'cli-slow')!;
    const described = await cli.ec2.send(new DescribeInstancesCommand({ InstanceIds: [slow.instanceId!] }));
    expect(described.Reservations![0].Instances![0].State?.Name).toBe('running');
    expect((await runKiln(['terminate', slow.id], cli.home.env)).code).toBe(0);
  }, 120_000);
});
