// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { dueTime, lineTimeMs, takeDue } from '../../../../../renderer/src/launch-detail/console/pacing';

// Lines produced at these times (ms) by the install script.
const produced = [0, 0, 300, 5_000, 5_100];
const timeAt = (position: number) => produced[position];

describe('dueTime', () => {
  it('makes the first line of a replay due now', () => {
    expect(dueTime(null, 123, 1_000, 1_000)).toBe(1_000);
  });

  it('spaces lines by their original gap, capped, never negative', () => {
    expect(dueTime({ dueAt: 1_000, lineTime: 0 }, 300, 1_000, 1_000)).toBe(1_300);
    expect(dueTime({ dueAt: 1_000, lineTime: 0 }, 60_000, 1_000, 1_000)).toBe(2_000);
    expect(dueTime({ dueAt: 1_000, lineTime: 500 }, 400, 1_000, 1_000)).toBe(1_000);
  });

  it('paces from now again after a quiet spell instead of bursting', () => {
    expect(dueTime({ dueAt: 1_000, lineTime: 0 }, 100, 60_000, 1_000)).toBe(60_000);
  });
});

describe('takeDue', () => {
  it('replays at the pace the lines were produced, with long gaps capped', () => {
    // Replay starts at t=10,000 on the wall clock.
    let take = takeDue(timeAt, 0, 5, null, 10_000, 1_000);
    expect(take.end).toBe(2); // two lines at once, then a 300 ms gap
    expect(take.nextDueAt).toBe(10_300);

    take = takeDue(timeAt, take.end, 5, take.state, 10_299, 1_000);
    expect(take.end).toBe(2);

    take = takeDue(timeAt, take.end, 5, take.state, 10_300, 1_000);
    expect(take.end).toBe(3);
    expect(take.nextDueAt).toBe(11_300); // 4.7 s gap capped at 1 s

    take = takeDue(timeAt, take.end, 5, take.state, 11_400, 1_000);
    expect(take.end).toBe(5); // the 100 ms gap after it is already over
    expect(take.nextDueAt).toBeUndefined();
  });

  it('does not drift when gaps are shorter than a frame', () => {
    const times = Array.from({ length: 100 }, (_, i) => i * 5); // a line every 5 ms
    let take = takeDue((p) => times[p], 0, 100, null, 0, 1_000);
    for (let now = 16; take.end < 100; now += 16)
      take = takeDue((p) => times[p], take.end, 100, take.state, now, 1_000);
    expect(take.state!.dueAt).toBe(495);
  });

  it('takes nothing beyond the limit', () => {
    expect(takeDue(timeAt, 0, 1, null, 0).end).toBe(1);
  });
});

describe('lineTimeMs', () => {
  it('parses ISO timestamps and falls back for anything else', () => {
    expect(lineTimeMs('2025-01-15T10:00:00.500Z', 0)).toBe(Date.UTC(2025, 0, 15, 10, 0, 0, 500));
    expect(lineTimeMs('garbage', 42)).toBe(42);
  });
});
