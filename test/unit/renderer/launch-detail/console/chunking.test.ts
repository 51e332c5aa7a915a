// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_BUDGET_LIMITS,
  nextBudget,
  takeChunk,
} from '../../../../../renderer/src/launch-detail/console/chunking';

const lengths = (values: number[]) => (position: number) => values[position];

describe('takeChunk', () => {
  it('takes lines while their text (plus a line break each) fits the budget', () => {
    expect(takeChunk(lengths([8, 8, 8, 8]), 0, 4, 25, 100)).toBe(2);
    expect(takeChunk(lengths([8, 8, 8, 8]), 1, 4, 30, 100)).toBe(4);
  });

  it('always takes at least one line, however long', () => {
    expect(takeChunk(lengths([10_000, 1]), 0, 2, 100, 100)).toBe(1);
  });

  it('stops at the end and at the line limit', () => {
    expect(takeChunk(lengths([1, 1, 1]), 0, 3, 1_000, 100)).toBe(3);
    expect(takeChunk(lengths(Array<number>(50).fill(1)), 10, 50, 1_000, 5)).toBe(15);
    expect(takeChunk(lengths([1]), 1, 1, 1_000, 5)).toBe(1);
  });
});

describe('nextBudget', () => {
  const limits = { ...DEFAULT_BUDGET_LIMITS, targetMs: 8, minChars: 1_000, maxChars: 100_000 };

  it('grows after a fast write and shrinks after a slow one, at most doubling or halving', () => {
    expect(nextBudget(10_000, 4, limits)).toBe(20_000);
    expect(nextBudget(10_000, 1, limits)).toBe(20_000);
    expect(nextBudget(10_000, 16, limits)).toBe(5_000);
    expect(nextBudget(10_000, 200, limits)).toBe(5_000);
    expect(nextBudget(10_000, 10, limits)).toBe(8_000);
  });

  it('stays within its limits', () => {
    expect(nextBudget(90_000, 1, limits)).toBe(100_000);
    expect(nextBudget(1_500, 100, limits)).toBe(1_000);
    expect(nextBudget(10_000, 0, limits)).toBe(20_000);
  });
});
