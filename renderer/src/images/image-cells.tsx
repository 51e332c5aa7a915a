/** Cells of the Images table that say more than a value: the state with its progress, the launch, sealed. */
import Box from '@cloudscape-design/components/box';
import Link from '@cloudscape-design/components/link';
import { appHref, paths } from '../shell/routes';
import ProgressBar from '@cloudscape-design/components/progress-bar';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import type { KilnImage } from '../../../electron/common/models';
import { imageStateType } from '../common/image-state';
import { Visible } from '../common/visible';

export function ImageStateCell({ image }: { image: KilnImage }) {
  if (image.state === 'pending' && image.progress !== null) {
    return (
      <div data-testid="image-progress" data-value={image.progress}>
        <ProgressBar value={image.progress} description="pending: snapshots" ariaLabel={`${image.name} snapshots`} />
      </div>
    );
  }
  return (
    <span data-testid="image-state">
      <StatusIndicator type={imageStateType(image.state)}>{image.state}</StatusIndicator>
      {image.stateReason && (
        <Box variant="small" display="block" color="text-status-error">
          {image.stateReason}
        </Box>
      )}
    </span>
  );
}

export function ImageLaunchCell({
  launchId,
  launchName,
  onOpen,
}: {
  launchId: string | undefined;
  launchName: string | undefined;
  onOpen: (launchId: string) => void;
}) {
  if (!launchId) return <>–</>;
  if (launchName === undefined) {
    return (
      <span title="This workstation does not know this launch; Import from AWS on the Launches page may find it.">
        <Box variant="code">{launchId}</Box>
      </span>
    );
  }
  return (
    <Link
      data-testid="image-launch-link"
      href={appHref(paths.launch(launchId))}
      onFollow={(event) => {
        event.preventDefault();
        onOpen(launchId);
      }}
    >
      <Visible text={launchName} />
    </Link>
  );
}

export function sealedText(sealed: boolean | null): string {
  return sealed === null ? 'unknown' : sealed ? 'yes' : 'no';
}
