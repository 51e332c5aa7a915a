/** Asks before Cancel throws a filled wizard away. Presentational. */
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Modal from '@cloudscape-design/components/modal';
import SpaceBetween from '@cloudscape-design/components/space-between';

export interface DiscardLaunchModalProps {
  visible: boolean;
  onKeep: () => void;
  onDiscard: () => void;
}

export function DiscardLaunchModal({ visible, onKeep, onDiscard }: DiscardLaunchModalProps) {
  return (
    <Modal
      visible={visible}
      header="Discard this launch?"
      closeAriaLabel="Close"
      onDismiss={onKeep}
      footer={
        <Box float="right">
          <SpaceBetween direction="horizontal" size="xs">
            <Button variant="link" onClick={onKeep}>
              Keep editing
            </Button>
            <Button variant="primary" data-testid="discard-launch-button" onClick={onDiscard}>
              Discard
            </Button>
          </SpaceBetween>
        </Box>
      }
    >
      <Box variant="p">
        What you filled in is not kept. To reuse it later, go to the Review step and save it as a preset first.
      </Box>
    </Modal>
  );
}
