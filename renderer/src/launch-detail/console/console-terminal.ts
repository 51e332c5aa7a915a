/**
 * The terminal the live console draws into, as the rest of the console sees it: write with a parsed callback
 * (flow control), reset, scroll, selection and search. xterm.js implements it in the app; tests pass a fake,
 * because happy-dom has no canvas or layout to measure and render a terminal with.
 */
import { createContext } from 'react';
import { createXtermTerminal } from './xterm-terminal';

export interface SearchResults {
  /** Index of the active match, -1 when there are more matches than are highlighted. */
  index: number;
  count: number;
}

export interface ConsoleTerminal {
  /** Queues `data`; `onParsed` runs once the terminal has parsed it (the writer waits for it before the next). */
  write(data: string, onParsed: () => void): void;
  /** Empties the screen and scrollback. */
  reset(): void;
  scrollToBottom(): void;
  getSelection(): string;
  /** Finds the next or previous match of `term` and highlights every match; false when there is none. */
  search(term: string, direction: 'next' | 'previous'): boolean;
  clearSearch(): void;
  dispose(): void;
}

/** What the terminal reports back; the factory receives these once, at creation. */
export interface ConsoleTerminalEvents {
  /** The viewport moved; `atBottom` is false when the user scrolled up into the scrollback. */
  onScroll(atBottom: boolean): void;
  onSelectionChange(hasSelection: boolean): void;
  onSearchResults(results: SearchResults): void;
}

export interface ConsoleTerminalOptions {
  /** Rows kept above the screen. */
  scrollback: number;
  /** The accessible name of the terminal's one focusable element, and the id of its description. */
  label?: string;
  describedBy?: string;
}

export type ConsoleTerminalFactory = (
  host: HTMLElement,
  options: ConsoleTerminalOptions,
  events: ConsoleTerminalEvents,
) => ConsoleTerminal;

/** Stands in when no terminal could be created: output is dropped, the text view shows the lines instead. */
export const noTerminal: ConsoleTerminal = {
  write: (_data, onParsed) => queueMicrotask(onParsed),
  reset() {},
  scrollToBottom() {},
  getSelection: () => '',
  search: () => false,
  clearSearch() {},
  dispose() {},
};

/** Which terminal the console creates: xterm.js unless a test provides another. */
export const ConsoleTerminalContext = createContext<ConsoleTerminalFactory>(createXtermTerminal);
