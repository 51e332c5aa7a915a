// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest';
import { createLogStore } from '../../../../../renderer/src/launch-detail/console/log-store';
import { logLine } from '../../../../support/fake-kiln-api';

const seqs = (lines: readonly { seq: number }[]) => lines.map((l) => l.seq);
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => logLine(from + i));

describe('createLogStore', () => {
  it('keeps lines in seq order, each seq once, and says how many were new', () => {
    const store = createLogStore(100);
    expect(store.add([logLine(1), logLine(2)])).toBe(2);
    expect(store.add([logLine(4), logLine(3), logLine(2), logLine(4)])).toBe(2);
    expect(store.add([logLine(1)])).toBe(0);
    expect(seqs(store.slice(store.start, store.end))).toEqual([1, 2, 3, 4]);
    expect(store.end).toBe(4);
    expect(store.lastSeq).toBe(4);
  });

  it('keeps the first copy of a seq', () => {
    const store = createLogStore(10);
    store.add([logLine(1, 'first')]);
    store.add([logLine(1, 'second')]);
    expect(store.at(0).text).toBe('first');
  });

  it('holds only the newest `capacity` lines and counts the rest as received', () => {
    const store = createLogStore(100);
    store.add(range(1, 250));
    store.add(range(251, 260));
    expect(store.end).toBe(260);
    expect(store.start).toBe(160);
    expect(seqs(store.slice(0, 165))).toEqual([161, 162, 163, 164, 165]);
    expect(store.at(259).seq).toBe(260);
    expect(() => store.at(10)).toThrow(RangeError);
  });

  it('takes a batch many times its capacity and keeps its newest lines', () => {
    const store = createLogStore(1_000);
    store.add(range(1, 20_000));
    expect(store.end - store.start).toBe(1_000);
    expect(store.at(store.start).seq).toBe(19_001);
    expect(store.at(store.end - 1).seq).toBe(20_000);
  });

  it('trims an unordered batch larger than its capacity too', () => {
    const store = createLogStore(100);
    store.add([logLine(5)]);
    expect(store.add([...range(1, 300).reverse(), logLine(150)])).toBe(295);
    expect(store.end).toBe(296);
    expect(seqs(store.slice(store.start, store.end))).toEqual(range(201, 300).map((l) => l.seq));
  });

  it('starts at a position when the log is loaded from its tail', () => {
    const store = createLogStore(100);
    store.startAt(900);
    store.add(range(901, 950));
    expect(store.start).toBe(900);
    expect(store.end).toBe(950);
    expect(store.at(900).seq).toBe(901);
    expect(() => store.startAt(0)).toThrow();
  });

  it('tells subscribers about new lines only', () => {
    const store = createLogStore(10);
    const listener = vi.fn();
    const unsubscribe = store.subscribe(listener);
    store.add([logLine(1)]);
    store.add([logLine(1)]);
    expect(listener).toHaveBeenCalledTimes(1);
    unsubscribe();
    store.add([logLine(2)]);
    expect(listener).toHaveBeenCalledTimes(1);
  });
});
