/**
 * Restore from a snapshot: both methods side by side with what each does to the instance id, the IP address and
 * what is left behind (the backend's preview), then the restore with its steps as they run, and its outcome.
 */
import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Modal from '@cloudscape-design/components/modal';
import RadioGroup from '@cloudscape-design/components/radio-group';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator, { type StatusIndicatorProps } from '@cloudscape-design/components/status-indicator';
import { useState } from 'react';
import type {
  LaunchRecord,
  LaunchSnapshot,
  RestoreMethod,
  RestoreMethodPreview,
  RestoreStep,
} from '../../../electron/common/models';
import { ErrorAlert } from '../common/error-alert';
import { formatDateTime } from '../common/format';
import { useRestore } from './use-snapshots';

const STEP_VIEW: Record<RestoreStep['state'], StatusIndicatorProps.Type> = {
  running: 'in-progress',
  done: 'success',
  failed: 'error',
  'rolled-back': 'stopped',
};

export function RestoreDialog(props: { record: LaunchRecord; snapshot: LaunchSnapshot; onDismiss: () => void }) {
  const { record, snapshot } = props;
  const restore = useRestore(record.id, snapshot.snapshotId);
  const [method, setMethod] = useState<RestoreMethod>('image');
  const [started, setStarted] = useState(false);
  const chosen = restore.preview?.methods.find((m) => m.method === method);
  const progress = started && record.restore?.snapshotId === snapshot.snapshotId ? record.restore : undefined;

  return (
    <Modal
      visible
      size="large"
      data-testid="restore-dialog"
      header={`Restore ${record.spec.name} from ${snapshot.snapshotId}`}
      onDismiss={() => !restore.restoring && props.onDismiss()}
      footer={
        <Box float="right">
          <SpaceBetween direction="horizontal" size="xs">
            <Button variant="link" disabled={restore.restoring} onClick={props.onDismiss}>
              {restore.result ? 'Close' : 'Cancel'}
            </Button>
            {!restore.result && (
              <Button
                data-testid="restore-confirm"
                variant="primary"
                loading={restore.restoring}
                disabled={!chosen || chosen.refusal !== undefined}
                onClick={() => {
                  setStarted(true);
                  restore.restore(method);
                }}
              >
                Restore
              </Button>
            )}
          </SpaceBetween>
        </Box>
      }
    >
      <SpaceBetween size="m">
        <Box variant="p">
          The snapshot is from {formatDateTime(snapshot.startTime)}: everything written after that is not in it.
        </Box>
        {restore.previewLoading && <StatusIndicator type="loading">Reading the instance</StatusIndicator>}
        {restore.previewError && <ErrorAlert error={restore.previewError} header="This snapshot cannot be restored" />}
        {restore.preview && (
          <RadioGroup
            data-testid="restore-method"
            value={method}
            onChange={({ detail }) => setMethod(detail.value as RestoreMethod)}
            items={restore.preview.methods.map((m) => ({
              value: m.method,
              label: m.title,
              description: m.instanceId === 'new' ? 'New instance id' : 'Same instance id',
              disabled: started,
            }))}
          />
        )}
        {chosen && <MethodDetails preview={chosen} />}
        {progress && (
          <ul data-testid="restore-steps" aria-label="Restore steps">
            {progress.steps.map((step, index) => (
              <li key={index} data-state={step.state}>
                <StatusIndicator type={STEP_VIEW[step.state]}>{step.title}</StatusIndicator>
                {step.detail && <Box variant="small"> {step.detail}</Box>}
              </li>
            ))}
          </ul>
        )}
        {restore.restoreError && (
          <ErrorAlert testId="restore-error" error={restore.restoreError} header="The restore failed" />
        )}
        {restore.result && (
          <Alert type="success" data-testid="restore-done" header="Restored">
            {restore.result.method === 'image'
              ? `The replacement ${restore.result.instanceId} runs as a new launch; ${record.instanceId} keeps running until you terminate it.`
              : `${restore.result.instanceId} runs on the restored volume; the old root volume ${restore.result.retiredVolumeId ?? ''} is kept until the launch is terminated.`}
          </Alert>
        )}
      </SpaceBetween>
    </Modal>
  );
}

function MethodDetails({ preview }: { preview: RestoreMethodPreview }) {
  return (
    <div data-testid="restore-method-details" data-method={preview.method}>
      {preview.refusal && <Alert type="warning">{preview.refusal}</Alert>}
      <Box variant="h4">Instance id and IP address</Box>
      <Box variant="p">{preview.publicIp}</Box>
      <Box variant="h4">Steps</Box>
      <ol>
        {preview.steps.map((step) => (
          <li key={step}>{step}</li>
        ))}
      </ol>
      <Box variant="h4">Afterwards</Box>
      <ul>
        {preview.afterwards.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
    </div>
  );
}
