/**
 * `kiln bake`: the unattended image pipeline. Launch, follow the install, on success seal and image the instance
 * (the Save as AMI of the app: bake.start), wait until every image (and copy) is available, terminate the launch,
 * print the AMI id(s). On a failure or Ctrl-C it terminates the launch and deregisters whatever images it made, so
 * nothing it created is left behind.
 */
import type { BakedImage } from '../../common/models';
import { bakeLaunch } from '../bake-launch';
import { CliExit, EXIT, type CliContext } from '../cli-context';
import { onFirstInterrupt } from '../interrupt';
import { followLaunch } from '../launch-follow';
import { createLogPrinter } from '../log-printer';
import { cliOutputs } from '../output-schemas';
import { readLaunchSpec, settleInProcess, type LaunchOptions } from './launch';

export interface BakeOptions {
  spec?: string;
  preset?: string;
  name?: string;
  imageName: string;
  copyTo?: string[];
}

export async function bakeCommand(context: CliContext, options: BakeOptions): Promise<number> {
  const launchOptions: LaunchOptions = { spec: options.spec, preset: options.preset, name: options.name };
  const spec = await readLaunchSpec(context, launchOptions);
  if ((spec.advanced?.count ?? 1) > 1)
    throw new CliExit(EXIT.refused, {
      code: 'InvalidOption',
      message: 'kiln bake images one instance: leave out --count.',
    });
  // The image name is checked (taken, malformed) before anything is launched.
  const backend = await context.backend();
  const record = await context.must('launch.start', { spec }, EXIT.refused);
  const images: BakedImage[] = [];
  let cleaning = false;

  /** Terminates the launch and deregisters every image this run made: Packer's leaks are what this avoids. */
  const cleanUp = async () => {
    if (cleaning) return;
    cleaning = true;
    context.note(`kiln: cleaning up: terminating ${record.id} and deregistering the images it made`);
    // The instance goes first: once it is terminated no bake still under way can image it any more.
    const terminated = await backend.call('launch.terminate', { launchId: record.id });
    if (!terminated.ok) context.note(`kiln: could not terminate ${record.id}: ${terminated.error.message}`);
    await settleInProcess(context, [record.id]);
    const latest = (await context.must('launch.list', {})).find((r) => r.id === record.id);
    const known = [...images, ...(latest?.bakes?.flatMap((b) => b.images) ?? [])];
    for (const image of new Map(known.map((i) => [i.imageId, i])).values()) {
      if (!/^ami-/.test(image.imageId)) continue;
      const result = await backend.call('images.deregister', {
        profileId: record.spec.profileId,
        region: image.region,
        imageId: image.imageId,
      });
      if (result.ok) context.note(`kiln: deregistered ${image.imageId} (${image.region})`);
      else context.note(`kiln: could not deregister ${image.imageId}: ${result.error.message}`);
    }
  };

  const follower = followLaunch({
    backend,
    launchId: record.id,
    after: 0,
    sink: createLogPrinter(context, { logToStderr: true }),
  });
  onFirstInterrupt(() => {
    follower.stop();
    context.note('\nkiln: interrupted');
    setTimeout(() => process.exit(EXIT.interrupted), 120_000).unref();
    void cleanUp()
      .catch((error: unknown) => context.note(`kiln: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => void context.close().finally(() => process.exit(EXIT.interrupted)));
  });

  try {
    const done = await follower.done;
    if (done.outcome?.result !== 'success')
      throw new CliExit(EXIT.failure, {
        code: 'InstallFailed',
        message: `The install of ${record.id} did not succeed (${done.phase}); nothing was baked.`,
        remedy: `Read its log with: kiln logs ${record.id}`,
      });
    const baked = await bakeLaunch(context, done, {
      imageName: options.imageName,
      copyTo: options.copyTo ?? [],
      onImages: (list) => images.splice(0, images.length, ...list),
    });
    if (cleaning) return EXIT.interrupted;
    const terminated = await context.must('launch.terminate', { launchId: record.id });
    await settleInProcess(context, [record.id]);
    if (context.json)
      context.printJson(cliOutputs.bake, {
        launchId: record.id,
        images: baked.map((i) => ({ imageId: i.imageId, region: i.region, state: i.state })),
        terminated: terminated.phase === 'terminated' || terminated.phase === 'terminating',
      });
    else context.out(`${baked.map((i) => i.imageId).join('\n')}\n`);
    return EXIT.ok;
  } catch (error) {
    if (cleaning) return EXIT.interrupted;
    await cleanUp().catch((cleanupError: unknown) =>
      context.note(
        `kiln: clean-up failed: ${cleanupError instanceof Error ? cleanupError.message : String(cleanupError)}`,
      ),
    );
    throw error;
  }
}
