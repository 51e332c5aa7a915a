/**
 * A fleet as AWS reports it: the counters, a rollout's progress, its instances, its recent scaling activities and its
 * policy's alarms. Presentational: the fleet page reads the status and passes it in.
 */
import Box from '@cloudscape-design/components/box';
import Container from '@cloudscape-design/components/container';
import Header from '@cloudscape-design/components/header';
import KeyValuePairs from '@cloudscape-design/components/key-value-pairs';
import ProgressBar from '@cloudscape-design/components/progress-bar';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import Table from '@cloudscape-design/components/table';
import type { FleetRecord, FleetStatus } from '../../../electron/common/models';
import { CopyValue } from '../common/copy-value';
import { formatDateTime } from '../common/format';

export function FleetCounters({ fleet, status }: { fleet: FleetRecord; status: FleetStatus | undefined }) {
  const capacity = status?.capacity ?? fleet.spec.capacity;
  const count = (testId: string, value: number | undefined) => (
    <span data-testid={testId}>{value === undefined ? '–' : value}</span>
  );
  const paused = status ? status.scalingSuspended : (fleet.scalingSuspended ?? false);
  return (
    <Container header={<Header variant="h2">Capacity</Header>}>
      <KeyValuePairs
        columns={4}
        items={[
          { label: 'Desired', value: count('fleet-desired', capacity.desired) },
          { label: 'In service', value: count('fleet-in-service', status?.inService) },
          { label: 'Pending', value: count('fleet-pending', status?.pending) },
          { label: 'Unhealthy', value: count('fleet-unhealthy', status?.unhealthy) },
          { label: 'Min – max', value: <span data-testid="fleet-min-max">{`${capacity.min} – ${capacity.max}`}</span> },
          {
            label: 'Scaling',
            value: (
              <span data-testid="fleet-scaling-state" data-paused={paused}>
                {paused ? (
                  <StatusIndicator type="stopped">Scaling paused</StatusIndicator>
                ) : fleet.spec.cpuTarget === null ? (
                  'No scaling policy'
                ) : (
                  <StatusIndicator type="success">{`Tracking ${fleet.spec.cpuTarget} % CPU`}</StatusIndicator>
                )}
              </span>
            ),
          },
          {
            label: 'Load balancer DNS name',
            value: fleet.spec.loadBalancer ? (
              <CopyValue value={fleet.dnsName} label="Load balancer DNS name" testId="fleet-detail-lb-dns" />
            ) : (
              'none'
            ),
          },
          {
            label: 'DNS record',
            value: fleet.spec.dns ? (
              <CopyValue value={fleet.spec.dns.recordName} label="DNS record" testId="fleet-detail-dns-record" />
            ) : (
              'none'
            ),
          },
        ]}
      />
    </Container>
  );
}

export function FleetRolloutProgress({ refresh }: { refresh: NonNullable<FleetStatus['refresh']> }) {
  const failed = /fail|cancel|rollback/i.test(refresh.status);
  return (
    <Container header={<Header variant="h2">Rollout</Header>}>
      <div data-testid="fleet-rollout" data-status={refresh.status} data-percentage={refresh.percentage}>
        <ProgressBar
          value={refresh.percentage}
          label="Instances replaced with the new image"
          description={refresh.startedAt ? `Started ${formatDateTime(refresh.startedAt)}` : undefined}
          additionalInfo={`${refresh.status}${refresh.reason ? `: ${refresh.reason}` : ''}`}
          status={failed ? 'error' : 'in-progress'}
          resultText={refresh.status}
        />
      </div>
    </Container>
  );
}

export function FleetInstancesTable({ instances }: { instances: FleetStatus['instances'] }) {
  return (
    <Table
      data-testid="fleet-instances"
      header={<Header counter={`(${instances.length})`}>Instances</Header>}
      items={instances}
      trackBy="instanceId"
      empty={<Box textAlign="center">The group has no instances.</Box>}
      columnDefinitions={[
        {
          id: 'id',
          header: 'Instance ID',
          isRowHeader: true,
          cell: (i) => (
            <span data-testid="fleet-instance" data-instance-id={i.instanceId}>
              {i.instanceId}
            </span>
          ),
        },
        { id: 'lifecycle', header: 'Lifecycle state', cell: (i) => i.lifecycleState },
        { id: 'health', header: 'Health', cell: (i) => i.health },
        { id: 'target', header: 'Target health', cell: (i) => i.targetHealth ?? '–' },
        { id: 'zone', header: 'Availability zone', cell: (i) => i.zone ?? '–' },
        { id: 'version', header: 'Launch template version', cell: (i) => i.templateVersion ?? '–' },
      ]}
    />
  );
}

export function FleetActivitiesTable({ activities }: { activities: FleetStatus['activities'] }) {
  const newestFirst = [...activities].sort((a, b) => b.at.localeCompare(a.at));
  return (
    <Table
      data-testid="fleet-activities"
      header={<Header description="What Auto Scaling did lately, newest first.">Scaling activities</Header>}
      items={newestFirst}
      wrapLines
      empty={<Box textAlign="center">No scaling activities yet.</Box>}
      columnDefinitions={[
        { id: 'at', header: 'Time', isRowHeader: true, minWidth: 150, cell: (a) => formatDateTime(a.at) },
        { id: 'status', header: 'Status', minWidth: 100, cell: (a) => a.status },
        {
          id: 'description',
          header: 'Description',
          cell: (a) => <span data-testid="fleet-activity">{a.description}</span>,
        },
        { id: 'cause', header: 'Cause', cell: (a) => <span data-testid="fleet-activity-cause">{a.cause ?? '–'}</span> },
      ]}
    />
  );
}

/** What each target-tracking alarm does, from the name Auto Scaling gives it. */
function alarmRole(name: string): string {
  if (/-AlarmHigh-/.test(name)) return 'Scale out (CPU above the target)';
  if (/-AlarmLow-/.test(name)) return 'Scale in (CPU below 90 % of the target)';
  return 'Alarm';
}

export function FleetAlarms({ alarms }: { alarms: FleetStatus['alarms'] }) {
  return (
    <Container
      header={
        <Header variant="h2" description="Auto Scaling made these for the policy; it acts while one is in ALARM.">
          Scaling alarms
        </Header>
      }
    >
      <div data-testid="fleet-alarms">
        {alarms.length === 0 ? (
          <Box variant="p">No alarms reported for this fleet&apos;s scaling policy.</Box>
        ) : (
          <ul className="kiln-plain-list">
            {alarms.map((alarm) => (
              <li key={alarm.name} data-testid="fleet-alarm" data-name={alarm.name} data-state={alarm.state}>
                <StatusIndicator type={alarm.state === 'ALARM' ? 'warning' : alarm.state === 'OK' ? 'success' : 'info'}>
                  {`${alarmRole(alarm.name)}: ${alarm.state}`}
                </StatusIndicator>
                <Box variant="small" display="block">
                  {alarm.name}
                  {alarm.updatedAt ? ` · since ${formatDateTime(alarm.updatedAt)}` : ''}
                </Box>
                {alarm.reason ? (
                  <Box variant="small" display="block" color="text-body-secondary">
                    <span data-testid="fleet-alarm-reason">{alarm.reason}</span>
                  </Box>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </div>
    </Container>
  );
}
