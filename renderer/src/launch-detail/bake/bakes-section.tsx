/** Every Save as AMI of a launch, newest first, above the launch's tabs; the clock ticks while one runs. */
import SpaceBetween from '@cloudscape-design/components/space-between';
import type { LaunchRecord } from '../../../../electron/common/models';
import { useNow } from '../../common/use-now';
import type { ImageToLaunch } from '../../launch-wizard/launch-from-image';
import { BakeProgress } from './bake-progress';
import { FINAL_BAKE_PHASES } from './bake-steps';

export interface BakesSectionProps {
  record: LaunchRecord;
  onLaunchFromImage?: (image: ImageToLaunch) => void;
  onOpenImages?: () => void;
}

export function BakesSection({ record, onLaunchFromImage, onOpenImages }: BakesSectionProps) {
  const bakes = [...(record.bakes ?? [])].sort((a, b) => b.startedAt.localeCompare(a.startedAt));
  const running = bakes.some((bake) => !FINAL_BAKE_PHASES.includes(bake.phase));
  const now = useNow(1000, running);
  if (bakes.length === 0) return null;
  return (
    <div data-testid="bakes-section">
      <SpaceBetween size="m">
        {bakes.map((bake) => (
          <BakeProgress
            key={bake.id}
            bake={bake}
            now={now}
            onLaunchFromImage={
              onLaunchFromImage &&
              ((image) =>
                onLaunchFromImage({
                  profileId: record.spec.profileId,
                  region: image.region,
                  imageId: image.imageId,
                  name: bake.request.name,
                }))
            }
            onOpenImages={onOpenImages}
          />
        ))}
      </SpaceBetween>
    </div>
  );
}
