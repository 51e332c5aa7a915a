/**
 * A stand-in for the session's xterm.js terminal (happy-dom cannot render one): it keeps what was written, lets a
 * test type into it and resize it, and counts focus and dispose.
 */
import type {
  SessionTerminal,
  SessionTerminalEvents,
  SessionTerminalFactory,
  TerminalSize,
} from '../../../../../renderer/src/launch-detail/connect/session-terminal';
import { stripAnsi } from '../../../../../renderer/src/launch-detail/console/format-line';

export interface FakeSessionTerminal extends SessionTerminal {
  /** Every write, in order. */
  writes: string[];
  /** Everything written, escapes removed. */
  text(): string;
  /** What typing (or pasting) sends through the terminal. */
  type(data: string): void;
  /** Fits the terminal to a new size, as the fit addon would. */
  resizeTo(size: TerminalSize): void;
  focused: number;
  disposed: boolean;
  host: HTMLElement;
}

export function createFakeSessionTerminal(
  host: HTMLElement,
  events: SessionTerminalEvents,
  size: TerminalSize,
): FakeSessionTerminal {
  let current = size;
  const terminal: FakeSessionTerminal = {
    writes: [],
    text: () => stripAnsi(terminal.writes.join('')),
    type: (data) => events.onData(data),
    resizeTo(next) {
      current = next;
      events.onResize(next);
    },
    focused: 0,
    disposed: false,
    host,
    size: () => current,
    write: (data) => void terminal.writes.push(data),
    focus: () => void (terminal.focused += 1),
    dispose: () => void (terminal.disposed = true),
  };
  return terminal;
}

/** A factory for SessionTerminalContext that keeps the terminals it made. */
export function fakeSessionTerminals(size: TerminalSize = { cols: 120, rows: 32 }) {
  const made: FakeSessionTerminal[] = [];
  const factory: SessionTerminalFactory = (host, events) => {
    const terminal = createFakeSessionTerminal(host, events, size);
    made.push(terminal);
    return terminal;
  };
  return {
    factory,
    made,
    /** The live terminal in the pane of this session element (or the latest live one). */
    of(pane?: HTMLElement): FakeSessionTerminal {
      const live = made.filter((t) => !t.disposed && (!pane || pane.contains(t.host)));
      if (live.length === 0) throw new Error('no live fake session terminal');
      return live[live.length - 1];
    },
  };
}
