/** The key facts of a launch: phase, instance, status checks, network and agent link. Presentational. */
import Container from '@cloudscape-design/components/container';
import Header from '@cloudscape-design/components/header';
import KeyValuePairs from '@cloudscape-design/components/key-value-pairs';
import StatusIndicator, { type StatusIndicatorProps } from '@cloudscape-design/components/status-indicator';
import type { AgentLinkStatus, LaunchRecord } from '../../../electron/common/models';
import { assertNever } from '../../../electron/common/result';
import { CopyValue } from '../common/copy-value';
import { formatDateTime, formatInteger } from '../common/format';
import { PhaseStatus } from '../common/phase-status';
import { StatusChecksIndicator } from '../common/status-checks';
import { LaunchDnsName } from './launch-dns-name';

export function LaunchFacts({ record }: { record: LaunchRecord }) {
  const { spec } = record;
  return (
    <Container header={<Header variant="h2">Details</Header>}>
      <KeyValuePairs
        columns={3}
        items={[
          {
            label: 'Phase',
            value: (
              <span data-testid="launch-phase" data-phase={record.phase}>
                <PhaseStatus phase={record.phase} />
              </span>
            ),
          },
          { label: 'Instance ID', value: <span data-testid="instance-id">{record.instanceId ?? '–'}</span> },
          {
            label: 'Instance state',
            value: (
              <span data-testid="instance-state" data-state={record.instanceState ?? ''}>
                {record.instanceState ? (
                  <StatusIndicator type={instanceStateType(record.instanceState)}>
                    {record.instanceState}
                  </StatusIndicator>
                ) : (
                  '–'
                )}
              </span>
            ),
          },
          { label: 'Status checks', value: <StatusChecksIndicator record={record} /> },
          { label: 'Region', value: spec.region },
          { label: 'AMI', value: spec.imageId },
          { label: 'Instance type', value: spec.instanceType },
          { label: 'Public IP', value: <CopyValue value={record.publicIp} label="Public IP" testId="public-ip" /> },
          {
            label: 'Public DNS',
            value: <CopyValue value={record.publicDnsName} label="Public DNS name" testId="public-dns" />,
          },
          ...(record.dns ? [{ label: 'DNS name', value: <LaunchDnsName dns={record.dns} /> }] : []),
          {
            label: 'Security group',
            value: (
              <span data-testid="security-group" data-deleted={String(record.securityGroupDeleted)}>
                {record.securityGroupId ?? '–'}
                {record.securityGroupDeleted && ' (deleted)'}
              </span>
            ),
          },
          {
            label: 'Agent link',
            value: <AgentLink status={record.agentLink} />,
          },
          {
            label: 'User data',
            value: record.userDataBytes === undefined ? '–' : `${formatInteger(record.userDataBytes)} bytes`,
          },
          { label: 'Agent port open to', value: record.operatorCidr ?? '–' },
          { label: 'Created', value: formatDateTime(record.createdAt) },
        ]}
      />
    </Container>
  );
}

function AgentLink({ status }: { status: AgentLinkStatus | undefined }) {
  return (
    <span data-testid="agent-link-status" data-state={status?.state ?? 'none'}>
      {status ? (
        <StatusIndicator type={agentLinkType(status.state)}>
          {status.state}
          {status.detail ? `: ${status.detail}` : ''}
        </StatusIndicator>
      ) : (
        '–'
      )}
    </span>
  );
}

export function agentLinkType(state: AgentLinkStatus['state']): StatusIndicatorProps.Type {
  switch (state) {
    case 'idle':
      return 'stopped';
    case 'waiting-for-instance':
      return 'pending';
    case 'connecting':
      return 'loading';
    case 'unreachable':
      return 'warning';
    case 'unauthorized':
    case 'tls-mismatch':
      return 'error';
    case 'streaming':
      return 'in-progress';
    case 'finished':
      return 'success';
    default:
      return assertNever(state);
  }
}

/** EC2 instance states as the console shows them. */
export function instanceStateType(state: string): StatusIndicatorProps.Type {
  switch (state) {
    case 'running':
      return 'success';
    case 'pending':
      return 'pending';
    case 'stopping':
    case 'shutting-down':
      return 'in-progress';
    case 'stopped':
    case 'terminated':
      return 'stopped';
    default:
      return 'info';
  }
}
