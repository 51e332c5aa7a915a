/**
 * The inventory's rows: one kind at a time or all (a select with the count of each kind), filtered by text, sorted,
 * paged, with column preferences (the ARN and the details are hidden until asked for). Presentational.
 */
import { useState, type ReactNode } from 'react';
import { useCollection } from '@cloudscape-design/collection-hooks';
import Badge from '@cloudscape-design/components/badge';
import Box from '@cloudscape-design/components/box';
import CollectionPreferences, {
  type CollectionPreferencesProps,
} from '@cloudscape-design/components/collection-preferences';
import Pagination from '@cloudscape-design/components/pagination';
import Select from '@cloudscape-design/components/select';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Table, { type TableProps } from '@cloudscape-design/components/table';
import TextFilter from '@cloudscape-design/components/text-filter';
import {
  INVENTORY_KIND_LABELS,
  InventoryKind,
  type InventoryCostBasis,
  type InventoryRow,
} from '../../../electron/common/models';
import { formatDateTime, formatUsd } from '../common/format';
import { Visible } from '../common/visible';

export type KindChoice = InventoryKind | 'all';

export interface InventoryTableProps {
  rows: readonly InventoryRow[];
  loading: boolean;
  /** When the rows were read: ages are counted to it. */
  readAt: string | undefined;
  kind: KindChoice;
  onKindChange: (kind: KindChoice) => void;
  header: ReactNode;
}

const PAGE_SIZE = 25;

const COST_BASIS_TEXT: Record<InventoryCostBasis, string> = {
  'price-list': 'on-demand price list',
  storage: 'EBS storage per GiB-month',
  alarm: 'CloudWatch alarm price',
  free: 'no charge of its own',
  unknown: 'not known',
  sum: 'sum of its resources',
};

const COLUMNS: { id: string; label: string; alwaysVisible?: boolean; visible: boolean }[] = [
  { id: 'resource', label: 'Resource', alwaysVisible: true, visible: true },
  { id: 'kind', label: 'Kind', visible: true },
  { id: 'region', label: 'Region', visible: true },
  { id: 'launch', label: 'Owner (launch or fleet)', visible: true },
  { id: 'age', label: 'Age', visible: true },
  { id: 'state', label: 'State', visible: true },
  { id: 'cost', label: 'Per day', visible: true },
  { id: 'detail', label: 'Details', visible: false },
  { id: 'arn', label: 'ARN', visible: false },
];

/** "3 d", "5 h", "12 min" from creation to the read; "–" when AWS gave no creation time. */
export function formatAge(createdAt: string | undefined, readAt: string | undefined): string {
  if (!createdAt || !readAt) return '–';
  const minutes = Math.max(0, Math.floor((Date.parse(readAt) - Date.parse(createdAt)) / 60_000));
  if (!Number.isFinite(minutes)) return '–';
  if (minutes < 60) return `${minutes} min`;
  if (minutes < 48 * 60) return `${Math.floor(minutes / 60)} h`;
  return `${Math.floor(minutes / 1440)} d`;
}

export function InventoryTable(props: InventoryTableProps) {
  const { rows, kind, onKindChange } = props;
  const [columnDisplay, setColumnDisplay] = useState(() => COLUMNS.map(({ id, visible }) => ({ id, visible })));
  const shown = kind === 'all' ? rows : rows.filter((r) => r.kind === kind);
  const { items, collectionProps, filterProps, filteredItemsCount, paginationProps } = useCollection([...shown], {
    filtering: {
      empty: <Box textAlign="center">Kiln manages nothing of this kind in the profile's regions.</Box>,
      noMatch: <Box textAlign="center">Nothing matches the filter.</Box>,
      fields: ['id', 'name', 'region', 'launchId', 'fleetId', 'state', 'detail', 'kind', 'arn'],
    },
    sorting: {},
    pagination: { pageSize: PAGE_SIZE },
  });
  const counts = new Map<InventoryKind, number>();
  for (const row of rows) counts.set(row.kind, (counts.get(row.kind) ?? 0) + 1);
  const kindOption = (value: KindChoice) => ({
    value,
    label: value === 'all' ? 'All kinds' : INVENTORY_KIND_LABELS[value].many,
    tags: [String(value === 'all' ? rows.length : (counts.get(value) ?? 0))],
  });
  return (
    <Table
      {...collectionProps}
      data-testid="inventory-table"
      items={items}
      trackBy={(row) => `${row.kind}/${row.region}/${row.id}`}
      loading={props.loading}
      loadingText="Reading what Kiln manages in every region"
      header={props.header}
      columnDefinitions={columns(props.readAt, fleetNames(rows))}
      columnDisplay={columnDisplay}
      wrapLines
      filter={
        <SpaceBetween direction="horizontal" size="xs">
          <Select
            data-testid="inventory-kind-select"
            selectedOption={kindOption(kind)}
            options={(['all', ...InventoryKind.options] as KindChoice[]).map(kindOption)}
            onChange={(event) => onKindChange(event.detail.selectedOption.value as KindChoice)}
            ariaLabel="Kind of resource"
          />
          <TextFilter
            {...filterProps}
            filteringPlaceholder="Find by id, name, region, launch, fleet, state or detail"
            filteringAriaLabel="Filter the inventory"
            countText={filteredItemsCount === undefined ? undefined : `${filteredItemsCount} matches`}
          />
        </SpaceBetween>
      }
      pagination={<Pagination {...paginationProps} />}
      preferences={
        <CollectionPreferences
          title="Preferences"
          confirmLabel="Confirm"
          cancelLabel="Cancel"
          preferences={{ contentDisplay: columnDisplay }}
          contentDisplayPreference={{
            title: 'Columns',
            description: 'Choose the columns the table shows.',
            options: COLUMNS.map(({ id, label, alwaysVisible }) => ({ id, label, alwaysVisible })),
          }}
          onConfirm={(event) => {
            const chosen: readonly CollectionPreferencesProps.ContentDisplayItem[] | undefined =
              event.detail.contentDisplay;
            if (chosen) setColumnDisplay([...chosen]);
          }}
        />
      }
    />
  );
}

/** The fleets' names, from their own rows (this workstation's name for a fleet it knows, else its group's). */
function fleetNames(rows: readonly InventoryRow[]): ReadonlyMap<string, string> {
  return new Map(rows.flatMap((r) => (r.kind === 'fleet' && r.name ? [[r.id, r.name] as const] : [])));
}

const ownerOf = (row: InventoryRow) => row.launchId ?? row.fleetId ?? '';

/** The launch (short id) or fleet (its name) a row belongs to, and whether this workstation knows it. */
function Owner({ row, fleetName }: { row: InventoryRow; fleetName: string | undefined }) {
  if (!row.launchId && !row.fleetId) return <>–</>;
  const fleet = !row.launchId;
  return (
    <SpaceBetween direction="horizontal" size="xxs">
      {fleet ? (
        <span title={row.fleetId} data-testid="inventory-owner-fleet">
          {`Fleet ${row.kind === 'fleet' ? row.fleetId : (fleetName ?? row.fleetId)}`}
        </span>
      ) : (
        <span title={row.launchId}>{row.launchId!.slice(0, 8)}</span>
      )}
      {!row.knownHere && <Badge color="grey">not on this workstation</Badge>}
    </SpaceBetween>
  );
}

function columns(
  readAt: string | undefined,
  names: ReadonlyMap<string, string>,
): TableProps.ColumnDefinition<InventoryRow>[] {
  return [
    {
      id: 'resource',
      header: 'Resource',
      sortingField: 'id',
      isRowHeader: true,
      minWidth: 220,
      cell: (row) => (
        <span data-testid="inventory-row" data-kind={row.kind} data-id={row.id}>
          <Box fontWeight="bold">
            <Visible text={row.name ?? row.id} />
          </Box>
          {row.name !== undefined && <Box variant="small">{row.id}</Box>}
        </span>
      ),
    },
    { id: 'kind', header: 'Kind', sortingField: 'kind', cell: (row) => INVENTORY_KIND_LABELS[row.kind].one },
    { id: 'region', header: 'Region', sortingField: 'region', cell: (row) => row.region },
    {
      id: 'launch',
      header: 'Owner',
      sortingComparator: (a, b) => ownerOf(a).localeCompare(ownerOf(b)),
      minWidth: 140,
      cell: (row) => <Owner row={row} fleetName={row.fleetId ? names.get(row.fleetId) : undefined} />,
    },
    {
      id: 'age',
      header: 'Age',
      sortingField: 'createdAt',
      cell: (row) => (
        <span title={row.createdAt ? formatDateTime(row.createdAt) : 'AWS gives no creation time'}>
          {formatAge(row.createdAt, readAt)}
        </span>
      ),
    },
    { id: 'state', header: 'State', sortingField: 'state', cell: (row) => row.state ?? '–' },
    {
      id: 'cost',
      header: 'Per day',
      sortingField: 'costPerDay',
      cell: (row) => <span title={COST_BASIS_TEXT[row.costBasis]}>{formatUsd(row.costPerDay)}</span>,
    },
    { id: 'detail', header: 'Details', minWidth: 200, cell: (row) => <Visible text={row.detail ?? '–'} /> },
    { id: 'arn', header: 'ARN', minWidth: 200, cell: (row) => row.arn ?? '–' },
  ];
}
