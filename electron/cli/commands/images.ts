/** `kiln images` and `kiln image deregister`: the Kiln-baked images of a profile, as the Images page lists them. */
import type { KilnImage } from '../../common/models';
import { CliExit, EXIT, type CliContext } from '../cli-context';
import { cliOutputs } from '../output-schemas';
import { renderTable } from '../table';

export async function imagesCommand(context: CliContext): Promise<number> {
  const images = await context.must('images.baked', { profileId: await context.profileId() });
  if (context.json) context.printJson(cliOutputs.images, images);
  else if (images.length === 0) context.note('No Kiln-baked images.');
  else
    context.out(
      renderTable<KilnImage>(
        images,
        [
          { header: 'IMAGE', value: (i) => i.imageId, minWidth: 12 },
          { header: 'NAME', value: (i) => i.name, minWidth: 8 },
          { header: 'REGION', value: (i) => i.region },
          {
            header: 'STATE',
            value: (i) => (i.progress !== null && i.state === 'pending' ? `pending ${i.progress}%` : i.state),
          },
          { header: 'SEALED', value: (i) => (i.sealed === null ? '-' : i.sealed ? 'yes' : 'no') },
          { header: 'FROM LAUNCH', value: (i) => i.launchId ?? '-' },
          { header: 'CREATED', value: (i) => i.createdAt?.replace('T', ' ').slice(0, 19) ?? '-' },
        ],
        context.width,
      ),
    );
  return EXIT.ok;
}

export async function imageDeregisterCommand(
  context: CliContext,
  imageId: string,
  options: { region?: string },
): Promise<number> {
  const profileId = await context.profileId();
  let region = options.region;
  if (!region) {
    const image = (await context.must('images.baked', { profileId })).find((i) => i.imageId === imageId);
    if (!image)
      throw new CliExit(EXIT.refused, {
        code: 'ImageNotFound',
        message: `${imageId} is not among the Kiln-baked images of profile ${profileId}.`,
        remedy: 'Run `kiln images`, or pass --region for an image Kiln does not list.',
      });
    region = image.region;
  }
  const result = await context.must('images.deregister', { profileId, region, imageId });
  if (context.json) context.printJson(cliOutputs.imageDeregister, result);
  else {
    context.out(
      `Deregistered ${result.imageId}; deleted snapshots: ${result.deletedSnapshotIds.join(', ') || 'none'}\n`,
    );
    for (const kept of result.keptSnapshots) context.note(`kept ${kept.snapshotId}: ${kept.reason}`);
  }
  return EXIT.ok;
}
