/**
 * The workstation's fleets: state, where and what they run, their capacity, how to reach them, and the row actions
 * (Scale…, Delete). Presentational.
 */
import type { ReactNode } from 'react';
import { useCollection } from '@cloudscape-design/collection-hooks';
import Box from '@cloudscape-design/components/box';
import ButtonDropdown from '@cloudscape-design/components/button-dropdown';
import Table, { type TableProps } from '@cloudscape-design/components/table';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import Link from '@cloudscape-design/components/link';
import type { FleetRecord, FleetStatus } from '../../../electron/common/models';
import { CopyValue } from '../common/copy-value';
import { formatDateTime } from '../common/format';
import { Visible } from '../common/visible';
import { appHref, paths } from '../shell/routes';
import { capacityText, FLEET_STATUS } from './fleets-store';

export interface FleetsTableProps {
  fleets: FleetRecord[];
  loading: boolean;
  header: ReactNode;
  empty: ReactNode;
  /** How the fleet stands in AWS, when the one status read for all fleets has answered. */
  statusOf: (fleetId: string) => FleetStatus | undefined;
  onOpen: (fleetId: string) => void;
  onScale: (fleet: FleetRecord) => void;
  onDelete: (fleet: FleetRecord) => void;
}

export function FleetsTable(props: FleetsTableProps) {
  const { items, collectionProps } = useCollection(props.fleets, {
    sorting: { defaultState: { sortingColumn: { sortingField: 'createdAt' }, isDescending: true } },
  });
  return (
    <Table
      {...collectionProps}
      data-testid="fleets-table"
      variant="full-page"
      items={items}
      trackBy="id"
      stickyColumns={{ first: 0, last: 1 }}
      loading={props.loading}
      loadingText="Loading fleets"
      header={props.header}
      empty={props.empty}
      columnDefinitions={columns(props)}
    />
  );
}

function columns({
  onScale,
  onDelete,
  onOpen,
  statusOf,
}: FleetsTableProps): TableProps.ColumnDefinition<FleetRecord>[] {
  return [
    {
      id: 'name',
      header: 'Name',
      isRowHeader: true,
      minWidth: 160,
      cell: (fleet) => (
        <span data-testid="fleet-row" data-fleet-id={fleet.id} data-state={fleet.state}>
          <Link
            fontSize="heading-xs"
            data-testid={`fleet-link-${fleet.id}`}
            href={appHref(paths.fleet(fleet.id))}
            onFollow={(event) => {
              event.preventDefault();
              onOpen(fleet.id);
            }}
          >
            <Visible text={fleet.spec.name} />
          </Link>
          <Box variant="small" display="block" color="text-body-secondary">
            {fleet.id}
          </Box>
        </span>
      ),
    },
    {
      id: 'state',
      header: 'State',
      minWidth: 120,
      cell: (fleet) => (
        <>
          <span data-testid="fleet-state" data-state={fleet.state}>
            <StatusIndicator type={FLEET_STATUS[fleet.state].type}>{FLEET_STATUS[fleet.state].text}</StatusIndicator>
          </span>
          {fleet.error && (
            <Box variant="small" display="block" color="text-status-error">
              {fleet.error.message}
            </Box>
          )}
        </>
      ),
    },
    { id: 'region', header: 'Region', minWidth: 100, cell: (fleet) => fleet.spec.region },
    { id: 'image', header: 'Image', minWidth: 150, cell: (fleet) => fleet.spec.imageId },
    { id: 'type', header: 'Type', minWidth: 90, cell: (fleet) => fleet.spec.instanceType },
    {
      id: 'capacity',
      header: 'Min / desired / max',
      minWidth: 110,
      cell: (fleet) => <span data-testid="fleet-capacity">{capacityText(fleet)}</span>,
    },
    {
      id: 'inService',
      header: 'In service',
      minWidth: 90,
      cell: (fleet) => <span data-testid="fleet-in-service">{statusOf(fleet.id)?.inService ?? '–'}</span>,
    },
    {
      id: 'unhealthy',
      header: 'Unhealthy',
      minWidth: 90,
      cell: (fleet) => <span data-testid="fleet-unhealthy">{statusOf(fleet.id)?.unhealthy ?? '–'}</span>,
    },
    {
      id: 'lb',
      header: 'Load balancer',
      minWidth: 200,
      cell: (fleet) =>
        fleet.spec.loadBalancer ? (
          <CopyValue value={fleet.dnsName} label="Load balancer DNS name" testId="fleet-lb-dns" />
        ) : (
          'none'
        ),
    },
    {
      id: 'dns',
      header: 'DNS record',
      minWidth: 140,
      cell: (fleet) => <span data-testid="fleet-dns-record">{fleet.spec.dns?.recordName ?? 'none'}</span>,
    },
    {
      id: 'created',
      header: 'Created',
      sortingField: 'createdAt',
      minWidth: 150,
      cell: (fleet) => formatDateTime(fleet.createdAt),
    },
    {
      id: 'actions',
      header: 'Actions',
      minWidth: 70,
      cell: (fleet) => {
        const active = fleet.state === 'active';
        const busy = fleet.state === 'creating' || fleet.state === 'deleting';
        return (
          <ButtonDropdown
            variant="inline-icon"
            expandToViewport
            ariaLabel={`Actions for fleet ${fleet.spec.name}`}
            onItemClick={({ detail }) => {
              if (detail.id === 'fleet-scale') onScale(fleet);
              else if (detail.id === 'fleet-delete') onDelete(fleet);
            }}
            items={[
              {
                id: 'fleet-scale',
                text: 'Scale…',
                disabled: !active,
                disabledReason: active ? undefined : `The fleet is ${fleet.state}; only an active fleet scales.`,
              },
              {
                id: 'fleet-delete',
                text: 'Delete',
                disabled: busy,
                disabledReason: busy ? `The fleet is ${fleet.state}; wait until it is done.` : undefined,
              },
            ]}
          />
        );
      },
    },
  ];
}
