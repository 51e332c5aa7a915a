/**
 * Inventory: everything Kiln manages in a profile's regions, read from AWS tags, so every operator of the account
 * sees the same list: counts per kind, the estimated cost per day, the rows, and Export as CSV or JSON. Parts AWS
 * did not answer for are named above the table; the rest is listed all the same.
 */
import { useState } from 'react';
import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import ButtonDropdown from '@cloudscape-design/components/button-dropdown';
import ExpandableSection from '@cloudscape-design/components/expandable-section';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Select from '@cloudscape-design/components/select';
import SpaceBetween from '@cloudscape-design/components/space-between';
import {
  DERIVED_INVENTORY_KINDS,
  INVENTORY_KIND_LABELS,
  inventoryCostPerDay,
  type Inventory,
  type InventoryFormat,
  type InventoryKind,
} from '../../../electron/common/models';
import { downloadFile } from '../common/download-file';
import { ErrorAlert } from '../common/error-alert';
import { formatUsd } from '../common/format';
import { useCommand, useQuery } from '../common/use-command';
import { InventoryTable, type KindChoice } from './inventory-table';

export function InventoryView() {
  const profiles = useQuery('profiles.list', {});
  const usable = (profiles.value ?? []).filter((p) => p.available);
  const [profileId, setProfileId] = useState<string>();
  const chosen = profileId ?? usable[0]?.id;
  const inventory = useQuery('inventory.list', chosen ? { profileId: chosen } : null);
  const exporter = useCommand('inventory.export');
  const [kind, setKind] = useState<KindChoice>('all');
  const [saved, setSaved] = useState<string>();
  const rows = inventory.value?.rows ?? [];

  async function handleExport(format: InventoryFormat) {
    if (!chosen) return;
    setSaved(undefined);
    const result = await exporter.run({ profileId: chosen, format });
    if (!result.ok) return;
    downloadFile(result.value);
    setSaved(`Saved ${result.value.fileName} (${result.value.rowCount} rows).`);
  }

  return (
    <SpaceBetween size="l">
      <Header
        variant="h1"
        description="Everything Kiln manages in the profile's regions, read from AWS tags: what any operator of the account sees."
      >
        Inventory
      </Header>
      {profiles.error && <ErrorAlert error={profiles.error} />}
      {inventory.error && (
        <ErrorAlert error={inventory.error} action={<Button onClick={inventory.reload}>Retry</Button>} />
      )}
      {exporter.error && <ErrorAlert error={exporter.error} header="Export failed" onDismiss={exporter.clearError} />}
      {saved && (
        <Alert type="success" dismissible onDismiss={() => setSaved(undefined)} data-testid="inventory-export-saved">
          {saved}
        </Alert>
      )}
      {inventory.value && <ProblemsAlert problems={inventory.value.problems} />}
      <FormField label="Profile" description="Kiln reads every region this profile can use.">
        <Select
          data-testid="inventory-profile-select"
          selectedOption={
            chosen ? { value: chosen, label: usable.find((p) => p.id === chosen)?.label ?? chosen } : null
          }
          options={usable.map((p) => ({ value: p.id, label: p.label }))}
          onChange={(event) => setProfileId(event.detail.selectedOption.value)}
          statusType={profiles.loading ? 'loading' : 'finished'}
          placeholder="Choose a profile"
        />
      </FormField>
      {inventory.value && <Summary inventory={inventory.value} />}
      <InventoryTable
        rows={rows}
        loading={inventory.loading}
        readAt={inventory.value?.readAt}
        kind={kind}
        onKindChange={setKind}
        header={
          <Header
            variant="h2"
            counter={inventory.value ? `(${rows.length})` : undefined}
            actions={
              <SpaceBetween direction="horizontal" size="xs">
                <Button
                  iconName="refresh"
                  ariaLabel="Refresh the inventory"
                  data-testid="inventory-refresh"
                  onClick={inventory.reload}
                  disabled={!chosen}
                  loading={inventory.loading}
                />
                <ButtonDropdown
                  data-testid="inventory-export"
                  disabled={!chosen}
                  loading={exporter.loading}
                  items={[
                    { id: 'csv', text: 'CSV (spreadsheets)' },
                    { id: 'json', text: 'JSON (with what could not be read)' },
                  ]}
                  onItemClick={(event) => void handleExport(event.detail.id as InventoryFormat)}
                >
                  Export
                </ButtonDropdown>
              </SpaceBetween>
            }
          >
            Resources
          </Header>
        }
      />
    </SpaceBetween>
  );
}

/** Counts per kind and the estimated total per day (launch and fleet rows are sums of the others, not added again). */
function Summary({ inventory }: { inventory: Inventory }) {
  const counts = new Map<InventoryKind, number>();
  for (const row of inventory.rows) counts.set(row.kind, (counts.get(row.kind) ?? 0) + 1);
  const unknown = inventory.rows.some((r) => !DERIVED_INVENTORY_KINDS.has(r.kind) && r.costPerDay === null);
  return (
    <Box data-testid="inventory-summary">
      <SpaceBetween direction="horizontal" size="l">
        {[...counts].map(([kind, n]) => (
          <span key={kind} data-testid={`inventory-count-${kind}`}>
            {INVENTORY_KIND_LABELS[kind].many}: <b>{n}</b>
          </span>
        ))}
        <span data-testid="inventory-total">
          About <b>{formatUsd(inventoryCostPerDay(inventory.rows))}</b> per day
          {unknown ? ' (some costs unknown: buckets, types missing from the price list)' : ''}
        </span>
      </SpaceBetween>
    </Box>
  );
}

/**
 * One line per kind of trouble (the same kinds and remedy), naming its regions: a DLM endpoint that does not answer
 * says so once, not once per region. The messages as AWS worded them are one click away.
 */
function ProblemsAlert({ problems }: { problems: Inventory['problems'] }) {
  if (problems.length === 0) return null;
  const groups = new Map<string, { kinds: InventoryKind[]; regions: string[]; remedy?: string; messages: string[] }>();
  for (const problem of problems) {
    const key = `${problem.kinds.join()}\u0000${problem.remedy ?? ''}`;
    const group = groups.get(key) ?? { kinds: problem.kinds, regions: [], remedy: problem.remedy, messages: [] };
    group.regions.push(problem.region);
    group.messages.push(problem.message);
    groups.set(key, group);
  }
  return (
    <Alert type="warning" header="Some of the inventory could not be read" data-testid="inventory-problems">
      <SpaceBetween size="xs">
        {[...groups.values()].map((group) => (
          <Box key={`${group.kinds.join()}-${group.regions.join()}`} variant="p">
            {group.kinds.map((k) => INVENTORY_KIND_LABELS[k].many).join(', ')} could not be read in{' '}
            {group.regions.join(', ')}. {group.remedy}
          </Box>
        ))}
        <ExpandableSection headerText="What AWS answered">
          {problems.map((problem, i) => (
            <Box key={i} variant="small" display="block">
              {problem.message}
            </Box>
          ))}
        </ExpandableSection>
      </SpaceBetween>
    </Alert>
  );
}
