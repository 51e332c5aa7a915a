/**
 * Save as AMI from the command line: seals and images a launch whose install succeeded (the app's bake.start) and
 * waits, watching the launch's bake, until every image and copy is available or the bake fails.
 */
import type { BakedImage, LaunchRecord } from '../common/models';
import { CliExit, EXIT, type CliContext } from './cli-context';

/** Seals and images a launch whose install succeeded; resolves once every image is available. */
export async function bakeLaunch(
  context: CliContext,
  record: LaunchRecord,
  options: { imageName: string; copyTo: string[]; onImages?: (images: BakedImage[]) => void },
): Promise<BakedImage[]> {
  const backend = await context.backend();
  const started = await context.must('bake.start', {
    request: { launchId: record.id, name: options.imageName, copyToRegions: options.copyTo },
  });
  const bakeId = started.bakes!.at(-1)!.id;
  context.note(`kiln: sealing and imaging ${record.id} as "${options.imageName}"`);
  let lastPhase = '';
  return new Promise<BakedImage[]>((resolve, reject) => {
    let checking = false;
    const check = async () => {
      if (checking) return;
      checking = true;
      try {
        const current = (await context.must('launch.list', {})).find((r) => r.id === record.id);
        const bake = current?.bakes?.find((b) => b.id === bakeId);
        if (!bake) throw new CliExit(EXIT.failure, { code: 'BakeLost', message: `The bake of ${record.id} is gone.` });
        options.onImages?.(bake.images);
        if (bake.phase !== lastPhase) {
          lastPhase = bake.phase;
          const progress = bake.images.map((i) => `${i.imageId} ${i.region} ${i.state}`).join(', ');
          context.note(`kiln: bake ${bake.phase}${progress ? ` · ${progress}` : ''}`);
        }
        if (bake.phase === 'available') finish(() => resolve(bake.images));
        if (bake.phase === 'failed')
          finish(() =>
            reject(new CliExit(EXIT.failure, bake.error ?? { code: 'BakeFailed', message: 'The bake failed.' })),
          );
      } catch (error) {
        finish(() => reject(error instanceof Error ? error : new Error(String(error))));
      } finally {
        checking = false;
      }
    };
    const unsubscribe = backend.subscribe((event, payload) => {
      if ((event === 'launch.updated' && (payload as LaunchRecord).id === record.id) || event === 'images.updated')
        void check();
    });
    const timer = setInterval(() => void check(), 2_000);
    const finish = (then: () => void) => {
      clearInterval(timer);
      unsubscribe();
      then();
    };
    void check();
  });
}
