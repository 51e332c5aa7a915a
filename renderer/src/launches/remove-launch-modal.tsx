/** Asks before removing a terminated launch from this workstation (its record and install log). Presentational. */
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Modal from '@cloudscape-design/components/modal';
import SpaceBetween from '@cloudscape-design/components/space-between';
import type { LaunchRecord } from '../../../electron/common/models';
import type { KilnError } from '../../../electron/common/result';
import { ErrorAlert } from '../common/error-alert';
import { Visible } from '../common/visible';

export interface RemoveLaunchModalProps {
  record: LaunchRecord;
  loading: boolean;
  error: KilnError | undefined;
  onConfirm: () => void;
  onDismiss: () => void;
}

export function RemoveLaunchModal({ record, loading, error, onConfirm, onDismiss }: RemoveLaunchModalProps) {
  return (
    <Modal
      visible
      header="Remove launch from the list?"
      closeAriaLabel="Close dialog"
      onDismiss={() => {
        if (!loading) onDismiss();
      }}
      footer={
        <Box float="right">
          <SpaceBetween direction="horizontal" size="xs">
            <Button variant="link" disabled={loading} onClick={onDismiss}>
              Cancel
            </Button>
            <Button variant="primary" data-testid="confirm-remove-button" loading={loading} onClick={onConfirm}>
              Remove
            </Button>
          </SpaceBetween>
        </Box>
      }
    >
      <SpaceBetween size="m">
        <Box variant="p">
          Kiln deletes its record of{' '}
          <strong>
            <Visible text={record.spec.name} />
          </strong>{' '}
          and the install log kept on this workstation. The instance is already terminated; nothing changes in AWS.
        </Box>
        {error && <ErrorAlert error={error} header="The launch was not removed" />}
      </SpaceBetween>
    </Modal>
  );
}
