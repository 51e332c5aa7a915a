/** A sparse index from seq to byte offset (one entry every K records) so old pages are read without a full scan. */

interface Entry {
  seq: number;
  offset: number;
}

export class OffsetIndex {
  private readonly entries: Entry[] = [];
  private records = 0;

  constructor(private readonly every: number) {}

  /** Notes a record in file order; keeps every K-th. */
  note(seq: number, offset: number): void {
    if (this.records % this.every === 0) this.entries.push({ seq, offset });
    this.records += 1;
  }

  /** Offset of the last indexed record with seq <= `seq` (0 when there is none): a safe place to start scanning. */
  startFor(seq: number): number {
    let low = 0;
    let high = this.entries.length - 1;
    let found = 0;
    while (low <= high) {
      const mid = (low + high) >> 1;
      const entry = this.entries[mid];
      if (entry !== undefined && entry.seq <= seq) {
        found = entry.offset;
        low = mid + 1;
      } else {
        high = mid - 1;
      }
    }
    return found;
  }
}
