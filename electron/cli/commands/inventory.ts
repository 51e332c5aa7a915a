/**
 * `kiln inventory`: everything Kiln manages in the profile's regions, as the Inventory page lists it (read from AWS
 * tags, so every operator of the account sees the same). A table with counts and the cost per day; `--json` and
 * `--csv` print the page's Export files. Parts that could not be read are named on stderr; they do not fail the run.
 */
import { INVENTORY_KIND_LABELS, inventoryCostPerDay, type InventoryRow } from '../../common/models';
import { CliExit, EXIT, type CliContext } from '../cli-context';
import { cliOutputs } from '../output-schemas';
import { renderTable } from '../table';

const usd = (value: number | null) => (value === null ? '?' : `$${value.toFixed(2)}`);

export async function inventoryCommand(context: CliContext, options: { csv?: boolean }): Promise<number> {
  if (options.csv && context.json) {
    throw new CliExit(EXIT.refused, {
      code: 'OneFormat',
      message: '--json and --csv ask for two formats at once.',
      remedy: 'Pass one of them.',
    });
  }
  const profileId = await context.profileId();
  if (options.csv || context.json) {
    const file = await context.must('inventory.export', { profileId, format: options.csv ? 'csv' : 'json' });
    if (options.csv) context.out(file.content);
    else context.printJson(cliOutputs.inventory, cliOutputs.inventory.parse(JSON.parse(file.content) as unknown));
    return EXIT.ok;
  }
  const inventory = await context.must('inventory.list', { profileId });
  for (const problem of inventory.problems) context.note(`kiln: ${problem.message}`);
  if (inventory.rows.length === 0) {
    context.note(`Kiln manages nothing in ${inventory.regions.join(', ')}.`);
    return EXIT.ok;
  }
  context.out(
    renderTable<InventoryRow>(
      inventory.rows,
      [
        { header: 'KIND', value: (r) => r.kind },
        { header: 'ID', value: (r) => r.id, minWidth: 12 },
        { header: 'NAME', value: (r) => r.name ?? '-', minWidth: 8 },
        { header: 'REGION', value: (r) => r.region },
        { header: 'OWNER', value: owner },
        { header: 'STATE', value: (r) => r.state ?? '-' },
        { header: 'CREATED', value: (r) => r.createdAt?.replace('T', ' ').slice(0, 16) ?? '-' },
        { header: 'PER DAY', value: (r) => usd(r.costPerDay) },
      ],
      context.width,
    ),
  );
  const counts = new Map<string, number>();
  for (const row of inventory.rows) counts.set(row.kind, (counts.get(row.kind) ?? 0) + 1);
  const summary = [...counts].map(([kind, n]) => {
    const label = INVENTORY_KIND_LABELS[kind as InventoryRow['kind']];
    return `${n} ${(n === 1 ? label.one : label.many).toLowerCase()}`;
  });
  context.out(`\n${summary.join(', ')}; about ${usd(inventoryCostPerDay(inventory.rows))} per day\n`);
  if (inventory.rows.some((r) => (r.launchId || r.fleetId) && !r.knownHere))
    context.out('* a launch or fleet this workstation does not know\n');
  return EXIT.ok;
}

/** The launch or fleet a row belongs to (a fleet's id is short already), starred when this workstation lacks it. */
function owner(row: InventoryRow): string {
  const id = row.launchId ? row.launchId.slice(0, 8) : row.fleetId;
  return id ? `${id}${row.knownHere ? '' : '*'}` : '-';
}
