/**
 * Health on the launch page: the HTTP(S) probes Kiln runs against the instance from this workstation while it is
 * open, each with its state, last result and 24 h chart, a warning (with the remedy) when its port is not open to
 * the operator's address, and the editor that changes them (checked inline by the same schema as the backend).
 */
import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import Header from '@cloudscape-design/components/header';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import { useState } from 'react';
import type { LaunchRecord, ProbePoint, ProbeStatus } from '../../../electron/common/models';
import { ErrorAlert } from '../common/error-alert';
import { formatDateTime } from '../common/format';
import { useCommand } from '../common/use-command';
import { ProbeChart } from '../health/probe-chart';
import { ProbeEditor } from '../health/probe-editor';
import { probeFormErrors, probeFormOf, toProbeInputs, type ProbeForm } from '../health/probe-form';
import { HEALTH_VIEW } from '../health/probe-state-view';
import { useProbes } from './use-probes';

export function ProbesPanel({ record, onRecord }: { record: LaunchRecord; onRecord: (record: LaunchRecord) => void }) {
  const probes = useProbes(record, onRecord);
  const [editing, setEditing] = useState<ProbeForm[]>();
  const errors = editing ? probeFormErrors(editing) : {};
  const invalid = Object.keys(errors).length > 0;

  async function save() {
    if (!editing || invalid) return;
    if (await probes.save(toProbeInputs(editing))) setEditing(undefined);
  }

  const startEditing = () => {
    probes.clearSaveError();
    setEditing((probes.probes?.map((s) => s.probe) ?? record.spec.probes ?? []).map(probeFormOf));
  };
  const actions = editing ? (
    <SpaceBetween direction="horizontal" size="xs">
      <Button onClick={() => setEditing(undefined)} disabled={probes.saving}>
        Cancel
      </Button>
      <Button
        variant="primary"
        data-testid="save-probes-button"
        loading={probes.saving}
        disabled={invalid}
        onClick={() => void save()}
      >
        Save probes
      </Button>
    </SpaceBetween>
  ) : (
    <Button data-testid="edit-probes-button" onClick={startEditing}>
      Edit probes
    </Button>
  );
  return (
    <Container
      data-testid="probes-panel"
      data-health={probes.health}
      header={
        <Header
          variant="h2"
          actions={actions}
          description="HTTP(S) checks Kiln runs from this workstation while it is open, at the address it reaches the instance on."
        >
          Health
        </Header>
      }
    >
      <SpaceBetween size="l">
        {probes.loadError && <ErrorAlert error={probes.loadError} header="Kiln could not read the probes" />}
        {probes.saveError && <ErrorAlert error={probes.saveError} header="The probes were not saved" />}
        {editing ? (
          <ProbeEditor probes={editing} errors={errors} onChange={setEditing} disabled={probes.saving} />
        ) : (
          <ProbeList record={record} statuses={probes.probes ?? []} history={probes.history?.probes ?? []} />
        )}
      </SpaceBetween>
    </Container>
  );
}

function ProbeList({
  record,
  statuses,
  history,
}: {
  record: LaunchRecord;
  statuses: ProbeStatus[];
  history: { probeId: string; points: ProbePoint[] }[];
}) {
  if (statuses.length === 0)
    return (
      <Box data-testid="probes-none" color="text-body-secondary">
        No probes. Edit probes to have Kiln check a URL of the instance (a status page, say) and alert you when it stops
        answering.
      </Box>
    );
  return (
    <SpaceBetween size="l">
      {statuses.map((status) => (
        <ProbeView
          key={status.probe.id}
          record={record}
          status={status}
          points={history.find((h) => h.probeId === status.probe.id)?.points ?? []}
        />
      ))}
    </SpaceBetween>
  );
}

function ProbeView({ record, status, points }: { record: LaunchRecord; status: ProbeStatus; points: ProbePoint[] }) {
  const { probe, last } = status;
  const view = HEALTH_VIEW[status.state];
  const openWeb = useCommand('launch.openWebAccess');
  const target = status.url ?? `${probe.protocol}://…:${probe.port}${probe.path}`;
  return (
    <div data-testid={`probe-${probe.id}`} data-state={status.state}>
      <SpaceBetween size="xs">
        <Box variant="h3">
          <StatusIndicator type={view.type}>{view.text}</StatusIndicator> <Box variant="code">{target}</Box>
        </Box>
        <Box variant="small" color="text-body-secondary">
          Every {probe.intervalSeconds} s; down after {probe.thresholdSeconds} s of failures; expects HTTP{' '}
          {probe.expectedStatus}
          {probe.bodyContains ? ` and "${probe.bodyContains}"` : ''}.
          {status.state === 'failing' &&
            status.failingSince &&
            ` Failing since ${formatDateTime(status.failingSince)}.`}
        </Box>
        {last && (
          <Box data-testid="probe-last">
            Last check {formatDateTime(last.at)}:{' '}
            {last.ok ? `HTTP ${last.status} in ${last.latencyMs} ms` : (last.error ?? 'failed')}
          </Box>
        )}
        {last?.certificateError && (
          <Box variant="small" color="text-body-secondary">
            Certificate: {last.certificateError} ({probe.requireValidCertificate ? 'counts as down' : 'reported only'}).
          </Box>
        )}
        {status.portNotice && (
          <Alert
            type="warning"
            header={status.portNotice.message}
            data-testid="probe-port-notice"
            action={
              (probe.port === 80 || probe.port === 443) && (
                <Button loading={openWeb.loading} onClick={() => void openWeb.run({ launchId: record.id })}>
                  Open web access
                </Button>
              )
            }
          >
            {status.portNotice.remedy}
          </Alert>
        )}
        {openWeb.error && <ErrorAlert error={openWeb.error} header="Web access was not opened" />}
        <ProbeChart points={points} label={target} />
      </SpaceBetween>
    </div>
  );
}
