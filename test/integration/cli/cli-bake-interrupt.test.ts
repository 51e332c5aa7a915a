// Ctrl-C during `kiln bake`, in the install and while the image is being made: the command exits 130 and leaves
// nothing of Kiln's behind in moto (instance terminated, security group deleted, no image). Images stay pending for
// 8 s here so that the second interrupt lands while one exists.
import { DescribeImagesCommand, DescribeSecurityGroupsCommand } from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import type { LaunchSpecInput } from '../../../electron/common/models';
import { cliOutputs } from '../../../electron/cli/output-schemas';
import { waitFor } from '../../support/wait';
import { BAKE_SCRIPT, kilnInstances, runKiln, startKiln, useKilnCli, writeSpecFile } from './kiln-cli';

const cli = useKilnCli({ sandbox: { pendingSeconds: 1, imageSeconds: 8, regions: ['us-east-1'] }, timeoutMs: 90_000 });

const specFile = (name: string, overrides: Partial<LaunchSpecInput> = {}) =>
  writeSpecFile(cli.home, name, { installScript: BAKE_SCRIPT, ...overrides });

const kilnGroups = async () =>
  (
    await cli.ec2.send(
      new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'tag-key', Values: ['kiln:launch-id'] }] }),
    )
  ).SecurityGroups ?? [];
const ownImages = async () => (await cli.ec2.send(new DescribeImagesCommand({ Owners: ['self'] }))).Images ?? [];

describe('Ctrl-C during kiln bake', () => {
  it('Ctrl-C during the install terminates the launch and leaves no Kiln resource behind', async () => {
    const imagesBefore = (await ownImages()).map((i) => i.ImageId).sort();
    const kiln = startKiln(
      [
        'bake',
        '--spec',
        await specFile('bake-cancel', { installScript: 'echo started\nsleep 120' }),
        '--image-name',
        'cli-never',
      ],
      cli.home.env,
      150_000,
    );
    await waitFor('the install to start', () => kiln.stderr.includes('started'), 90_000);
    kiln.child.kill('SIGINT');
    const run = await kiln.done;
    expect(run.code, run.stderr).toBe(130);
    expect(run.stdout).toBe('');
    await waitFor(
      'every Kiln instance to be terminated and every Kiln security group deleted',
      async () =>
        (await kilnInstances(cli.ec2)).every((i) => i.State?.Name === 'terminated') &&
        (await kilnGroups()).length === 0,
      60_000,
      500,
    );
    expect((await ownImages()).map((i) => i.ImageId).sort()).toEqual(imagesBefore);
    const list = cliOutputs.list.parse(JSON.parse((await runKiln(['list', '--json'], cli.home.env)).stdout));
    expect(list.find((l) => l.name === 'bake-cancel')?.phase).toBe('terminated');
  }, 240_000);

  it('Ctrl-C while the image is pending deregisters it and terminates the instance', async () => {
    const imagesBefore = (await ownImages()).map((i) => i.ImageId).sort();
    const kiln = startKiln(
      ['bake', '--spec', await specFile('bake-cancel-image'), '--image-name', 'cli-cancelled'],
      cli.home.env,
      150_000,
    );
    await waitFor('the image to be pending', () => /kiln: bake pending · ami-/.test(kiln.stderr), 120_000);
    expect((await ownImages()).length).toBe(imagesBefore.length + 1);
    kiln.child.kill('SIGINT');
    const run = await kiln.done;
    expect(run.code, run.stderr).toBe(130);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/deregistered ami-/);
    await waitFor(
      'every Kiln instance to be terminated and every Kiln security group deleted',
      async () =>
        (await kilnInstances(cli.ec2)).every((i) => i.State?.Name === 'terminated') &&
        (await kilnGroups()).length === 0,
      60_000,
      500,
    );
    expect((await ownImages()).map((i) => i.ImageId).sort()).toEqual(imagesBefore);
  }, 200_000);
});
