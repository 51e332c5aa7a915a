/**
 * Test doubles for the live console. FakeTerminal stands in for xterm.js, because happy-dom has no canvas or
 * layout to render a terminal with: it keeps what was written as text rows and parses only when told to, so a
 * test controls flow control. ManualFrames replaces requestAnimationFrame with a clock the test advances.
 */
import type {
  ConsoleTerminal,
  ConsoleTerminalEvents,
  ConsoleTerminalFactory,
  ConsoleTerminalOptions,
} from '../../../../../renderer/src/launch-detail/console/console-terminal';
import type { FrameScheduler } from '../../../../../renderer/src/launch-detail/console/console-writer';
import { stripAnsi } from '../../../../../renderer/src/launch-detail/console/format-line';

export interface FakeTerminal extends ConsoleTerminal {
  /** Every write's data, in order, including the ones not parsed yet. */
  writes: string[];
  /** Writes queued and not yet parsed. */
  readonly unparsed: number;
  /** Runs the parsed callbacks of queued writes (all of them, or the first `count`). */
  parse(count?: number): void;
  /** Rows of text written since the last reset, escapes removed. */
  rows(): string[];
  resets: number;
  scrolledToBottom: number;
  selection: string;
  searches: { term: string; direction: 'next' | 'previous' }[];
  cleared: number;
  disposed: boolean;
  /** What the console passed to report scrolls, selections and search results. */
  events: ConsoleTerminalEvents;
}

export function createFakeTerminal(events: ConsoleTerminalEvents, options: { autoParse?: boolean } = {}): FakeTerminal {
  const queue: (() => void)[] = [];
  let screen = '';
  const terminal: FakeTerminal = {
    writes: [],
    get unparsed() {
      return queue.length;
    },
    parse(count = queue.length) {
      for (const callback of queue.splice(0, count)) callback();
    },
    rows: () => (screen === '' ? [] : stripAnsi(screen).split('\r\n')),
    resets: 0,
    scrolledToBottom: 0,
    selection: '',
    searches: [],
    cleared: 0,
    disposed: false,
    events,
    write(data, onParsed) {
      terminal.writes.push(data);
      screen += data;
      if (options.autoParse) queueMicrotask(onParsed);
      else queue.push(onParsed);
    },
    reset() {
      terminal.resets += 1;
      screen = '';
      queue.length = 0;
    },
    scrollToBottom() {
      terminal.scrolledToBottom += 1;
    },

    getSelection: () => terminal.selection,
    search(term, direction) {
      terminal.searches.push({ term, direction });
      events.onSearchResults({ index: 0, count: 1 });
      return true;
    },
    clearSearch() {
      terminal.cleared += 1;
    },
    dispose() {
      terminal.disposed = true;
    },
  };
  return terminal;
}

/** A terminal factory for the console's context that keeps the terminals it made. */
export function fakeTerminalFactory(options: { autoParse?: boolean } = { autoParse: true }) {
  const made: FakeTerminal[] = [];
  /** The options each terminal was created with, in order. */
  const created: ConsoleTerminalOptions[] = [];
  const factory: ConsoleTerminalFactory = (_host, terminalOptions, events) => {
    const terminal = createFakeTerminal(events, options);
    made.push(terminal);
    created.push(terminalOptions);
    return terminal;
  };
  return {
    factory,
    made,
    created,
    latest(): FakeTerminal {
      const live = made.filter((t) => !t.disposed);
      if (live.length === 0) throw new Error('no live fake terminal');
      return live[live.length - 1];
    },
  };
}

export interface ManualFrames extends FrameScheduler {
  /** Current time in ms. */
  time: number;
  /** Frame callbacks waiting. */
  readonly waiting: number;
  /** Advances the clock by `ms` and runs the frame callbacks that were waiting. */
  tick(ms?: number): void;
}

export function manualFrames(): ManualFrames {
  let next = 1;
  const callbacks = new Map<number, () => void>();
  const frames: ManualFrames = {
    time: 0,
    get waiting() {
      return callbacks.size;
    },
    request(callback) {
      callbacks.set(next, callback);
      return next++;
    },
    cancel(handle) {
      callbacks.delete(handle);
    },
    now: () => frames.time,
    tick(ms = 16) {
      frames.time += ms;
      const due = [...callbacks.values()];
      callbacks.clear();
      for (const callback of due) callback();
    },
  };
  return frames;
}
