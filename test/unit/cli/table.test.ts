import { describe, expect, it } from 'vitest';
import { renderFields, renderTable, type Column } from '../../../electron/cli/table';

const rows = [
  { id: 'a1', name: 'web server with a long name', phase: 'succeeded' },
  { id: 'b2', name: 'db', phase: 'failed' },
];
const columns: Column<(typeof rows)[number]>[] = [
  { header: 'ID', value: (r) => r.id },
  { header: 'NAME', value: (r) => r.name },
  { header: 'PHASE', value: (r) => r.phase },
];

describe('renderTable', () => {
  it('keeps every character when there is no terminal width', () => {
    expect(renderTable(rows, columns)).toBe(
      [
        'ID  NAME                         PHASE',
        'a1  web server with a long name  succeeded',
        'b2  db                           failed',
        '',
      ].join('\n'),
    );
  });

  it('narrows the widest column with an ellipsis until each line fits the terminal', () => {
    const lines = renderTable(rows, columns, 30).trimEnd().split('\n');
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(30);
    expect(lines[1]).toMatch(/^a1 {2}web server wit…\s+succeeded$/);
  });

  it('puts cells with line breaks on one line', () => {
    expect(renderTable([{ id: 'x', name: 'two\nlines', phase: 'p' }], columns)).toContain('two lines');
  });
});

describe('renderFields', () => {
  it('aligns labels and leaves out empty values', () => {
    expect(
      renderFields([
        ['Launch', 'l-1'],
        ['Public IP', undefined],
        ['Instance', 'i-1'],
      ]),
    ).toBe('Launch    l-1\nInstance  i-1\n');
  });
});
