/** Reads newline-terminated records from a journal file in bounded chunks, with each record's byte offset. */
import type { FileHandle } from 'node:fs/promises';

const CHUNK_BYTES = 256 * 1024;

/** Called per complete line; return false to stop reading. */
export type RecordVisitor = (line: string, offset: number, nextOffset: number) => boolean;

/**
 * Visits every complete line (ending in `\n`) between `start` and `end`; bytes after the last newline are not
 * visited. Resolves with the offset just past the last visited line. Memory stays bounded by the longest line.
 */
export async function readRecords(
  handle: FileHandle,
  start: number,
  end: number,
  visit: RecordVisitor,
): Promise<number> {
  let position = start;
  let carry: Buffer = Buffer.alloc(0);
  let carryOffset = start;
  const chunk = Buffer.alloc(CHUNK_BYTES);
  while (position < end) {
    const { bytesRead } = await handle.read(chunk, 0, Math.min(CHUNK_BYTES, end - position), position);
    if (bytesRead === 0) break;
    position += bytesRead;
    const data = carry.length > 0 ? Buffer.concat([carry, chunk.subarray(0, bytesRead)]) : chunk.subarray(0, bytesRead);
    let lineStart = 0;
    for (let newline = data.indexOf(10); newline !== -1; newline = data.indexOf(10, lineStart)) {
      const offset = carryOffset + lineStart;
      const next = carryOffset + newline + 1;
      if (!visit(data.toString('utf8', lineStart, newline), offset, next)) return next;
      lineStart = newline + 1;
    }
    carryOffset += lineStart;
    carry = Buffer.from(data.subarray(lineStart));
  }
  return carryOffset;
}
