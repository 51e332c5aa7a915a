/**
 * The terminal a connect session draws into, as the session logic sees it: write output, report typed and pasted
 * data and its size. xterm.js implements it in the app; tests pass a fake, because happy-dom has no canvas or
 * layout to render a terminal with.
 */
import { createContext } from 'react';
import { createXtermSessionTerminal } from './xterm-session-terminal';

/** A terminal's size in character cells. */
export interface TerminalSize {
  cols: number;
  rows: number;
}

export interface SessionTerminal {
  /** The size it has now (fitted to its container). */
  size(): TerminalSize;
  /** Output of the remote shell, escapes and all. */
  write(data: string): void;
  focus(): void;
  dispose(): void;
}

/** What the terminal reports back; the factory receives these once, at creation. */
export interface SessionTerminalEvents {
  /** Keystrokes and pasted text, as the remote side expects them. */
  onData(data: string): void;
  /** The terminal was fitted to a new size. */
  onResize(size: TerminalSize): void;
}

export type SessionTerminalFactory = (host: HTMLElement, events: SessionTerminalEvents) => SessionTerminal;

/** Which terminal a session creates: xterm.js unless a test provides another. */
export const SessionTerminalContext = createContext<SessionTerminalFactory>(createXtermSessionTerminal);
