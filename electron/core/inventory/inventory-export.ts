/**
 * The inventory as a file: CSV (RFC 4180: a header line, CRLF line ends, fields with a comma, quote or line break
 * quoted, quotes doubled) or JSON (the whole answer, problems included). A spreadsheet runs a cell that starts with
 * `=`, `+`, `-` or `@` as a formula (tab and carriage return too, in some), and tag values are anyone's text: such
 * cells get a leading `'`, so they open as text.
 */
import {
  inventoryCostPerDay,
  type Inventory,
  type InventoryExport,
  type InventoryFormat,
  type InventoryRow,
} from '../../common/models';

/** The CSV columns, in order; `age_days` is counted from when the inventory was read. */
export const CSV_COLUMNS = [
  'kind',
  'id',
  'name',
  'region',
  'launch_id',
  'fleet_id',
  'known_here',
  'created_at',
  'age_days',
  'state',
  'cost_per_day_usd',
  'cost_basis',
  'detail',
  'arn',
] as const;

const FORMULA_START = /^[=+\-@\t\r]/;

/** One CSV field: made inert for spreadsheets, then quoted when RFC 4180 asks for it. */
export function csvField(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Whole days between `createdAt` and `readAt`, one decimal; undefined when AWS gave no creation time. */
export function ageDays(createdAt: string | undefined, readAt: string): number | undefined {
  if (!createdAt) return undefined;
  const ms = Date.parse(readAt) - Date.parse(createdAt);
  return Number.isFinite(ms) ? Math.max(0, Math.round(ms / 8_640_000) / 10) : undefined;
}

function csvLine(row: InventoryRow, readAt: string): string {
  const cells: Record<(typeof CSV_COLUMNS)[number], string | number | boolean | null | undefined> = {
    kind: row.kind,
    id: row.id,
    name: row.name,
    region: row.region,
    launch_id: row.launchId,
    fleet_id: row.fleetId,
    known_here: row.knownHere,
    created_at: row.createdAt,
    age_days: ageDays(row.createdAt, readAt),
    state: row.state,
    cost_per_day_usd: row.costPerDay === null ? undefined : Number(row.costPerDay.toFixed(4)),
    cost_basis: row.costBasis,
    detail: row.detail,
    arn: row.arn,
  };
  return CSV_COLUMNS.map((column) => csvField(cells[column])).join(',');
}

export function inventoryCsv(inventory: Inventory): string {
  const lines = [CSV_COLUMNS.join(','), ...inventory.rows.map((row) => csvLine(row, inventory.readAt))];
  return `${lines.join('\r\n')}\r\n`;
}

/** The file to save: `kiln-inventory-<profile>-<time>.csv|json`, the name safe on every file system. */
export function exportInventory(inventory: Inventory, format: InventoryFormat): InventoryExport {
  const stamp = inventory.readAt.replace(/\.\d+Z$/, 'Z').replaceAll(':', '');
  const profile = inventory.profileId.replace(/[^A-Za-z0-9._-]+/g, '_');
  const fileName = `kiln-inventory-${profile}-${stamp}.${format}`;
  const rowCount = inventory.rows.length;
  if (format === 'csv') {
    return { fileName, mimeType: 'text/csv', content: inventoryCsv(inventory), rowCount };
  }
  const totalCostPerDay = Number(inventoryCostPerDay(inventory.rows).toFixed(4));
  return {
    fileName,
    mimeType: 'application/json',
    content: `${JSON.stringify({ ...inventory, totalCostPerDay }, null, 2)}\n`,
    rowCount,
  };
}
