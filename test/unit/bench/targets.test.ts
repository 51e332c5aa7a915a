// The benches' verdicts: a target is met or missed by its measurement (a missing one misses), and lost, repeated
// and stray lines are counted from the line numbers that arrived.
import { describe, expect, it } from 'vitest';
import { checkTargets, countLoss, verdictLines } from '../../../bench/targets';

describe('bench targets', () => {
  it('passes a measurement on the right side of its limit and misses the rest, NaN included', () => {
    const verdicts = checkTargets([
      { name: 'p99 at 10,000 lines/s', measured: 250, kind: 'max', limit: 250, unit: 'ms' },
      { name: 'p99 at 1,000 lines/s', measured: 250.1, kind: 'max', limit: 250, unit: 'ms' },
      { name: 'peak', measured: 49_999, kind: 'min', limit: 50_000, unit: 'lines/s' },
      { name: 'peak again', measured: 61_000, kind: 'min', limit: 50_000, unit: 'lines/s' },
      { name: 'nothing measured', measured: Number.NaN, kind: 'max', limit: 250, unit: 'ms' },
    ]);
    expect(verdicts.map((v) => v.result)).toEqual(['PASS', 'MISS', 'MISS', 'PASS', 'MISS']);
    expect(verdictLines(verdicts)).toEqual([
      'PASS p99 at 10,000 lines/s: 250 ms (target ≤ 250 ms)',
      'MISS p99 at 1,000 lines/s: 250.1 ms (target ≤ 250 ms)',
      'MISS peak: 49,999 lines/s (target ≥ 50,000 lines/s)',
      'PASS peak again: 61,000 lines/s (target ≥ 50,000 lines/s)',
      'MISS nothing measured: NaN ms (target ≤ 250 ms)',
    ]);
  });

  it('counts lost, repeated and stray line numbers', () => {
    expect(countLoss(5, [1, 2, 3, 4, 5])).toEqual({ received: 5, lost: 0, duplicates: 0, strays: 0 });
    expect(countLoss(5, [5, 1, 1, 3, 9])).toEqual({ received: 5, lost: 2, duplicates: 1, strays: 1 });
    expect(countLoss(3, [])).toEqual({ received: 0, lost: 3, duplicates: 0, strays: 0 });
  });
});
