/** The launches list: one row per launch record, newest first. Presentational. */
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Header from '@cloudscape-design/components/header';
import Link from '@cloudscape-design/components/link';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Table, { type TableProps } from '@cloudscape-design/components/table';
import type { LaunchRecord } from '../../../electron/common/models';
import { formatDateTime } from '../common/format';
import { PhaseStatus } from '../common/phase-status';
import { StatusChecksIndicator } from '../common/status-checks';
import { BakeStatus } from './bake-status';
import { Visible } from '../common/visible';

export interface LaunchesTableProps {
  records: readonly LaunchRecord[];
  loading: boolean;
  onOpen(launchId: string): void;
  onNewLaunch(): void;
  /** Opens the wizard filled from a launch; adds the row action when given. */
  onLaunchAgain?(launchId: string): void;
  onRefresh(): void;
  /** Extra header actions (e.g. Import from AWS), shown before the primary button. */
  extraActions?: React.ReactNode;
}

export function LaunchesTable({
  records,
  loading,
  onOpen,
  onNewLaunch,
  onLaunchAgain,
  onRefresh,
  extraActions,
}: LaunchesTableProps) {
  const columns: TableProps.ColumnDefinition<LaunchRecord>[] = [
    {
      id: 'name',
      header: 'Name',
      cell: (record) => (
        <Link data-testid={`launch-link-${record.id}`} onFollow={() => onOpen(record.id)}>
          <Visible text={record.spec.name} />
        </Link>
      ),
      isRowHeader: true,
    },
    { id: 'instanceId', header: 'Instance ID', cell: (record) => record.instanceId ?? '–' },
    { id: 'phase', header: 'Phase', cell: (record) => <PhaseStatus phase={record.phase} /> },
    { id: 'instanceState', header: 'Instance state', cell: (record) => record.instanceState ?? '–' },
    { id: 'statusChecks', header: 'Status checks', cell: (record) => <StatusChecksIndicator record={record} /> },
    { id: 'ami', header: 'AMI', minWidth: 140, cell: (record) => <BakeStatus record={record} /> },
    { id: 'region', header: 'Region', cell: (record) => record.spec.region },
    { id: 'createdAt', header: 'Created', cell: (record) => formatDateTime(record.createdAt) },
    ...(onLaunchAgain
      ? [
          {
            id: 'actions',
            header: 'Actions',
            cell: (record: LaunchRecord) => (
              <Button
                data-testid={`launch-again-${record.id}`}
                variant="inline-link"
                ariaLabel={`Launch again like ${record.spec.name}`}
                onClick={() => onLaunchAgain(record.id)}
              >
                Launch again
              </Button>
            ),
          },
        ]
      : []),
  ];

  const launchButton = (
    <Button variant="primary" data-testid="launch-instance-button" onClick={onNewLaunch}>
      Launch instance
    </Button>
  );

  return (
    <Table
      data-testid="launches-table"
      variant="full-page"
      items={records}
      columnDefinitions={columns}
      trackBy="id"
      loading={loading}
      loadingText="Loading launches"
      header={
        <Header
          variant="awsui-h1-sticky"
          counter={loading ? undefined : `(${records.length})`}
          description="Instances Kiln launched, with their install progress."
          actions={
            <SpaceBetween direction="horizontal" size="xs">
              <Button iconName="refresh" ariaLabel="Refresh launches" loading={loading} onClick={onRefresh} />
              {extraActions}
              {launchButton}
            </SpaceBetween>
          }
        >
          Launches
        </Header>
      }
      empty={
        <Box textAlign="center" color="inherit" padding="l">
          <SpaceBetween size="s">
            <Box variant="strong" color="inherit">
              No launches yet
            </Box>
            <Box variant="p" color="inherit">
              Launch an instance and Kiln runs your install script on it, streaming the log here.
            </Box>
            <Button onClick={onNewLaunch}>Launch instance</Button>
          </SpaceBetween>
        </Box>
      }
    />
  );
}
