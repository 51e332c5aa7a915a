// `kiln bake` on the sandbox, as a CI job runs it: the AMI id on stdout, `kiln images` lists it, a launch from it
// works; `launch --on-success bake` does the same step after a followed install.
import { describe, expect, it } from 'vitest';
import type { LaunchSpecInput } from '../../../electron/common/models';
import { cliOutputs } from '../../../electron/cli/output-schemas';
import { waitFor } from '../../support/wait';
import { BAKE_SCRIPT, kilnInstances, runKiln, useKilnCli, writeSpecFile } from './kiln-cli';

const cli = useKilnCli({ sandbox: { pendingSeconds: 1, imageSeconds: 3, regions: ['us-east-1'] }, timeoutMs: 90_000 });

const specFile = (name: string, overrides: Partial<LaunchSpecInput> = {}) =>
  writeSpecFile(cli.home, name, { installScript: BAKE_SCRIPT, ...overrides });

describe('kiln bake', () => {
  it('prints only the AMI id, which kiln images lists and a second launch boots with the install in place', async () => {
    const run = await runKiln(
      ['bake', '--spec', await specFile('bake-src'), '--image-name', 'cli-baked-one'],
      cli.home.env,
      150_000,
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^ami-[0-9a-f]+\n$/);
    const imageId = run.stdout.trim();
    expect(run.stderr).toMatch(/^installed$/m);

    const images = cliOutputs.images.parse(JSON.parse((await runKiln(['images', '--json'], cli.home.env)).stdout));
    expect(images.find((i) => i.imageId === imageId)).toMatchObject({
      name: 'cli-baked-one',
      state: 'available',
      sealed: true,
    });
    // The build instance is gone, and so is its security group.
    await waitFor('the build instance to be terminated', async () =>
      (await kilnInstances(cli.ec2)).every((i) => i.State?.Name === 'terminated'),
    );

    const again = await runKiln(
      [
        'launch',
        '--spec',
        await specFile('from-baked', { imageId, installScript: 'cat "$KILN_ROOT/app/hello.txt"' }),
        '--follow',
        '--on-success',
        'terminate',
      ],
      cli.home.env,
      120_000,
    );
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toBe('baked app\n');

    const deregistered = await runKiln(['image', 'deregister', imageId, '--json'], cli.home.env);
    expect(deregistered.code, deregistered.stderr).toBe(0);
    expect(cliOutputs.imageDeregister.parse(JSON.parse(deregistered.stdout))).toMatchObject({
      imageId,
      keptSnapshots: [],
    });
    const left = cliOutputs.images.parse(JSON.parse((await runKiln(['images', '--json'], cli.home.env)).stdout));
    expect(left.map((i) => i.imageId)).not.toContain(imageId);
  }, 300_000);

  it('launch --follow --on-success bake images the instance and reports the AMI in its JSON', async () => {
    const run = await runKiln(
      [
        'launch',
        '--spec',
        await specFile('bake-after'),
        '--follow',
        '--on-success',
        'bake',
        '--image-name',
        'cli-after',
        '--json',
      ],
      cli.home.env,
      150_000,
    );
    expect(run.code, run.stderr).toBe(0);
    const output = cliOutputs.launch.parse(JSON.parse(run.stdout));
    expect(output.after).toEqual([
      {
        launchId: output.launches[0].id,
        action: 'bake',
        ok: true,
        message: expect.stringMatching(/^ami-[0-9a-f]+$/) as string,
      },
    ]);
    const images = cliOutputs.images.parse(JSON.parse((await runKiln(['images', '--json'], cli.home.env)).stdout));
    expect(images.find((i) => i.imageId === output.after[0].message)).toMatchObject({
      name: 'cli-after',
      state: 'available',
    });
    // --on-success bake keeps the instance (terminate is a separate choice).
    expect(output.launches[0].instanceState).toBe('running');
    expect((await runKiln(['terminate', output.launches[0].id], cli.home.env)).code).toBe(0);
  }, 200_000);
});
