import { describe, expect, it } from 'vitest';
import { BatchRegistry } from '../../../../installer-agent/src/journal/batch-registry';
import { EventWindow } from '../../../../installer-agent/src/journal/event-window';
import { OffsetIndex } from '../../../../installer-agent/src/journal/offset-index';
import type { AgentEvent } from '../../../../installer-agent/src/protocol/events';

const line = (seq: number, text = `l${seq}`): AgentEvent => ({ seq, ts: 't', kind: 'line', stream: 'stdout', text });

describe('EventWindow', () => {
  it('keeps at most maxEvents recent events and answers only what it holds', () => {
    const window = new EventWindow(100, 1e9);
    for (let seq = 1; seq <= 10_000; seq += 1) window.push(line(seq));
    expect(window.size).toBe(100);
    expect(window.firstSeq).toBe(9_901);
    expect(window.after(9_900, 3)?.map((e) => e.seq)).toEqual([9_901, 9_902, 9_903]);
    expect(window.after(9_899, 3)).toBeNull();
    expect(window.after(10_000, 3)).toEqual([]);
  });

  it('is also bounded by text size, keeping at least the newest event', () => {
    const window = new EventWindow(1_000, 10_000);
    for (let seq = 1; seq <= 50; seq += 1) window.push(line(seq, 'x'.repeat(1_000)));
    expect(window.size).toBeLessThanOrEqual(10);
    window.push(line(51, 'y'.repeat(50_000)));
    expect(window.size).toBe(1);
  });

  it('starts over on a gap, so it stays contiguous', () => {
    const window = new EventWindow(10, 1e9);
    window.push(line(1));
    window.push(line(5));
    expect(window.firstSeq).toBe(5);
  });
});

describe('BatchRegistry', () => {
  it('forgets the oldest batch ids beyond its capacity', () => {
    const registry = new BatchRegistry(3);
    for (let i = 1; i <= 5; i += 1) registry.remember(`b${i}`, { firstSeq: i, lastSeq: i });
    expect(registry.size).toBe(3);
    expect(registry.get('b2')).toBeUndefined();
    expect(registry.get('b5')).toEqual({ firstSeq: 5, lastSeq: 5 });
  });
});

describe('OffsetIndex', () => {
  it('finds the last indexed record at or before a seq', () => {
    const index = new OffsetIndex(10);
    for (let seq = 1; seq <= 35; seq += 1) index.note(seq, seq * 100);
    expect(index.startFor(1)).toBe(100);
    expect(index.startFor(10)).toBe(100);
    expect(index.startFor(11)).toBe(1_100);
    expect(index.startFor(35)).toBe(3_100);
    expect(new OffsetIndex(10).startFor(5)).toBe(0);
  });
});
