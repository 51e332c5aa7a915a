// The inventory's files: CSV as RFC 4180 reads it (header, CRLF, quoting) with spreadsheet formulas made inert, and
// JSON with the problems and the total; the file names.
import { describe, expect, it } from 'vitest';
import type { Inventory, InventoryRow } from '../../../../electron/common/models';
import { ageDays, CSV_COLUMNS, csvField, exportInventory } from '../../../../electron/core/inventory/inventory-export';
import { csvObjects, parseCsv } from '../../../support/csv';

const row = (over: Partial<InventoryRow>): InventoryRow => ({
  kind: 'instance',
  id: 'i-0123456789abcdef0',
  region: 'us-east-1',
  knownHere: true,
  costPerDay: 0.2496,
  costBasis: 'price-list',
  ...over,
});
const inventory = (rows: InventoryRow[]): Inventory => ({
  profileId: 'team/prod account',
  readAt: '2026-12-07T12:00:00.000Z',
  regions: ['us-east-1'],
  rows,
  problems: [{ region: 'eu-west-1', kinds: ['policy'], message: 'DLM did not answer' }],
});

describe('csvField', () => {
  it('quotes fields with a comma, a quote or a line break, doubling quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\rlf')).toBe('"cr\rlf"');
    expect(csvField(undefined)).toBe('');
    expect(csvField(null)).toBe('');
    expect(csvField(true)).toBe('true');
    expect(csvField(0.5)).toBe('0.5');
  });

  it('prefixes text a spreadsheet would run as a formula with a quote mark', () => {
    expect(csvField('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvField('+1')).toBe("'+1");
    expect(csvField('-2+3')).toBe("'-2+3");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('\tcmd')).toBe("'\tcmd");
    // Only at the start: inside a value these are plain characters.
    expect(csvField('a=b')).toBe('a=b');
    expect(csvField('kiln-launch')).toBe('kiln-launch');
  });
});

describe('exportInventory', () => {
  const rows = [
    row({ name: '=cmd|" /C calc"!A0', createdAt: '2026-12-05T12:00:00.000Z', state: 'running', launchId: 'l-1' }),
    row({
      kind: 'bucket',
      id: 'kiln-artifacts',
      detail: 'cost depends on its content, "roughly"',
      costPerDay: null,
      costBasis: 'unknown',
      knownHere: false,
    }),
    row({ kind: 'launch', id: 'l-1', launchId: 'l-1', costPerDay: 0.3, costBasis: 'sum' }),
  ];

  it('writes a header and one CRLF record per row that an RFC 4180 reader reads back unchanged', () => {
    const file = exportInventory(inventory(rows), 'csv');
    expect(file).toMatchObject({ mimeType: 'text/csv', rowCount: 3 });
    expect(file.fileName).toBe('kiln-inventory-team_prod_account-2026-12-07T120000Z.csv');
    expect(file.content.startsWith(`${CSV_COLUMNS.join(',')}\r\n`)).toBe(true);
    expect(parseCsv(file.content)).toHaveLength(4);
    const [instance, bucket] = csvObjects(file.content);
    expect(instance).toMatchObject({
      kind: 'instance',
      name: `'=cmd|" /C calc"!A0`,
      state: 'running',
      launch_id: 'l-1',
      known_here: 'true',
      age_days: '2',
      cost_per_day_usd: '0.2496',
      cost_basis: 'price-list',
    });
    expect(bucket).toMatchObject({
      detail: 'cost depends on its content, "roughly"',
      cost_per_day_usd: '',
      age_days: '',
      known_here: 'false',
    });
  });

  it('writes JSON with the problems and a total that leaves launch rows (sums) and unknown costs out', () => {
    const file = exportInventory(inventory(rows), 'json');
    expect(file.mimeType).toBe('application/json');
    expect(file.fileName).toMatch(/\.json$/);
    const parsed = JSON.parse(file.content) as Inventory & { totalCostPerDay: number };
    expect(parsed.rows).toEqual(rows);
    expect(parsed.problems).toEqual([{ region: 'eu-west-1', kinds: ['policy'], message: 'DLM did not answer' }]);
    expect(parsed.totalCostPerDay).toBe(0.2496);
  });
});

describe('ageDays', () => {
  it('counts days from creation to the read, one decimal; nothing without a creation time', () => {
    expect(ageDays('2026-12-06T00:00:00.000Z', '2026-12-07T12:00:00.000Z')).toBe(1.5);
    expect(ageDays(undefined, '2026-12-07T12:00:00.000Z')).toBeUndefined();
    expect(ageDays('2026-12-08T00:00:00.000Z', '2026-12-07T12:00:00.000Z')).toBe(0);
  });
});
