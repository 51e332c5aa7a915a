// @vitest-environment happy-dom
// The Inventory page over the fake transport: rows of the first usable profile with counts per kind and the total
// per day, one kind at a time, the text filter, what could not be read, Export as CSV and JSON saved as files (the
// content is the backend's own exporter, through the fake), and the error state with Retry.
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { InventoryRow } from '../../../../electron/common/models';
import { fail } from '../../../../electron/common/result';
import { InventoryView } from '../../../../renderer/src/inventory/inventory-view';
import { createFakeKilnApi } from '../../../support/fake-kiln-api';
import { csvObjects } from '../../../support/csv';
import { captureDownloads } from '../capture-downloads';
import { cloudscape, renderWithApi, selectOption } from '../render-with-api';

afterEach(cleanup);

const row = (over: Partial<InventoryRow> & Pick<InventoryRow, 'kind' | 'id'>): InventoryRow => ({
  region: 'us-east-1',
  launchId: 'launch-1',
  knownHere: true,
  createdAt: '2026-12-01T00:00:00.000Z',
  costPerDay: 0,
  costBasis: 'free',
  ...over,
});
const rows: InventoryRow[] = [
  row({ kind: 'launch', id: 'launch-1', name: 'web', state: 'running', costPerDay: 0.29, costBasis: 'sum' }),
  row({ kind: 'instance', id: 'i-0aaa', name: 'web', state: 'running', costPerDay: 0.25, costBasis: 'price-list' }),
  row({ kind: 'volume', id: 'vol-0bbb', name: 'web', state: 'in-use', costPerDay: 0.04, costBasis: 'storage' }),
  row({ kind: 'security-group', id: 'sg-0ccc', name: 'web' }),
  row({
    kind: 'instance',
    id: 'i-0ddd',
    name: '=other desk',
    launchId: 'launch-9',
    knownHere: false,
    region: 'eu-west-1',
    costPerDay: 1,
    costBasis: 'price-list',
  }),
  row({ kind: 'bucket', id: 'kiln-artifacts', launchId: undefined, costPerDay: null, costBasis: 'unknown' }),
];
const shownIds = () => screen.queryAllByTestId('inventory-row').map((r) => r.getAttribute('data-id'));

describe('InventoryView', () => {
  it('lists the rows of the first usable profile with counts per kind and the total per day', async () => {
    const api = createFakeKilnApi({ inventory: { rows, problems: [] } });
    renderWithApi(<InventoryView />, api);
    await waitFor(() => expect(shownIds()).toHaveLength(rows.length));
    expect(api.callsOf('inventory.list')).toEqual([{ profileId: 'sandbox' }]);
    expect(screen.getByTestId('inventory-count-instance').textContent).toBe('Instances: 2');
    expect(screen.getByTestId('inventory-count-launch').textContent).toBe('Launches: 1');
    // 0.25 + 0.04 + 1 (the launch row is their sum and not added again; the bucket's cost is unknown).
    expect(screen.getByTestId('inventory-total').textContent).toMatch(/About \$1\.29 per day \(some costs unknown/);
    const table = screen.getByTestId('inventory-table');
    expect(within(table).getByText('not on this workstation')).toBeTruthy();
    expect(screen.queryByTestId('inventory-problems')).toBeNull();
  });

  it('shows a fleet and what it owns: the fleet by its name, a sum left out of the total, its resources by kind', async () => {
    const fleet = (over: Partial<InventoryRow> & Pick<InventoryRow, 'kind' | 'id'>) =>
      row({ launchId: undefined, fleetId: 'fl-0a1b2c3d', ...over });
    const fleetRows: InventoryRow[] = [
      fleet({ kind: 'fleet', id: 'fl-0a1b2c3d', name: 'shop', costPerDay: 1.04, costBasis: 'sum' }),
      fleet({ kind: 'auto-scaling-group', id: 'kiln-0a1b2c3d-shop', name: 'kiln-0a1b2c3d-shop' }),
      fleet({
        kind: 'load-balancer',
        id: 'arn:lb',
        name: 'kiln-0a1b2c3d-shop',
        costPerDay: 0.54,
        costBasis: 'price-list',
      }),
      fleet({ kind: 'instance', id: 'i-0fff', costPerDay: 0.5, costBasis: 'price-list' }),
      fleet({ kind: 'listener', id: 'arn:listener', fleetId: 'fl-other', knownHere: false }),
    ];
    renderWithApi(<InventoryView />, createFakeKilnApi({ inventory: { rows: fleetRows, problems: [] } }));
    await waitFor(() => expect(shownIds()).toHaveLength(fleetRows.length));
    expect(screen.getByTestId('inventory-count-fleet').textContent).toBe('Fleets: 1');
    expect(screen.getByTestId('inventory-count-load-balancer').textContent).toBe('Load balancers: 1');
    expect(screen.getByTestId('inventory-total').textContent).toMatch(/About \$1\.04 per day/);
    const owners = screen.getAllByTestId('inventory-owner-fleet').map((el) => el.textContent);
    expect(owners).toContain('Fleet shop');
    expect(owners).toContain('Fleet fl-other');
    selectOption('inventory-kind-select', 'auto-scaling-group');
    await waitFor(() => expect(shownIds()).toEqual(['kiln-0a1b2c3d-shop']));
  });

  it('shows one kind at a time, and filters by text', async () => {
    renderWithApi(<InventoryView />, createFakeKilnApi({ inventory: { rows, problems: [] } }));
    await waitFor(() => expect(shownIds()).toHaveLength(rows.length));
    selectOption('inventory-kind-select', 'instance');
    await waitFor(() => expect(shownIds()).toEqual(['i-0aaa', 'i-0ddd']));
    selectOption('inventory-kind-select', 'all');
    await waitFor(() => expect(shownIds()).toHaveLength(rows.length));
    cloudscape().findTable('[data-testid="inventory-table"]')!.findTextFilter()!.findInput().setInputValue('eu-west-1');
    await waitFor(() => expect(shownIds()).toEqual(['i-0ddd']));
  });

  it('names what could not be read above the rows it could, once per kind of trouble', async () => {
    const dlm = (region: string) => ({
      region,
      kinds: ['policy' as const],
      message: `The snapshot policies in ${region} could not be read: no answer.`,
      remedy: 'Everything else is listed.',
    });
    const problems = [
      dlm('us-east-1'),
      dlm('eu-west-1'),
      { region: 'eu-west-1', kinds: ['key-pair' as const], message: 'The key pairs in eu-west-1 could not be read.' },
    ];
    renderWithApi(<InventoryView />, createFakeKilnApi({ inventory: { rows, problems } }));
    const alert = await screen.findByTestId('inventory-problems');
    expect(alert.textContent).toContain(
      'Snapshot policies could not be read in us-east-1, eu-west-1. Everything else is listed.',
    );
    expect(alert.textContent).toContain('Key pairs could not be read in eu-west-1.');
    // AWS's own words, for each region.
    expect(alert.textContent).toContain('The snapshot policies in eu-west-1 could not be read: no answer.');
    expect(shownIds()).toHaveLength(rows.length);
  });

  it('exports CSV and JSON as files to save', async () => {
    const downloads = captureDownloads();
    const api = createFakeKilnApi({ inventory: { rows, problems: [] } });
    renderWithApi(<InventoryView />, api);
    await waitFor(() => expect(shownIds()).toHaveLength(rows.length));
    const exportMenu = () => cloudscape().findButtonDropdown('[data-testid="inventory-export"]')!;
    exportMenu().openDropdown();
    exportMenu().findItemById('csv')!.click();
    await waitFor(() => expect(downloads.clicked).toHaveLength(1));
    expect(api.callsOf('inventory.export')).toEqual([{ profileId: 'sandbox', format: 'csv' }]);
    expect(downloads.clicked[0]?.download).toMatch(/^kiln-inventory-sandbox-.+\.csv$/);
    expect(downloads.blobs[0]?.type).toBe('text/csv');
    const records = csvObjects(await downloads.blobs[0].text());
    expect(records.map((r) => r.id)).toEqual(rows.map((r) => r.id));
    expect(records.find((r) => r.id === 'i-0ddd')?.name).toBe(`'=other desk`);
    expect((await screen.findByTestId('inventory-export-saved')).textContent).toMatch(/\(6 rows\)/);

    exportMenu().openDropdown();
    exportMenu().findItemById('json')!.click();
    await waitFor(() => expect(downloads.clicked).toHaveLength(2));
    expect(downloads.clicked[1]?.download).toMatch(/\.json$/);
    const json = JSON.parse(await downloads.blobs[1].text()) as { rows: InventoryRow[]; totalCostPerDay: number };
    expect(json.rows).toEqual(rows);
    expect(json.totalCostPerDay).toBe(1.29);
  });

  it('shows why the inventory could not be read, and Retry reads it again', async () => {
    const api = createFakeKilnApi({ inventory: { rows, problems: [] } });
    let failing = true;
    api.respond('inventory.list', ({ profileId }) =>
      failing
        ? fail({ code: 'SandboxNotRunning', message: 'The local sandbox does not answer.', remedy: 'Start it again.' })
        : {
            ok: true,
            value: { profileId, readAt: '2026-12-07T00:00:00.000Z', regions: ['us-east-1'], rows, problems: [] },
          },
    );
    renderWithApi(<InventoryView />, api);
    expect(await screen.findByText(/The local sandbox does not answer\./)).toBeTruthy();
    failing = false;
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(shownIds()).toHaveLength(rows.length));
    expect(api.callsOf('inventory.list')).toHaveLength(2);
  });
});
