/** Keep for salvage: keep a (failed) instance for a while, then let Kiln terminate it; shown as a banner while it runs. */
import { useState } from 'react';
import Alert from '@cloudscape-design/components/alert';
import Button from '@cloudscape-design/components/button';
import FormField from '@cloudscape-design/components/form-field';
import Select from '@cloudscape-design/components/select';
import SpaceBetween from '@cloudscape-design/components/space-between';
import type { LaunchRecord } from '../../../electron/common/models';
import { ErrorAlert } from '../common/error-alert';
import { formatDateTime } from '../common/format';
import { useCommand } from '../common/use-command';

const ONE_DAY = { value: '24', label: '1 day' };
const WINDOWS = [
  { value: '1', label: '1 hour' },
  { value: '4', label: '4 hours' },
  ONE_DAY,
  { value: '72', label: '3 days' },
];

export function KeepForSalvage({
  record,
  onRecord,
}: {
  record: LaunchRecord;
  onRecord: (record: LaunchRecord) => void;
}) {
  const keep = useCommand('launch.keepForSalvage');
  const [hours, setHours] = useState(ONE_DAY);
  if (record.terminateAt || record.phase === 'terminating' || record.phase === 'terminated') return null;
  return (
    <SpaceBetween direction="horizontal" size="xs" alignItems="end">
      <FormField label="Keep the instance for" description="Then Kiln terminates it.">
        <Select
          data-testid="salvage-duration"
          selectedOption={hours}
          options={WINDOWS}
          onChange={(e) => setHours(e.detail.selectedOption as typeof hours)}
        />
      </FormField>
      <Button
        data-testid="keep-for-salvage-button"
        loading={keep.loading}
        onClick={() =>
          void keep.run({ launchId: record.id, hours: Number(hours.value) }).then((result) => {
            if (result.ok) onRecord(result.value);
          })
        }
      >
        Keep for salvage
      </Button>
      {keep.error && <ErrorAlert error={keep.error} />}
    </SpaceBetween>
  );
}

export function AutoTerminateBanner({
  record,
  onRecord,
}: {
  record: LaunchRecord;
  onRecord: (record: LaunchRecord) => void;
}) {
  const cancel = useCommand('launch.cancelAutoTerminate');
  if (!record.terminateAt || record.phase === 'terminated' || record.phase === 'terminating') return null;
  return (
    <Alert
      type="warning"
      data-testid="auto-terminate-banner"
      header={`Kiln terminates this instance at ${formatDateTime(record.terminateAt)}`}
      action={
        <Button
          data-testid="cancel-auto-terminate-button"
          loading={cancel.loading}
          onClick={() =>
            void cancel.run({ launchId: record.id }).then((result) => {
              if (result.ok) onRecord(result.value);
            })
          }
        >
          Keep it
        </Button>
      }
    >
      It is kept for salvage until then: connect to it to find out what went wrong.
      {cancel.error && <ErrorAlert error={cancel.error} />}
    </Alert>
  );
}

/** A cleanup that failed after terminate: what is left, and a retry. */
export function CleanupProblem({
  record,
  onRecord,
}: {
  record: LaunchRecord;
  onRecord: (record: LaunchRecord) => void;
}) {
  const retry = useCommand('launch.retryCleanup');
  if (record.phase !== 'terminated' || record.securityGroupDeleted || !record.error) return null;
  return (
    <Alert
      type="error"
      data-testid="cleanup-problem"
      header={`${record.securityGroupId} is left behind`}
      action={
        <Button
          data-testid="retry-cleanup-button"
          loading={retry.loading}
          onClick={() =>
            void retry.run({ launchId: record.id }).then((result) => {
              if (result.ok) onRecord(result.value);
            })
          }
        >
          Retry cleanup
        </Button>
      }
    >
      {record.error.message} {record.error.remedy}
      {retry.error && <ErrorAlert error={retry.error} />}
    </Alert>
  );
}
