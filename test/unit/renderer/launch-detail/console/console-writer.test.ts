// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import type { LogLine } from '../../../../../electron/common/models';
import {
  createConsoleWriter,
  type WriterProgress,
} from '../../../../../renderer/src/launch-detail/console/console-writer';
import { createLogStore } from '../../../../../renderer/src/launch-detail/console/log-store';
import { createFakeTerminal, manualFrames } from './fake-terminal';

const events = { onScroll() {}, onSelectionChange() {}, onSearchResults() {} };

/** Line n, produced n×100 ms after the start (gaps of 100 ms) unless times are given. */
function lines(from: number, to: number, times?: (seq: number) => number): LogLine[] {
  return Array.from({ length: to - from + 1 }, (_, i) => {
    const seq = from + i;
    return {
      seq,
      ts: new Date(Date.UTC(2025, 0, 15) + (times ? times(seq) : seq * 100)).toISOString(),
      stream: 'stdout',
      text: `line ${seq}`,
    };
  });
}

function setup(options: { capacity?: number; maxLines?: number; pacing?: 'instant' | 'as-it-happened' } = {}) {
  const store = createLogStore(options.capacity ?? 1_000);
  const terminal = createFakeTerminal(events);
  const frames = manualFrames();
  const reports: WriterProgress[] = [];
  const writer = createConsoleWriter({
    store,
    terminal,
    frames,
    format: (line) => line.text,
    onProgress: (progress) => reports.push(progress),
    budget: { targetMs: 8, minChars: 10, maxChars: 1_000, maxLines: options.maxLines ?? 10 },
    ...(options.pacing ? { pacing: options.pacing } : {}),
  });
  store.subscribe(writer.notify);
  /** Runs frames and parses until the writer has nothing left it may write now. */
  function settle(): void {
    for (let i = 0; i < 1_000 && (frames.waiting > 0 || terminal.unparsed > 0); i++) {
      terminal.parse();
      frames.tick();
    }
  }
  return { store, terminal, frames, writer, reports, settle };
}

describe('console writer', () => {
  it('writes every line in order, in bounded chunks, with at most two waiting to be parsed', () => {
    const { store, terminal, frames, writer, settle } = setup({ maxLines: 10 });
    store.add(lines(1, 95));
    frames.tick();
    expect(terminal.writes).toHaveLength(2);
    expect(terminal.unparsed).toBe(2);
    frames.tick();
    expect(terminal.writes).toHaveLength(2); // flow control: nothing more until the terminal parsed

    terminal.parse(1);
    expect(terminal.writes).toHaveLength(3);
    settle();
    expect(terminal.rows()).toEqual(lines(1, 95).map((l) => l.text));
    expect(Math.max(...terminal.writes.map((w) => w.split('\r\n').filter(Boolean).length))).toBeLessThanOrEqual(10);
    expect(writer.progress()).toMatchObject({ received: 95, written: 95, pending: 0, state: 'live' });
  });

  it('appends live lines after what is on screen', () => {
    const { store, terminal, settle } = setup();
    store.add(lines(1, 3));
    settle();
    store.add(lines(4, 5));
    settle();
    expect(terminal.rows()).toEqual(['line 1', 'line 2', 'line 3', 'line 4', 'line 5']);
  });

  it('skips lines that fell out of the window before their turn', () => {
    const { store, terminal, writer, settle } = setup({ capacity: 20 });
    store.add(lines(1, 100));
    settle();
    expect(terminal.rows()).toEqual(lines(81, 100).map((l) => l.text));
    expect(writer.progress()).toMatchObject({ received: 100, written: 100, dropped: 80, pending: 0 });
  });

  it('holds new lines while paused, counts them, and writes them on resume at the bottom', () => {
    const { store, terminal, writer, settle } = setup();
    store.add(lines(1, 5));
    settle();
    writer.setPaused(true);
    store.add(lines(6, 12));
    settle();
    expect(terminal.rows()).toHaveLength(5);
    expect(writer.progress()).toMatchObject({ received: 12, written: 5, pending: 7, state: 'paused' });

    writer.setPaused(false);
    expect(terminal.scrolledToBottom).toBe(1);
    settle();
    expect(terminal.rows()).toHaveLength(12);
    expect(writer.progress().state).toBe('live');
  });

  it('redraws what was shown in a new format, even while paused', () => {
    const { store, terminal, writer, settle } = setup();
    store.add(lines(1, 4));
    settle();
    writer.setPaused(true);
    store.add(lines(5, 6));
    writer.setFormat((line) => `#${line.seq} ${line.text}`);
    settle();
    expect(terminal.resets).toBe(1);
    expect(terminal.rows()).toEqual(['#1 line 1', '#2 line 2', '#3 line 3', '#4 line 4']);
    writer.setPaused(false);
    settle();
    expect(terminal.rows()).toHaveLength(6);
  });

  it('waits for the chunks in flight before it resets the terminal', () => {
    const { store, terminal, frames, writer, settle } = setup({ maxLines: 2 });
    store.add(lines(1, 10));
    frames.tick();
    expect(terminal.unparsed).toBe(2);
    writer.setFormat((line) => `> ${line.text}`);
    frames.tick();
    expect(terminal.resets).toBe(0);
    settle();
    expect(terminal.resets).toBe(1);
    expect(terminal.rows()).toEqual(lines(1, 10).map((l) => `> ${l.text}`));
  });

  it('replays "as it happened" at the original pace, capped, and skips to live on request', () => {
    // Lines 1–5 produced at 0 s, 0.5 s, 10 s (a gap the replay caps at 1 s), 10.2 s, 10.4 s.
    const at = [NaN, 0, 500, 10_000, 10_200, 10_400];
    const { store, terminal, frames, writer } = setup({ pacing: 'as-it-happened' });
    store.add(lines(1, 5, (seq) => at[seq]));
    const run = (ms: number) => {
      for (let t = 0; t < ms; t += 10) {
        frames.tick(10);
        terminal.parse();
      }
    };
    run(10); // t = 10: the first line is due at once
    expect(terminal.rows()).toEqual(['line 1']);
    run(490); // t = 500
    expect(terminal.rows()).toEqual(['line 1']);
    expect(writer.progress().state).toBe('replaying');
    run(10); // t = 510
    expect(terminal.rows()).toEqual(['line 1', 'line 2']);
    run(990); // t = 1,500
    expect(terminal.rows()).toHaveLength(2);
    run(10); // t = 1,510: 1 s after line 2, not 9.5 s
    expect(terminal.rows()).toHaveLength(3);

    writer.skipToLive();
    run(20);
    expect(terminal.rows()).toHaveLength(5);
    expect(writer.progress().state).toBe('live');
  });

  it('switching to "as it happened" replays the log from the start', () => {
    const { store, terminal, writer, frames, settle } = setup();
    store.add(lines(1, 3));
    settle();
    writer.setPacing('as-it-happened');
    frames.tick();
    terminal.parse();
    frames.tick();
    expect(terminal.resets).toBe(1);
    expect(terminal.rows()).toEqual(['line 1']);
    writer.setPacing('instant');
    settle();
    expect(terminal.rows()).toEqual(['line 1', 'line 2', 'line 3']);
  });

  it('reports counters at most every 200 ms while writing, and a change of state at once', () => {
    const { store, terminal, frames, reports } = setup({ maxLines: 1 });
    store.add(lines(1, 40));
    for (let i = 0; i < 20; i++) {
      frames.tick(16);
      terminal.parse();
    }
    const writing = reports.filter((r) => r.state === 'writing');
    expect(writing.length).toBeGreaterThan(0);
    expect(writing.length).toBeLessThanOrEqual(3);
    for (let i = 0; i < 100 && frames.waiting + terminal.unparsed > 0; i++) {
      frames.tick(16);
      terminal.parse();
    }
    expect(reports.at(-1)).toMatchObject({ written: 40, state: 'live' });
  });

  it('stops writing when disposed', () => {
    const { store, terminal, frames, writer } = setup();
    store.add(lines(1, 3));
    writer.dispose();
    frames.tick();
    expect(terminal.writes).toEqual([]);
    expect(frames.waiting).toBe(0);
  });
});
