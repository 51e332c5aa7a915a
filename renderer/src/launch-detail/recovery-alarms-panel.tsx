/**
 * Recovery alarms on the launch page: the CloudWatch alarms AWS runs on the instance (recover on a failed system
 * check, reboot on a failed instance check) with their states, and the buttons that create or remove them. What
 * will be created is said before the click; an instance EC2 cannot recover gets the reboot alarm only on request.
 */
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import Header from '@cloudscape-design/components/header';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator, { type StatusIndicatorProps } from '@cloudscape-design/components/status-indicator';
import Table from '@cloudscape-design/components/table';
import {
  DEFAULT_ALARMS_AFTER_HOURS,
  type LaunchRecord,
  type RecoveryAlarmAction,
  type RecoveryAlarmState,
  type RecoveryAlarmStateValue,
} from '../../../electron/common/models';
import { ErrorAlert } from '../common/error-alert';
import { formatDateTime } from '../common/format';
import { useRecoveryAlarms } from './use-recovery-alarms';

const ACTION_TEXT: Record<RecoveryAlarmAction, string> = {
  recover: 'Recover the instance on system status check failure',
  reboot: 'Reboot on instance status check failure',
};

const STATE_VIEW: Record<RecoveryAlarmStateValue, { type: StatusIndicatorProps.Type; text: string }> = {
  OK: { type: 'success', text: 'OK' },
  ALARM: { type: 'error', text: 'ALARM' },
  INSUFFICIENT_DATA: { type: 'pending', text: 'INSUFFICIENT_DATA' },
  missing: { type: 'warning', text: 'Missing: deleted outside Kiln' },
};

export function RecoveryAlarmsPanel({
  record,
  onRecord,
  refreshMs,
}: {
  record: LaunchRecord;
  onRecord: (record: LaunchRecord) => void;
  /** How often the states are read again while the panel is shown (default one minute). */
  refreshMs?: number;
}) {
  const alarms = useRecoveryAlarms(record, onRecord, refreshMs);
  const hasAlarms = alarms.alarms ? alarms.alarms.length > 0 : (record.recoveryAlarms?.length ?? 0) > 0;
  const busy = alarms.enableLoading || alarms.removeLoading;

  const action = hasAlarms ? (
    <Button data-testid="remove-alarms-button" loading={alarms.removeLoading} disabled={busy} onClick={alarms.remove}>
      Remove alarms
    </Button>
  ) : (
    <Button
      data-testid="enable-alarms-button"
      loading={alarms.enableLoading && !alarms.refusal}
      disabled={busy}
      onClick={() => alarms.enable()}
    >
      Enable recovery alarms
    </Button>
  );

  return (
    <Container
      data-testid="recovery-alarms"
      data-alarms={String(hasAlarms)}
      header={
        <Header
          variant="h2"
          description="CloudWatch alarms that AWS acts on by itself, even while Kiln is closed."
          actions={action}
        >
          Recovery alarms
        </Header>
      }
    >
      <SpaceBetween size="m">
        {alarms.refusal && (
          <ErrorAlert
            testId="recover-refusal"
            error={alarms.refusal}
            header="EC2 cannot recover this instance"
            action={
              <Button
                data-testid="reboot-only-button"
                loading={alarms.enableLoading}
                disabled={alarms.removeLoading}
                onClick={() => alarms.enable(true)}
              >
                Create the reboot alarm only
              </Button>
            }
          />
        )}
        {alarms.enableError && <ErrorAlert error={alarms.enableError} header="The alarms were not created" />}
        {alarms.removeError && <ErrorAlert error={alarms.removeError} header="The alarms were not removed" />}
        {alarms.listError && <ErrorAlert error={alarms.listError} header="Kiln could not read the alarm states" />}
        {hasAlarms && record.defaultRecoveryAlarms === 'created' && (
          <Box variant="small" color="text-body-secondary" data-testid="alarms-by-default">
            Kiln created these by itself: the launch was kept longer than the salvage window (
            {DEFAULT_ALARMS_AFTER_HOURS} hours). Remove them and Kiln will not create them again.
          </Box>
        )}
        {hasAlarms ? (
          <AlarmsTable alarms={alarms.alarms} loading={alarms.listLoading} />
        ) : (
          <WhatEnableCreates record={record} />
        )}
      </SpaceBetween>
    </Container>
  );
}

function WhatEnableCreates({ record }: { record: LaunchRecord }) {
  return (
    <div data-testid="alarms-none">
      <Box variant="p">This instance has no recovery alarms. Enable recovery alarms creates two CloudWatch alarms:</Box>
      <ul>
        <li>
          <Box variant="code">kiln-{record.id}-recover</Box>: {ACTION_TEXT.recover} (it moves to healthy hardware,
          keeping its id, addresses and EBS data).
        </li>
        <li>
          <Box variant="code">kiln-{record.id}-reboot</Box>: {ACTION_TEXT.reboot}.
        </li>
      </ul>
      <Box variant="small" color="text-body-secondary">
        If EC2 cannot recover {record.instanceId ?? 'this instance'} ({record.spec.instanceType}), Kiln says so and
        creates nothing.
      </Box>
      {record.defaultRecoveryAlarms === undefined && (
        <Box variant="small" color="text-body-secondary" data-testid="alarms-default-note">
          A launch kept running {DEFAULT_ALARMS_AFTER_HOURS} hours after its install ends, and not set to be terminated,
          gets them from Kiln by itself (the reboot alarm alone where EC2 cannot recover it).
        </Box>
      )}
    </div>
  );
}

function AlarmsTable({ alarms, loading }: { alarms: RecoveryAlarmState[] | undefined; loading: boolean }) {
  return (
    <Table
      data-testid="alarms-table"
      variant="embedded"
      items={alarms ?? []}
      loading={loading && alarms === undefined}
      loadingText="Reading the alarm states"
      trackBy="name"
      ariaLabels={{ tableLabel: 'Recovery alarms' }}
      columnDefinitions={[
        { id: 'name', header: 'Name', cell: (alarm) => alarm.name },
        { id: 'action', header: 'What it does', cell: (alarm) => ACTION_TEXT[alarm.action] },
        {
          id: 'state',
          header: 'State',
          cell: (alarm) => (
            <span data-testid="alarm-state" data-alarm={alarm.name} data-state={alarm.state}>
              <StatusIndicator type={STATE_VIEW[alarm.state].type}>{STATE_VIEW[alarm.state].text}</StatusIndicator>
              {alarm.since && (
                <Box variant="small" display="block" color="text-body-secondary">
                  since {formatDateTime(alarm.since)}
                </Box>
              )}
            </span>
          ),
        },
      ]}
      empty={<Box color="text-body-secondary">CloudWatch reports no alarms for this launch.</Box>}
    />
  );
}
