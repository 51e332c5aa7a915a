import { describe, expect, it } from 'vitest';
import { splitUtf8 } from '../../../../installer-agent/src/text/split-utf8';

describe('splitUtf8', () => {
  it('returns short text as is, and an empty string as one empty piece', () => {
    expect(splitUtf8('hello', 64)).toEqual(['hello']);
    expect(splitUtf8('', 64)).toEqual(['']);
  });

  it('cuts on code point boundaries by UTF-8 size', () => {
    expect(splitUtf8('aaaa€', 4)).toEqual(['aaaa', '€']);
    expect(splitUtf8('😀😀', 4)).toEqual(['😀', '😀']);
    expect(splitUtf8('ab😀', 5)).toEqual(['ab', '😀']);
  });

  it('counts a lone surrogate as the 3 bytes of U+FFFD', () => {
    const pieces = splitUtf8('\ud800\ud800', 4);
    expect(pieces).toEqual(['\ud800', '\ud800']);
  });
});
