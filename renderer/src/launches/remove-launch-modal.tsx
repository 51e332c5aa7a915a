/** Asks before removing a terminated launch from this workstation (its record and install log). Presentational. */
import Box from '@cloudscape-design/components/box';
import Modal from '@cloudscape-design/components/modal';
import SpaceBetween from '@cloudscape-design/components/space-between';
import type { LaunchRecord } from '../../../electron/common/models';
import type { KilnError } from '../../../electron/common/result';
import { ErrorAlert } from '../common/error-alert';
import { Visible } from '../common/visible';
import { ConfirmFooter } from '../common/confirm-footer';

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
        <ConfirmFooter
          confirmText="Remove"
          confirmTestId="confirm-remove-button"
          onConfirm={onConfirm}
          onCancel={onDismiss}
          loading={loading}
        />
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
