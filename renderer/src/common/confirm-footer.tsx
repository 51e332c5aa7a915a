/** A dialog's footer: Cancel (kept from interrupting while the action runs) and the primary action that confirms. */
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import SpaceBetween from '@cloudscape-design/components/space-between';

export interface ConfirmFooterProps {
  /** The primary button's text, naming the action ("Scale", "Delete fleet"…). */
  confirmText: string;
  confirmTestId: string;
  onConfirm: () => void;
  onCancel: () => void;
  loading?: boolean;
  disabled?: boolean;
}

export function ConfirmFooter({
  confirmText,
  confirmTestId,
  onConfirm,
  onCancel,
  loading,
  disabled,
}: ConfirmFooterProps) {
  return (
    <Box float="right">
      <SpaceBetween direction="horizontal" size="xs">
        <Button variant="link" disabled={loading} onClick={onCancel}>
          Cancel
        </Button>
        <Button variant="primary" data-testid={confirmTestId} loading={loading} disabled={disabled} onClick={onConfirm}>
          {confirmText}
        </Button>
      </SpaceBetween>
    </Box>
  );
}
