/** The table of leftovers: what it is, where, which launch it came from, how old, what it costs per day. */
import Box from '@cloudscape-design/components/box';
import Table from '@cloudscape-design/components/table';
import type { Orphan } from '../../../electron/common/models';
import { formatDateTime } from '../common/format';
import { Visible } from '../common/visible';

const KIND_LABEL: Record<Orphan['kind'], string> = {
  instance: 'Instance',
  'security-group': 'Security group',
  'key-pair': 'Key pair',
  volume: 'Volume',
  snapshot: 'Snapshot of a deregistered image',
  alarm: 'Recovery alarm',
  'dlm-policy': 'Snapshot schedule (DLM policy)',
  fleet: 'Fleet (group, template, load balancer…)',
};

const usd = new Intl.NumberFormat(undefined, { style: 'currency', currency: 'USD', maximumFractionDigits: 2 });

export function orphanKey(orphan: Pick<Orphan, 'kind' | 'id' | 'region'>): string {
  return `${orphan.region}/${orphan.kind}/${orphan.id}`;
}

export function formatCostPerDay(cost: number | null): string {
  return cost === null ? 'unknown' : usd.format(cost);
}

export interface OrphansTableProps {
  orphans: Orphan[];
  loading: boolean;
  selected: Orphan[];
  onSelectionChange: (selected: Orphan[]) => void;
  header: React.ReactNode;
  empty: React.ReactNode;
}

export function OrphansTable({ orphans, loading, selected, onSelectionChange, header, empty }: OrphansTableProps) {
  return (
    <Table
      data-testid="orphans-table"
      items={orphans}
      loading={loading}
      loadingText="Looking for Kiln-tagged resources"
      selectionType="multi"
      selectedItems={selected}
      onSelectionChange={(event) => onSelectionChange(event.detail.selectedItems)}
      trackBy={orphanKey}
      header={header}
      empty={empty}
      ariaLabels={{
        selectionGroupLabel: 'Leftovers',
        allItemsSelectionLabel: () => 'Select all leftovers',
        itemSelectionLabel: (_, item) => `Select ${item.id}`,
      }}
      columnDefinitions={[
        { id: 'kind', header: 'Kind', cell: (o) => KIND_LABEL[o.kind] },
        { id: 'id', header: 'ID', cell: (o) => <span data-testid={`orphan-${o.id}`}>{o.id}</span> },
        { id: 'name', header: 'Name', cell: (o) => (o.name === undefined ? '-' : <Visible text={o.name} />) },
        {
          id: 'detail',
          header: 'Details',
          cell: (o) => <Visible text={[o.detail, o.state].filter(Boolean).join(', ') || '-'} />,
        },
        { id: 'region', header: 'Region', cell: (o) => o.region },
        { id: 'launch', header: 'Launch or fleet', cell: (o) => <Box variant="code">{o.launchId}</Box> },
        { id: 'created', header: 'Created', cell: (o) => (o.createdAt ? formatDateTime(o.createdAt) : 'unknown') },
        { id: 'cost', header: 'Cost per day', cell: (o) => formatCostPerDay(o.estimatedCostPerDay) },
      ]}
    />
  );
}
