/**
 * Save as AMI: the dialog that asks for the image's name and options, reviews what will be created, and starts the
 * bake. On start it closes; the launch page shows the progress.
 */
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Modal from '@cloudscape-design/components/modal';
import SpaceBetween from '@cloudscape-design/components/space-between';
import type { LaunchRecord } from '../../../../electron/common/models';
import { ErrorAlert } from '../../common/error-alert';
import { BakeFields } from './bake-fields';
import { BakeReview } from './bake-review';
import { useBakeDialog } from './use-bake-dialog';

export interface BakeDialogProps {
  record: LaunchRecord;
  /** bake.start answered: the record with the new bake. */
  onStarted: (record: LaunchRecord) => void;
  onDismiss: () => void;
  /** How long typing must pause before the review is asked for again (tests shorten it). */
  previewDelayMs?: number;
}

/** Mount it only while open: every opening starts from a fresh form. */
export function BakeDialog({ record, onStarted, onDismiss, previewDelayMs }: BakeDialogProps) {
  const dialog = useBakeDialog(record, onStarted, previewDelayMs);
  const { form } = dialog;
  return (
    <Modal
      visible
      size="large"
      data-testid="bake-dialog"
      header={`Save ${record.spec.name} as an AMI`}
      onDismiss={() => {
        if (!dialog.starting) onDismiss();
      }}
      footer={
        <Box float="right">
          <SpaceBetween direction="horizontal" size="xs">
            <Button variant="link" data-testid="bake-cancel" disabled={dialog.starting} onClick={onDismiss}>
              Cancel
            </Button>
            <Button
              variant="primary"
              data-testid="bake-start"
              disabled={!dialog.canStart}
              loading={dialog.starting}
              onClick={dialog.start}
            >
              {dialog.sealFailed ? 'Try again' : 'Save as AMI'}
            </Button>
          </SpaceBetween>
        </Box>
      }
    >
      <SpaceBetween size="l">
        <BakeFields
          form={form}
          errors={dialog.errors}
          onChange={dialog.edit}
          regions={dialog.regions}
          windows={dialog.windows}
        />
        {dialog.startError && (
          <ErrorAlert testId="bake-start-error" error={dialog.startError} header="The image was not started" />
        )}
        <BakeReview
          preview={dialog.preview}
          copies={form.copyToRegions.length}
          needsUnsealedConsent={dialog.needsUnsealedConsent}
          allowUnsealed={form.allowUnsealed}
          onAllowUnsealed={(allowUnsealed) => dialog.edit({ allowUnsealed })}
        />
      </SpaceBetween>
    </Modal>
  );
}
