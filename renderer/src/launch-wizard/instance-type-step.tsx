/**
 * The instance type step: a searchable, sortable, paged table of the types offered in the region for the AMI's
 * architecture, with vCPUs, memory, network performance, free tier and the on-demand price. Presentational.
 */
import { useEffect } from 'react';
import { useCollection } from '@cloudscape-design/collection-hooks';
import Badge from '@cloudscape-design/components/badge';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Pagination from '@cloudscape-design/components/pagination';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import Table, { type TableProps } from '@cloudscape-design/components/table';
import TextFilter from '@cloudscape-design/components/text-filter';
import type { InstancePriceList, InstanceTypeSummary } from '../../../electron/common/models';
import { ErrorAlert } from '../common/error-alert';
import type { QueryState } from '../common/use-command';
import { formatHourlyPrice, priceSourceText } from './instance-price';
import type { FieldErrors } from './field-errors';

export interface InstanceTypeStepProps {
  /** The AMI's architecture; without it there is nothing to list yet. */
  architecture: string | undefined;
  /** Types for `architecture`, with `price` once prices are known (null: unknown). */
  instanceTypes: QueryState<InstanceTypeSummary[]>;
  prices: QueryState<InstancePriceList>;
  instanceType: string;
  errors: FieldErrors;
  onInstanceTypeChange: (instanceType: string) => void;
}

const PAGE_SIZE = 20;

export function InstanceTypeStep(props: InstanceTypeStepProps) {
  const { instanceTypes, architecture, errors } = props;
  const selected = instanceTypes.value?.find((t) => t.instanceType === props.instanceType);
  return (
    <Container
      header={
        <Header
          variant="h2"
          description={architecture ? `Types offered in this region that run ${architecture} images.` : undefined}
        >
          Instance type
        </Header>
      }
    >
      <SpaceBetween size="m">
        <FormField label="Selected instance type" errorText={errors.instanceType}>
          <Box data-testid="instance-type-select">
            {selected ? (
              <SelectedType type={selected} />
            ) : architecture ? (
              props.instanceType || 'None yet'
            ) : (
              'Choose an AMI first'
            )}
          </Box>
        </FormField>
        <PriceNote prices={props.prices} />
        {instanceTypes.error ? (
          <ErrorAlert error={instanceTypes.error} action={<Button onClick={instanceTypes.reload}>Retry</Button>} />
        ) : (
          <InstanceTypeTable
            key={architecture ?? ''}
            types={instanceTypes.value ?? []}
            loading={instanceTypes.loading}
            pricesLoading={props.prices.loading}
            selectedType={props.instanceType}
            architecture={architecture}
            onSelect={props.onInstanceTypeChange}
          />
        )}
      </SpaceBetween>
    </Container>
  );
}

function SelectedType({ type }: { type: InstanceTypeSummary }) {
  return (
    <SpaceBetween size="xs" direction="horizontal">
      <Box fontWeight="bold">{type.instanceType}</Box>
      <span>
        {type.vcpus} vCPU · {gib(type.memoryMiB)} GiB · {type.networkPerformance ?? 'network unknown'} ·{' '}
        {type.price === undefined ? 'price loading' : `${formatHourlyPrice(type.price)}`}
      </span>
      {type.freeTierEligible && <Badge color="green">Free tier eligible</Badge>}
    </SpaceBetween>
  );
}

function PriceNote({ prices }: { prices: QueryState<InstancePriceList> }) {
  if (prices.loading) return <StatusIndicator type="loading">Loading on-demand prices</StatusIndicator>;
  if (prices.error) return <StatusIndicator type="warning">Prices are unknown: {prices.error.message}</StatusIndicator>;
  if (!prices.value) return null;
  return (
    <Box variant="small" color="text-body-secondary" data-testid="price-source">
      {priceSourceText(prices.value)}
    </Box>
  );
}

interface TableInput {
  types: InstanceTypeSummary[];
  loading: boolean;
  pricesLoading: boolean;
  selectedType: string;
  architecture: string | undefined;
  onSelect: (instanceType: string) => void;
}

function InstanceTypeTable({ types, loading, pricesLoading, selectedType, architecture, onSelect }: TableInput) {
  const { items, allPageItems, actions, collectionProps, filterProps, filteredItemsCount, paginationProps } =
    useCollection(types, {
      filtering: {
        empty: architecture
          ? `No instance types for ${architecture} are offered in this region.`
          : 'Choose an AMI first.',
        noMatch: 'No instance type matches the filter.',
        filteringFunction: (type, text) => matches(type, text),
      },
      // Cheapest first: the small types most launches want are on the first page, not page 41 of an A–Z list.
      sorting: { defaultState: { sortingColumn: PRICE_SORTING } },
      pagination: { pageSize: PAGE_SIZE },
    });

  // Show the page that holds the selection when it is set from outside (the preselection, a new AMI).
  useEffect(() => {
    const index = allPageItems.findIndex((t) => t.instanceType === selectedType);
    if (index >= 0) actions.setCurrentPage(Math.floor(index / PAGE_SIZE) + 1);
    // Only a new selection or a new list moves the page; paging and sorting by the operator do not.
    // eslint-disable-next-line react-hooks/exhaustive-deps -- see above
  }, [selectedType, types]);

  return (
    <Table
      {...collectionProps}
      data-testid="instance-type-table"
      variant="embedded"
      items={items}
      columnDefinitions={columns(pricesLoading)}
      // The price stays in view while the other columns scroll sideways in a narrow window (the selection column
      // and the type are already at the start).
      stickyColumns={{ first: 0, last: 1 }}
      wrapLines
      trackBy="instanceType"
      selectionType="single"
      selectedItems={types.filter((t) => t.instanceType === selectedType)}
      onSelectionChange={(event) => {
        const [type] = event.detail.selectedItems;
        if (type) onSelect(type.instanceType);
      }}
      ariaLabels={{
        selectionGroupLabel: 'Instance types',
        itemSelectionLabel: (_, type) => `Select ${type.instanceType}`,
        allItemsSelectionLabel: () => 'Select all',
      }}
      loading={loading}
      loadingText="Loading instance types"
      filter={
        <TextFilter
          {...filterProps}
          filteringPlaceholder="Find instance types (t3, 4 vCPU, free tier…)"
          filteringAriaLabel="Filter instance types"
          countText={filteredItemsCount === undefined ? undefined : `${filteredItemsCount} matches`}
        />
      }
      pagination={<Pagination {...paginationProps} />}
    />
  );
}

/** The typed phrase anywhere in the type name, "N vcpu", "N gib", the network and "free tier". */
function matches(type: InstanceTypeSummary, text: string): boolean {
  const query = text.trim().toLowerCase();
  if (!query) return true;
  const haystack = [
    type.instanceType,
    `${type.vcpus} vcpu`,
    `${gib(type.memoryMiB)} gib`,
    type.networkPerformance ?? '',
    type.freeTierEligible ? 'free tier' : '',
  ]
    .join(' ')
    .toLowerCase();
  return haystack.includes(query.replace(/\s+/g, ' '));
}

function gib(mebibytes: number): number {
  return Math.round((mebibytes / 1024) * 1000) / 1000;
}

function columns(pricesLoading: boolean): TableProps.ColumnDefinition<InstanceTypeSummary>[] {
  return [
    {
      id: 'type',
      header: 'Instance type',
      sortingField: 'instanceType',
      minWidth: 150,
      cell: (t) => (
        <SpaceBetween size="xxs" direction="horizontal">
          <span>{t.instanceType}</span>
          {t.freeTierEligible && <Badge color="green">Free tier</Badge>}
        </SpaceBetween>
      ),
    },
    { id: 'vcpus', header: 'vCPUs', sortingField: 'vcpus', minWidth: 90, cell: (t) => t.vcpus },
    { id: 'memory', header: 'Memory (GiB)', sortingField: 'memoryMiB', minWidth: 130, cell: (t) => gib(t.memoryMiB) },
    {
      id: 'network',
      header: 'Network performance',
      sortingField: 'networkPerformance',
      minWidth: 150,
      cell: (t) => t.networkPerformance ?? '—',
    },
    {
      ...PRICE_SORTING,
      header: 'On-demand price',
      // Room for the header and its sort icon ("On-deman…" at 150 px); a narrow window wraps it instead.
      minWidth: 130,
      cell: (t) => (t.price === undefined && pricesLoading ? 'Loading…' : formatHourlyPrice(t.price ?? null)),
    },
  ];
}

/**
 * Cheapest first, unknown prices last; equal prices (or none known yet) by size: vCPUs, memory, then name. A total
 * order, so the table opens the same way every time, prices loaded or not.
 */
export function comparePrices(a: InstanceTypeSummary, b: InstanceTypeSummary): number {
  const pa = a.price?.usdPerHour;
  const pb = b.price?.usdPerHour;
  if (pa !== undefined && pb !== undefined && pa !== pb) return pa - pb;
  if ((pa === undefined) !== (pb === undefined)) return pa === undefined ? 1 : -1;
  return a.vcpus - b.vcpus || a.memoryMiB - b.memoryMiB || a.instanceType.localeCompare(b.instanceType);
}

/** The price column's sorting, also the table's default. */
const PRICE_SORTING: TableProps.SortingColumn<InstanceTypeSummary> & { id: string } = {
  id: 'price',
  sortingComparator: comparePrices,
};
