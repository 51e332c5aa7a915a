/** The Images page's row actions that change AWS: Copy to region and Deregister, each behind its modal. */
import { useState } from 'react';
import type { KilnImage } from '../../../electron/common/models';
import { useCommand } from '../common/use-command';
import type { BakedImagesState } from './use-baked-images';

/** What the last action did, shown above the table until dismissed. */
export type ImageActionOutcome =
  | { kind: 'copied'; source: KilnImage; copy: KilnImage }
  | {
      kind: 'deregistered';
      image: KilnImage;
      deletedSnapshotIds: string[];
      keptSnapshots: { snapshotId: string; reason: string }[];
    };

export function useImageActions(profileId: string | undefined, images: Pick<BakedImagesState, 'add' | 'remove'>) {
  const copyCommand = useCommand('images.copy');
  const deregisterCommand = useCommand('images.deregister');
  const [copying, setCopying] = useState<KilnImage>();
  const [deregistering, setDeregistering] = useState<KilnImage>();
  const [outcome, setOutcome] = useState<ImageActionOutcome>();

  async function copy(targetRegion: string) {
    const source = copying;
    if (!source || !profileId) return;
    const result = await copyCommand.run({ profileId, region: source.region, imageId: source.imageId, targetRegion });
    if (!result.ok) return;
    images.add(result.value);
    setOutcome({ kind: 'copied', source, copy: result.value });
    setCopying(undefined);
  }

  async function deregister() {
    const image = deregistering;
    if (!image || !profileId) return;
    const result = await deregisterCommand.run({ profileId, region: image.region, imageId: image.imageId });
    if (!result.ok) return;
    images.remove(image.imageId);
    setOutcome({
      kind: 'deregistered',
      image,
      deletedSnapshotIds: result.value.deletedSnapshotIds,
      keptSnapshots: result.value.keptSnapshots,
    });
    setDeregistering(undefined);
  }

  return {
    copying,
    openCopy: (image: KilnImage) => {
      copyCommand.clearError();
      setCopying(image);
    },
    closeCopy: () => setCopying(undefined),
    copy: (targetRegion: string) => void copy(targetRegion),
    copyLoading: copyCommand.loading,
    copyError: copyCommand.error,
    deregistering,
    openDeregister: (image: KilnImage) => {
      deregisterCommand.clearError();
      setDeregistering(image);
    },
    closeDeregister: () => setDeregistering(undefined),
    deregister: () => void deregister(),
    deregisterLoading: deregisterCommand.loading,
    deregisterError: deregisterCommand.error,
    outcome,
    dismissOutcome: () => setOutcome(undefined),
  };
}
