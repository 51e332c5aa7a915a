/**
 * Tables for people: columns as wide as their widest cell, shrunk (widest first, cut with "…") until the table fits
 * the terminal; not cut at all when the output is not a terminal (a pipe or a file keeps every character).
 */
export interface Column<Row> {
  header: string;
  value: (row: Row) => string;
  /** Never cut below this many characters (default 6). */
  minWidth?: number;
}

const GAP = '  ';

export function renderTable<Row>(rows: readonly Row[], columns: readonly Column<Row>[], width?: number): string {
  const cells = rows.map((row) => columns.map((column) => oneLine(column.value(row))));
  const widths = columns.map((column, i) => Math.max(column.header.length, ...cells.map((r) => (r[i] ?? '').length)));
  if (width !== undefined) fit(widths, columns, width);
  const line = (values: string[]) =>
    values
      .map((value, i) => {
        const columnWidth = widths[i] ?? value.length;
        return i === values.length - 1 ? cut(value, columnWidth) : cut(value, columnWidth).padEnd(columnWidth);
      })
      .join(GAP)
      .trimEnd();
  return [line(columns.map((c) => c.header)), ...cells.map(line)].join('\n') + '\n';
}

/** Narrows the widest columns, one character at a time, until the row fits `width` or nothing can shrink. */
function fit<Row>(widths: number[], columns: readonly Column<Row>[], width: number): void {
  const total = () => widths.reduce((sum, w) => sum + w, 0) + GAP.length * (widths.length - 1);
  while (total() > width) {
    let widest = -1;
    widths.forEach((w, i) => {
      const min = Math.max(columns[i]?.minWidth ?? 6, 1);
      if (w > min && (widest < 0 || w > (widths[widest] ?? 0))) widest = i;
    });
    if (widest < 0) return;
    widths[widest] = (widths[widest] ?? 1) - 1;
  }
}

function cut(value: string, width: number): string {
  return value.length <= width ? value : `${value.slice(0, Math.max(width - 1, 0))}…`;
}

function oneLine(value: string): string {
  return value.replace(/[\r\n\t]+/g, ' ');
}

/** "label  value" lines for one object (`kiln show`), labels padded to one width; empty values left out. */
export function renderFields(fields: ReadonlyArray<[string, string | undefined]>): string {
  const shown = fields.filter((f): f is [string, string] => f[1] !== undefined && f[1] !== '');
  const labelWidth = Math.max(...shown.map(([label]) => label.length));
  return shown.map(([label, value]) => `${label.padEnd(labelWidth)}  ${value}`).join('\n') + '\n';
}
