// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { mergeLogLines, stripAnsi } from '../../../../renderer/src/launch-detail/merge-log-lines';
import { logLine } from '../../../support/fake-kiln-api';

const seqs = (lines: readonly { seq: number }[]) => lines.map((l) => l.seq);

describe('mergeLogLines', () => {
  it('appends lines that continue the log', () => {
    expect(seqs(mergeLogLines([logLine(1), logLine(2)], [logLine(3), logLine(4)]))).toEqual([1, 2, 3, 4]);
  });

  it('drops duplicates and restores seq order', () => {
    const merged = mergeLogLines([logLine(1), logLine(3)], [logLine(4), logLine(2), logLine(3), logLine(2)]);
    expect(seqs(merged)).toEqual([1, 2, 3, 4]);
  });

  it('keeps the first copy of a seq', () => {
    const merged = mergeLogLines([logLine(1, 'first')], [logLine(1, 'second')]);
    expect(merged.map((l) => l.text)).toEqual(['first']);
  });

  it('returns the same array when nothing is new, so React skips the render', () => {
    const current = [logLine(1), logLine(2)];
    expect(mergeLogLines(current, [])).toBe(current);
    expect(mergeLogLines(current, [logLine(2), logLine(1)])).toBe(current);
  });
});

describe('stripAnsi', () => {
  it('removes colour and OSC sequences and keeps the text', () => {
    expect(stripAnsi('\u001b[1;31merror\u001b[0m: \u001b]0;title\u0007done')).toBe('error: done');
    expect(stripAnsi('plain [not ansi]')).toBe('plain [not ansi]');
  });
});
