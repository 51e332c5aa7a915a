/**
 * Text Kiln did not write (AWS names, tags and descriptions, launch names, install log lines) may carry invisible
 * characters that change how the rest reads: bidirectional overrides and isolates turn `safe\u202Etxt.exe` into
 * "safeexe.txt", zero-width characters hide inside names that look alike. This pure module splits such text into
 * plain parts and marked parts, each marked character spelled out as `<U+202E>`, so the operator sees what is there.
 */

/** Bidi embeddings and overrides (U+202A–E), isolates (U+2066–9), zero-width and direction marks (U+200B–F), BOM. */
const INVISIBLE = /[\u202a-\u202e\u2066-\u2069\u200b-\u200f\ufeff]/g;

/** One piece of displayed text: as it is, or the spelled-out name of an invisible character. */
export type VisiblePart = { kind: 'text'; text: string } | { kind: 'marked'; text: string };

/** `U+202E` for a character (upper-case hex, at least four digits). */
export function codePointName(char: string): string {
  return `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** The text's parts, in order; a text without invisible characters is one plain part (or none when empty). */
export function visibleParts(text: string): VisiblePart[] {
  const parts: VisiblePart[] = [];
  let from = 0;
  for (const match of text.matchAll(INVISIBLE)) {
    if (match.index > from) parts.push({ kind: 'text', text: text.slice(from, match.index) });
    parts.push({ kind: 'marked', text: `<${codePointName(match[0])}>` });
    from = match.index + match[0].length;
  }
  if (from < text.length) parts.push({ kind: 'text', text: text.slice(from) });
  return parts;
}

/** The text as one plain string with every invisible character spelled out (for labels and attributes). */
export function visibleText(text: string): string {
  return text.replace(INVISIBLE, (char) => `<${codePointName(char)}>`);
}

/** Whether the text holds a character `visibleParts` marks. */
export function hasInvisible(text: string): boolean {
  return text.search(INVISIBLE) !== -1;
}
