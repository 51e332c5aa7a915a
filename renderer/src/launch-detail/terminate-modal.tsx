/** Asks before terminating: what goes away, and that it cannot be undone. Presentational. */
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Modal from '@cloudscape-design/components/modal';
import SpaceBetween from '@cloudscape-design/components/space-between';
import type { KilnError } from '../../../electron/common/result';
import { ErrorAlert } from '../common/error-alert';

export interface TerminateModalProps {
  visible: boolean;
  name: string;
  instanceId: string | undefined;
  loading: boolean;
  error: KilnError | undefined;
  onConfirm(): void;
  onDismiss(): void;
}

export function TerminateModal(props: TerminateModalProps) {
  const { visible, name, instanceId, loading, error } = props;
  return (
    <Modal
      visible={visible}
      header="Terminate instance?"
      onDismiss={() => {
        if (!loading) props.onDismiss();
      }}
      footer={
        <Box float="right">
          <SpaceBetween direction="horizontal" size="xs">
            <Button variant="link" disabled={loading} onClick={props.onDismiss}>
              Cancel
            </Button>
            <Button variant="primary" data-testid="confirm-terminate-button" loading={loading} onClick={props.onConfirm}>
              Terminate
            </Button>
          </SpaceBetween>
        </Box>
      }
    >
      <SpaceBetween size="m">
        <Box variant="p">
          Terminate <strong>{name}</strong>
          {instanceId ? ` (${instanceId})` : ''} and delete the security group Kiln created for it? Whatever is on the
          instance and not saved elsewhere is lost; this cannot be undone.
        </Box>
        {error && <ErrorAlert error={error} header="The instance was not terminated" />}
      </SpaceBetween>
    </Modal>
  );
}
