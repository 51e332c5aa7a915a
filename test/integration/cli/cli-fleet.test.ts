// The built `kiln fleet` on the sandbox (its Auto Scaling engine ticks every second here): create --dry-run prints the
// plan and creates nothing, a refused spec exits 2, create, list, scale, rollout --wait (the refresh's progress to
// 100 %, launching replacements first) and delete, each with its documented JSON; nothing of the fleet is left in moto after delete.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { AutoScalingClient, DescribeInstanceRefreshesCommand } from '@aws-sdk/client-auto-scaling';
import { DescribeImagesCommand, DescribeSubnetsCommand } from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { cliOutputs } from '../../../electron/cli/output-schemas';
import { SANDBOX_PROFILE_ID } from '../../../electron/core/profiles/sandbox-profile';
import { runKiln, useKilnCli } from './kiln-cli';

let autoscaling: AutoScalingClient;
const cli = useKilnCli({
  sandbox: { pendingSeconds: 1, regions: ['us-west-2'], moto: { scalingSeconds: 1 } },
  timeoutMs: 180_000,
  setup: async ({ client }) => {
    autoscaling = client(AutoScalingClient);
  },
});

async function specFile(name: string, overrides: Record<string, unknown> = {}): Promise<string> {
  const subnets = (await cli.ec2.send(new DescribeSubnetsCommand({}))).Subnets ?? [];
  const file = path.join(cli.home.dir, `${name}.json`);
  await writeFile(
    file,
    JSON.stringify({
      profileId: SANDBOX_PROFILE_ID,
      region: 'us-east-1',
      name,
      imageId: 'ami-0ed094fb1304fd857',
      instanceType: 't3.micro',
      subnetIds: [subnets[0].SubnetId],
      capacity: { min: 1, desired: 1, max: 3 },
      ...overrides,
    }),
  );
  return file;
}

describe('kiln fleet', () => {
  it('creates, lists, scales, rolls out and deletes a fleet', async () => {
    const refused = await runKiln(
      ['fleet', 'create', '--spec', await specFile('bad', { capacity: { min: 3, desired: 1, max: 2 } })],
      cli.home.env,
    );
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('min ≤ desired ≤ max');

    const spec = await specFile('cli-fleet');
    const dry = await runKiln(['fleet', 'create', '--spec', spec, '--dry-run', '--json'], cli.home.env);
    expect(dry.code, dry.stderr).toBe(0);
    expect(cliOutputs.fleetPlan.parse(JSON.parse(dry.stdout)).resources.map((r) => r.kind)).toEqual([
      'security-group',
      'launch-template',
      'auto-scaling-group',
      'scaling-policy',
    ]);
    expect(
      cliOutputs.fleets.parse(JSON.parse((await runKiln(['fleet', 'list', '--json'], cli.home.env)).stdout)),
    ).toEqual([]);

    const created = await runKiln(['fleet', 'create', '--spec', spec, '--json'], cli.home.env, 120_000);
    expect(created.code, created.stderr).toBe(0);
    const fleet = cliOutputs.fleet.parse(JSON.parse(created.stdout));
    expect(fleet.state).toBe('active');

    const scaled = await runKiln(['fleet', 'scale', 'cli-fleet', '--desired', '2', '--json'], cli.home.env);
    expect(cliOutputs.fleet.parse(JSON.parse(scaled.stdout)).spec.capacity).toEqual({ min: 1, desired: 2, max: 3 });
    const [listed] = cliOutputs.fleets.parse(
      JSON.parse((await runKiln(['fleet', 'list', '--json'], cli.home.env)).stdout),
    );
    expect(listed?.status?.instances).toHaveLength(2);

    const images = await cli.ec2.send(
      new DescribeImagesCommand({
        Owners: ['amazon'],
        Filters: [
          { Name: 'architecture', Values: ['x86_64'] },
          { Name: 'name', Values: ['al2023-ami-2023*'] },
        ],
      }),
    );
    const other = images.Images!.find((i) => i.ImageId !== 'ami-0ed094fb1304fd857')!.ImageId!;
    const rolled = await runKiln(
      ['fleet', 'rollout', fleet.id, '--image', other, '--launch-first', '--wait', '--json'],
      cli.home.env,
      120_000,
    );
    expect(rolled.code, rolled.stderr).toBe(0);
    expect(cliOutputs.fleetRollout.parse(JSON.parse(rolled.stdout)).refresh).toMatchObject({
      status: 'Successful',
      percentage: 100,
    });
    expect(rolled.stderr).toContain('cli-fleet: Successful 100%');
    // --launch-first: Auto Scaling was asked to launch each replacement before terminating (max healthy 200 %).
    const [refresh] =
      (
        await autoscaling.send(
          new DescribeInstanceRefreshesCommand({
            AutoScalingGroupName: fleet.resources.find((r) => r.kind === 'auto-scaling-group')!.id,
          }),
        )
      ).InstanceRefreshes ?? [];
    expect(refresh?.Preferences).toMatchObject({ MinHealthyPercentage: 100, MaxHealthyPercentage: 200 });
    const bothChoices = await runKiln(
      ['fleet', 'rollout', fleet.id, '--image', other, '--launch-first', '--min-healthy', '50'],
      cli.home.env,
    );
    expect(bothChoices.code).toBe(2);
    expect(bothChoices.stderr).toContain('leave --min-healthy out');

    const table = await runKiln(['fleet', 'list'], cli.home.env);
    expect(table.stdout).toContain('cli-fleet');
    expect(table.stdout).toContain('1/2/3');

    const deleted = await runKiln(['fleet', 'delete', 'cli-fleet', '--json'], cli.home.env, 120_000);
    expect(cliOutputs.fleet.parse(JSON.parse(deleted.stdout)).state).toBe('deleted');
    expect(
      cliOutputs.fleets.parse(JSON.parse((await runKiln(['fleet', 'list', '--json'], cli.home.env)).stdout)),
    ).toEqual([]);
    const missing = await runKiln(['fleet', 'delete', 'cli-fleet'], cli.home.env);
    expect(missing.code).toBe(2);
  }, 300_000);
});
