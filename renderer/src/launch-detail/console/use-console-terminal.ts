/**
 * Creates the console's terminal in a host element (xterm.js unless the context provides another), wires its
 * events, and falls back to no terminal, with the reason, when it cannot start. Disposes it on unmount.
 */
import { useCallback, useContext, useEffect, useLayoutEffect, useRef, useState, type RefObject } from 'react';
import {
  ConsoleTerminalContext,
  noTerminal,
  type ConsoleTerminal,
  type ConsoleTerminalEvents,
  type ConsoleTerminalOptions,
  type SearchResults,
} from './console-terminal';

export interface ConsoleTerminalState {
  /** Null until created (after the first render) and after unmount. */
  terminal: ConsoleTerminal | null;
  /** Why the terminal could not start; the console then shows its text view. */
  failure: string | undefined;
  hasSelection: boolean;
  searchResults: SearchResults | undefined;
  clearSearchResults: () => void;
}

export function useConsoleTerminal(
  host: RefObject<HTMLElement | null>,
  options: ConsoleTerminalOptions,
  onScroll: (atBottom: boolean) => void,
): ConsoleTerminalState {
  const createTerminal = useContext(ConsoleTerminalContext);
  const [terminal, setTerminal] = useState<ConsoleTerminal | null>(null);
  const [failure, setFailure] = useState<string>();
  const [hasSelection, setHasSelection] = useState(false);
  const [searchResults, setSearchResults] = useState<SearchResults>();
  // The terminal reports through these; a ref keeps the latest handlers without recreating the terminal.
  const events = useRef<ConsoleTerminalEvents>({
    onScroll,
    onSelectionChange: setHasSelection,
    onSearchResults: setSearchResults,
  });
  useLayoutEffect(() => {
    events.current = { onScroll, onSelectionChange: setHasSelection, onSearchResults: setSearchResults };
  }, [onScroll]);

  useEffect(() => {
    let created: ConsoleTerminal;
    try {
      created = createTerminal(host.current!, options, {
        onScroll: (atBottom) => events.current.onScroll(atBottom),
        onSelectionChange: (selected) => events.current.onSelectionChange(selected),
        onSearchResults: (results) => events.current.onSearchResults(results),
      });
    } catch (error) {
      // The log stays readable without a terminal: the text view takes over.
      created = noTerminal;
      // eslint-disable-next-line react-hooks/set-state-in-effect -- the terminal is an outside system that failed to start
      setFailure(error instanceof Error ? error.message : String(error));
    }
    setTerminal(created);
    return () => {
      setTerminal(null);
      created.dispose();
    };
    // The options are read once, when the terminal is created.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [createTerminal, host]);

  const clearSearchResults = useCallback(() => setSearchResults(undefined), []);
  return { terminal, failure, hasSelection, searchResults, clearSearchResults };
}
