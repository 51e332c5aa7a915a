/** A strict RFC 4180 reader for tests: quoted fields, doubled quotes, CRLF records; throws on anything else. */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let i = 0;
  const field = (): string => {
    if (text[i] !== '"') {
      const start = i;
      while (i < text.length && text[i] !== ',' && text[i] !== '\r') {
        if (text[i] === '"' || text[i] === '\n') throw new Error(`unquoted ${JSON.stringify(text[i])} at ${i}`);
        i++;
      }
      return text.slice(start, i);
    }
    let value = '';
    i++;
    for (;;) {
      if (i >= text.length) throw new Error('unterminated quoted field');
      if (text[i] === '"' && text[i + 1] === '"') {
        value += '"';
        i += 2;
      } else if (text[i] === '"') {
        i++;
        return value;
      } else value += text[i++];
    }
  };
  while (i < text.length) {
    record.push(field());
    if (text[i] === ',') {
      i++;
    } else if (text.startsWith('\r\n', i)) {
      records.push(record);
      record = [];
      i += 2;
    } else throw new Error(`expected , or CRLF at ${i}`);
  }
  if (record.length > 0) throw new Error('the last record has no CRLF');
  return records;
}

/** Records as objects keyed by the header line's names. */
export function csvObjects(text: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(text);
  if (!header) throw new Error('no header line');
  return rows.map((row) => {
    if (row.length !== header.length)
      throw new Error(`a record of ${row.length} fields, the header has ${header.length}`);
    return Object.fromEntries(header.map((name, k) => [name, row[k]]));
  });
}
