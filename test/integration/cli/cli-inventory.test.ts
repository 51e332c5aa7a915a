// `kiln inventory` (the built CLI, on the sandbox): a table with counts and the cost per day, `--json` the Inventory
// page's JSON export (its documented shape), `--csv` the CSV export, and both at once refused. The resources are made
// straight in moto with Kiln's tags, as another workstation's launch would leave them; one untagged instance is not
// listed.
import { RunInstancesCommand, CreateSecurityGroupCommand } from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { cliOutputs } from '../../../electron/cli/output-schemas';
import { launchTags } from '../../../electron/core/launch/tags';
import { csvObjects } from '../../support/csv';
import { runKiln, useKilnCli } from './kiln-cli';

const AL2023 = 'ami-0ed094fb1304fd857';
const made = { instanceId: '', groupId: '', untaggedId: '' };
const cli = useKilnCli({
  sandbox: { pendingSeconds: 0, regions: ['us-east-1'] },
  timeoutMs: 120_000,
  setup: async ({ ec2 }) => {
    const tags = launchTags('desk-2-launch', '=cmd, "quoted" name');
    const group = await ec2.send(
      new CreateSecurityGroupCommand({
        GroupName: 'kiln-desk-2-launch',
        Description: 'Kiln launch desk-2-launch',
        TagSpecifications: [{ ResourceType: 'security-group', Tags: tags }],
      }),
    );
    const run = (tagged: boolean) =>
      ec2.send(
        new RunInstancesCommand({
          ImageId: AL2023,
          InstanceType: 't3.micro',
          MinCount: 1,
          MaxCount: 1,
          TagSpecifications: tagged ? [{ ResourceType: 'instance', Tags: tags }] : undefined,
        }),
      );
    made.groupId = group.GroupId!;
    made.instanceId = (await run(true)).Instances![0].InstanceId!;
    made.untaggedId = (await run(false)).Instances![0].InstanceId!;
  },
});

describe('kiln inventory', () => {
  it('--json prints the JSON export: the Kiln-tagged resources, one launch row, the total per day', async () => {
    const run = await runKiln(['inventory', '--json'], cli.home.env, 90_000);
    expect(run.code, run.stderr).toBe(0);
    const inventory = cliOutputs.inventory.parse(JSON.parse(run.stdout));
    expect(inventory.rows.map((r) => [r.kind, r.id]).sort()).toEqual(
      [
        ['launch', 'desk-2-launch'],
        ['instance', made.instanceId],
        ['security-group', made.groupId],
      ].sort(),
    );
    expect(inventory.rows.find((r) => r.kind === 'launch')).toMatchObject({ knownHere: false, state: 'running' });
    expect(inventory.totalCostPerDay).toBeGreaterThan(0);
  }, 120_000);

  it('--csv prints the CSV export, and a table by default', async () => {
    const csv = await runKiln(['inventory', '--csv'], cli.home.env, 90_000);
    expect(csv.code, csv.stderr).toBe(0);
    const records = csvObjects(csv.stdout);
    expect(records.map((r) => r.id).sort()).toEqual([made.groupId, made.instanceId, 'desk-2-launch'].sort());
    // The name starts with "=": a spreadsheet must read it as text.
    expect(records.find((r) => r.id === made.instanceId)?.name).toBe(`'=cmd, "quoted" name`);

    const table = await runKiln(['inventory'], cli.home.env, 90_000);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toContain(made.instanceId);
    expect(table.stdout).not.toContain(made.untaggedId);
    expect(table.stdout).toMatch(/1 launch, 1 instance, 1 security group; about \$\d+\.\d\d per day/);
  }, 180_000);

  it('refuses --json with --csv', async () => {
    const run = await runKiln(['inventory', '--json', '--csv'], cli.home.env, 60_000);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/two formats/);
  }, 90_000);
});
