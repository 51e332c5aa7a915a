/** Asks before deregistering an image: it cannot be launched any more, and these snapshots are deleted. Presentational. */
import Box from '@cloudscape-design/components/box';
import Modal from '@cloudscape-design/components/modal';
import SpaceBetween from '@cloudscape-design/components/space-between';
import type { KilnImage } from '../../../electron/common/models';
import type { KilnError } from '../../../electron/common/result';
import { ErrorAlert } from '../common/error-alert';
import { formatUsd } from '../common/format';
import { ConfirmFooter } from '../common/confirm-footer';

export interface DeregisterModalProps {
  image: KilnImage;
  loading: boolean;
  error: KilnError | undefined;
  onConfirm: () => void;
  onDismiss: () => void;
}

export function DeregisterModal({ image, loading, error, onConfirm, onDismiss }: DeregisterModalProps) {
  return (
    <Modal
      visible
      data-testid="deregister-modal"
      header={`Deregister ${image.name}?`}
      onDismiss={() => {
        if (!loading) onDismiss();
      }}
      footer={
        <ConfirmFooter
          confirmText="Deregister and delete snapshots"
          confirmTestId="deregister-confirm"
          onConfirm={onConfirm}
          onCancel={onDismiss}
          loading={loading}
        />
      }
    >
      <SpaceBetween size="m">
        <Box variant="p">
          Kiln deregisters {image.imageId} in {image.region}: it cannot be launched any more, and instances already
          launched from it keep running. Then it deletes the image&apos;s snapshots, which saves about{' '}
          {formatUsd(image.usdPerMonth)} per month. This cannot be undone.
        </Box>
        <div data-testid="deregister-snapshots">
          <Box variant="awsui-key-label">
            {image.snapshotIds.length === 0
              ? 'The image has no snapshots to delete.'
              : `Snapshots that will be deleted (${image.snapshotIds.length})`}
          </Box>
          <ul className="kiln-plain-list">
            {image.snapshotIds.map((id) => (
              <li key={id}>
                <code>{id}</code>
              </li>
            ))}
          </ul>
        </div>
        {error && <ErrorAlert error={error} header="The image was not deregistered" />}
      </SpaceBetween>
    </Modal>
  );
}
