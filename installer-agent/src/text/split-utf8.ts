/** Splits text into pieces of at most N UTF-8 bytes without cutting a character in half. */

/** UTF-8 length of one code point. */
function utf8Length(codePoint: number): number {
  if (codePoint < 0x80) return 1;
  if (codePoint < 0x800) return 2;
  if (codePoint < 0x10000) return 3;
  return 4;
}

/** Byte length of a string once encoded as UTF-8 (lone surrogates count as U+FFFD, 3 bytes, like Buffer). */
export function utf8ByteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/**
 * Pieces of `text`, each at most `maxBytes` UTF-8 bytes, in order; joined they give `text` back.
 * An empty string gives one empty piece (an empty line is still a line).
 */
export function splitUtf8(text: string, maxBytes: number): string[] {
  if (maxBytes < 4) throw new Error(`splitUtf8: maxBytes must be at least 4, got ${maxBytes}`);
  if (text.length * 3 <= maxBytes || utf8ByteLength(text) <= maxBytes) return [text];
  const pieces: string[] = [];
  let start = 0;
  let bytes = 0;
  let i = 0;
  while (i < text.length) {
    const codePoint = text.codePointAt(i) as number;
    const units = codePoint > 0xffff ? 2 : 1;
    const size = codePoint >= 0xd800 && codePoint <= 0xdfff ? 3 : utf8Length(codePoint);
    if (bytes + size > maxBytes) {
      pieces.push(text.slice(start, i));
      start = i;
      bytes = 0;
    }
    bytes += size;
    i += units;
  }
  pieces.push(text.slice(start));
  return pieces;
}
