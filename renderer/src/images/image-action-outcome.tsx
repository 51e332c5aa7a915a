/** What a copy or a deregistration did; snapshots AWS kept are a warning that points to the Cleanup page. Presentational. */
import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import Link from '@cloudscape-design/components/link';
import SpaceBetween from '@cloudscape-design/components/space-between';
import { appHref, paths } from '../shell/routes';
import type { ImageActionOutcome } from './use-image-actions';

export function ImageActionOutcomeAlerts({
  outcome,
  onDismiss,
  onOpenCleanup,
}: {
  outcome: ImageActionOutcome;
  onDismiss: () => void;
  onOpenCleanup?: () => void;
}) {
  if (outcome.kind === 'copied') {
    return (
      <Alert
        type="success"
        dismissible
        onDismiss={onDismiss}
        data-testid="copy-result"
        i18nStrings={{ dismissAriaLabel: 'Dismiss' }}
      >
        Copying {outcome.source.name} to {outcome.copy.region} as {outcome.copy.imageId}; the new row shows its
        progress.
      </Alert>
    );
  }
  const { image, deletedSnapshotIds, keptSnapshots } = outcome;
  return (
    <SpaceBetween size="s">
      <Alert
        type="success"
        dismissible
        onDismiss={onDismiss}
        data-testid="deregister-result"
        i18nStrings={{ dismissAriaLabel: 'Dismiss' }}
      >
        <Box variant="p">
          Deregistered {image.name} ({image.imageId}) in {image.region}.{' '}
          {deletedSnapshotIds.length === 0
            ? 'No snapshot was deleted.'
            : `Deleted ${deletedSnapshotIds.length === 1 ? 'its snapshot' : 'its snapshots'} ${deletedSnapshotIds.join(', ')}.`}
        </Box>
      </Alert>
      {keptSnapshots.length > 0 && (
        <Alert type="warning" header="Some snapshots were kept, and still cost storage" data-testid="deregister-kept">
          <SpaceBetween size="xs">
            <ul className="kiln-plain-list">
              {keptSnapshots.map((kept) => (
                <li key={kept.snapshotId}>
                  <code>{kept.snapshotId}</code>: {kept.reason}
                </li>
              ))}
            </ul>
            <Box variant="p">
              Delete them once nothing uses them, from the{' '}
              {onOpenCleanup ? (
                <Link
                  href={appHref(paths.cleanup)}
                  onFollow={(event) => {
                    event.preventDefault();
                    onOpenCleanup();
                  }}
                >
                  Cleanup page
                </Link>
              ) : (
                'Cleanup page'
              )}{' '}
              or the EC2 console.
            </Box>
          </SpaceBetween>
        </Alert>
      )}
    </SpaceBetween>
  );
}
