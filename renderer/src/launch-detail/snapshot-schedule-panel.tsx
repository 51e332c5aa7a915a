/**
 * Snapshot schedule on the launch page: the Data Lifecycle Manager policy that snapshots the launch's volumes while
 * Kiln is closed, its state, a form for when and how many (checked as typed, with DLM's limits), what Set creates
 * said before the click, the DLM role offered for creation only when it is missing and only on request, and Remove.
 */
import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import ColumnLayout from '@cloudscape-design/components/column-layout';
import Container from '@cloudscape-design/components/container';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import RadioGroup from '@cloudscape-design/components/radio-group';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator, { type StatusIndicatorProps } from '@cloudscape-design/components/status-indicator';
import {
  DLM_INTERVAL_HOURS,
  DLM_MAX_KEEP,
  describeSnapshotSchedule,
  type DlmRoleStatus,
  type LaunchRecord,
  type SnapshotPolicy,
} from '../../../electron/common/models';
import type { KilnError } from '../../../electron/common/result';
import { ErrorAlert } from '../common/error-alert';
import { useSnapshotSchedule, type ScheduleForm, type ScheduleKind } from './use-snapshot-schedule';

const STATE_VIEW: Record<string, { type: StatusIndicatorProps.Type; text: string }> = {
  ENABLED: { type: 'success', text: 'Enabled' },
  DISABLED: { type: 'stopped', text: 'Disabled' },
  ERROR: { type: 'error', text: 'Error' },
};

export function SnapshotSchedulePanel({
  record,
  onRecord,
}: {
  record: LaunchRecord;
  onRecord: (record: LaunchRecord) => void;
}) {
  const s = useSnapshotSchedule(record, onRecord);
  const busy = s.setLoading || s.removeLoading || s.createRoleLoading;
  const role = s.preview?.role;
  const canSet = Boolean(s.form && !s.problem && role?.exists && s.preview);

  return (
    <Container
      data-testid="snapshot-schedule"
      data-policy={s.activePolicy?.policyId ?? ''}
      header={
        <Header
          variant="h2"
          description="Amazon Data Lifecycle Manager snapshots this launch's volumes on a schedule, even while Kiln is closed."
          actions={
            s.activePolicy && (
              <Button data-testid="remove-schedule-button" loading={s.removeLoading} disabled={busy} onClick={s.remove}>
                Remove schedule
              </Button>
            )
          }
        >
          Snapshot schedule
        </Header>
      }
    >
      <SpaceBetween size="m">
        {s.previewError && <ErrorAlert error={s.previewError} header="Kiln could not read the snapshot schedule" />}
        {s.activePolicy && <ActivePolicy policy={s.activePolicy} />}
        {s.missingPolicy && (
          <Alert type="warning" data-testid="policy-missing">
            The policy {s.missingPolicy.policyId} no longer exists (deleted outside Kiln). Set the schedule again to
            create a new one.
          </Alert>
        )}
        {s.form && <ScheduleFields form={s.form} problem={s.problem} onChange={s.change} />}
        {role && !role.exists && (
          <MissingRole role={role} loading={s.createRoleLoading} disabled={busy} onCreate={s.createRole} />
        )}
        {s.createRoleError && <ErrorAlert error={s.createRoleError} header="The DLM role was not created" />}
        {s.preview && !s.problem && (
          <div data-testid="schedule-creates">
            <Box variant="p">{s.activePolicy ? 'Change schedule' : 'Set schedule'}:</Box>
            <ul>
              {s.preview.creates.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          </div>
        )}
        {s.setError && <ErrorAlert error={s.setError} header="The schedule was not set" />}
        {s.removeError && <ErrorAlert error={s.removeError} header="The schedule was not removed" />}
        <Button
          variant="primary"
          data-testid="set-schedule-button"
          loading={s.setLoading}
          disabled={!canSet || busy}
          onClick={s.set}
        >
          {s.activePolicy ? 'Change schedule' : 'Set schedule'}
        </Button>
      </SpaceBetween>
    </Container>
  );
}

function ActivePolicy({ policy }: { policy: SnapshotPolicy }) {
  const view = STATE_VIEW[policy.state] ?? { type: 'info' as const, text: policy.state };
  return (
    <ColumnLayout columns={3} variant="text-grid" data-testid="active-policy">
      <div>
        <Box variant="awsui-key-label">Policy</Box>
        <Box variant="code">{policy.policyId}</Box>
      </div>
      <div>
        <Box variant="awsui-key-label">State</Box>
        <span data-testid="policy-state" data-state={policy.state}>
          <StatusIndicator type={view.type}>{view.text}</StatusIndicator>
        </span>
        {policy.statusMessage && policy.statusMessage !== policy.state && (
          <Box variant="small">{policy.statusMessage}</Box>
        )}
      </div>
      <div>
        <Box variant="awsui-key-label">Schedule</Box>
        <div data-testid="policy-schedule">
          {policy.schedule ? describeSnapshotSchedule(policy.schedule) : 'A schedule Kiln did not write'}
        </div>
      </div>
    </ColumnLayout>
  );
}

const KIND_ITEMS: { value: ScheduleKind; label: string }[] = [
  { value: 'hourly', label: 'Every hour' },
  { value: 'every', label: 'Every N hours' },
  { value: 'daily', label: 'Daily at a time (UTC)' },
];

function ScheduleFields({
  form,
  problem,
  onChange,
}: {
  form: ScheduleForm;
  problem: KilnError | undefined;
  onChange: (patch: Partial<ScheduleForm>) => void;
}) {
  const errorFor = (field: string) =>
    problem?.field === field ? `${problem.message} ${problem.remedy ?? ''}`.trim() : undefined;
  return (
    <SpaceBetween size="s">
      <FormField label="Take a snapshot">
        <RadioGroup
          value={form.kind}
          items={KIND_ITEMS}
          onChange={({ detail }) => onChange({ kind: detail.value as ScheduleKind })}
        />
      </FormField>
      {form.kind === 'every' && (
        <FormField
          label="Every (hours)"
          description={`DLM runs every ${DLM_INTERVAL_HOURS.join(', ')} hours.`}
          errorText={errorFor('hours')}
        >
          <Input
            type="number"
            inputMode="numeric"
            value={form.hours}
            nativeInputAttributes={{ 'data-testid': 'schedule-hours-input' }}
            onChange={({ detail }) => onChange({ hours: detail.value })}
          />
        </FormField>
      )}
      {form.kind === 'daily' && (
        <FormField label="At (HH:MM, UTC)" errorText={errorFor('time')}>
          <Input
            value={form.time}
            placeholder="03:00"
            nativeInputAttributes={{ 'data-testid': 'schedule-time-input' }}
            onChange={({ detail }) => onChange({ time: detail.value })}
          />
        </FormField>
      )}
      <FormField
        label="Keep the last"
        description={`Snapshots per volume, 1 to ${DLM_MAX_KEEP}; DLM deletes older ones.`}
        errorText={errorFor('keep')}
      >
        <Input
          type="number"
          inputMode="numeric"
          value={form.keep}
          nativeInputAttributes={{ 'data-testid': 'schedule-keep-input' }}
          onChange={({ detail }) => onChange({ keep: detail.value })}
        />
      </FormField>
    </SpaceBetween>
  );
}

function MissingRole({
  role,
  loading,
  disabled,
  onCreate,
}: {
  role: DlmRoleStatus;
  loading: boolean;
  disabled: boolean;
  onCreate: () => void;
}) {
  return (
    <Alert
      type="warning"
      data-testid="dlm-role-missing"
      header={`The IAM role ${role.name} does not exist in this account`}
      action={
        <Button data-testid="create-role-button" loading={loading} disabled={disabled} onClick={onCreate}>
          Create the DLM default role
        </Button>
      }
    >
      Data Lifecycle Manager runs policies as this role. Creating it makes the role {role.name}, trusted by
      dlm.amazonaws.com only, with the AWS managed policy <Box variant="code">{role.managedPolicyArn}</Box> attached (as{' '}
      <Box variant="code">aws dlm create-default-role</Box> does). Kiln creates it only when you ask.
    </Alert>
  );
}
