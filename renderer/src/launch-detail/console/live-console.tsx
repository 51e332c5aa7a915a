/**
 * The live console: the install log in a terminal (xterm.js) with its toolbar, the notice when older lines
 * fell out of the window, a legend, and the text view. Lines come from the log store; React renders counters.
 */
import { memo, useContext, useEffect, useLayoutEffect, useRef, useState } from 'react';
import Alert from '@cloudscape-design/components/alert';
import SpaceBetween from '@cloudscape-design/components/space-between';
import { ErrorAlert } from '../../common/error-alert';
import { formatInteger } from '../../common/format';
import { ConsoleLegend } from './console-legend';
import { ConsoleTerminalContext, type ConsoleTerminal, type ConsoleTerminalEvents, type SearchResults } from './console-terminal';
import { ConsoleTextView, TEXT_VIEW_LINES } from './console-text-view';
import { ConsoleToolbar } from './console-toolbar';
import type { LogStore } from './log-store';
import { useConsoleActions } from './use-console-actions';
import { useConsoleFeed } from './use-console-feed';

/** Lines the console keeps, in the store and as terminal scrollback; the rest is in Download. */
export const CONSOLE_SCROLLBACK = 100_000;

/** Typing pause before the search runs on its own. */
const SEARCH_DEBOUNCE_MS = 250;

export interface LiveConsoleProps {
  store: LogStore;
  loading: boolean;
  /** Shown while there are no lines yet, e.g. what the agent link is waiting for. */
  emptyText: string;
  launchId: string;
  launchName: string;
}

export const LiveConsole = memo(function LiveConsole({ store, loading, emptyText, launchId, launchName }: LiveConsoleProps) {
  const createTerminal = useContext(ConsoleTerminalContext);
  const host = useRef<HTMLDivElement>(null);
  const [terminal, setTerminal] = useState<ConsoleTerminal | null>(null);
  const [hasSelection, setHasSelection] = useState(false);
  const [searchTerm, setSearchTerm] = useState('');
  const [searchResults, setSearchResults] = useState<SearchResults>();
  const [textView, setTextView] = useState(false);
  const feed = useConsoleFeed(store, terminal);
  const actions = useConsoleActions({ store, terminal, launchId, launchName, timestamps: feed.controls.timestamps });

  // The terminal reports through these; a ref keeps the latest handlers without recreating the terminal.
  const events = useRef<ConsoleTerminalEvents>({ onScroll() {}, onSelectionChange() {}, onSearchResults() {} });
  useLayoutEffect(() => {
    events.current = { onScroll: feed.handleScroll, onSelectionChange: setHasSelection, onSearchResults: setSearchResults };
  });

  useEffect(() => {
    const created = createTerminal(host.current!, { scrollback: CONSOLE_SCROLLBACK }, {
      onScroll: (atBottom) => events.current.onScroll(atBottom),
      onSelectionChange: (selected) => events.current.onSelectionChange(selected),
      onSearchResults: (results) => events.current.onSearchResults(results),
    });
    setTerminal(created);
    return () => {
      setTerminal(null);
      created.dispose();
    };
  }, [createTerminal]);

  useEffect(() => {
    if (!terminal) return;
    if (!searchTerm) {
      terminal.clearSearch();
      setSearchResults(undefined);
      return;
    }
    const timer = setTimeout(() => terminal.search(searchTerm, 'next'), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [terminal, searchTerm]);

  const { progress, controls } = feed;
  const textLines = store.slice(Math.max(store.start, progress.written - TEXT_VIEW_LINES), progress.written);
  const empty = progress.received === 0;
  return (
    <div
      className="kiln-console"
      data-testid="install-log"
      data-lines={progress.received}
      data-written={progress.written}
      data-state={loading ? 'loading' : progress.state}
      aria-busy={loading}
    >
      <SpaceBetween size="xs">
        <ConsoleToolbar
          paused={controls.paused}
          newLines={progress.pending}
          onFollow={feed.follow}
          onPause={feed.pause}
          searchTerm={searchTerm}
          searchResults={searchResults}
          onSearchTermChange={setSearchTerm}
          onSearch={(direction) => terminal?.search(searchTerm, direction)}
          hasSelection={hasSelection}
          copying={actions.copying}
          onCopy={() => void actions.copy()}
          downloading={actions.downloading}
          onDownload={() => void actions.download()}
          timestamps={controls.timestamps}
          onTimestampsChange={feed.setTimestamps}
          pacing={controls.pacing}
          onPacingChange={feed.setPacing}
          replaying={progress.state === 'replaying'}
          onSkipToLive={feed.skipToLive}
          textView={textView}
          onTextViewChange={setTextView}
          notice={actions.notice}
        />
        {actions.error && (
          <ErrorAlert error={actions.error} onDismiss={actions.dismissError} testId="console-error" />
        )}
        {progress.dropped > 0 && (
          <Alert type="info" data-testid="console-truncated">
            The console keeps the last {formatInteger(CONSOLE_SCROLLBACK)} lines; {formatInteger(progress.dropped)} older{' '}
            {progress.dropped === 1 ? 'line is' : 'lines are'} in <b>Download full log</b>.
          </Alert>
        )}
        <div className={textView ? 'kiln-console-frame kiln-console-frame--hidden' : 'kiln-console-frame'}>
          <div ref={host} className="kiln-console-terminal" data-testid="console-terminal" />
          {empty && <div className="kiln-log-empty">{loading ? 'Loading the install log…' : emptyText}</div>}
        </div>
        <ConsoleTextView lines={textLines} total={progress.written - store.start} visible={textView} timestamps={controls.timestamps} />
        <ConsoleLegend />
      </SpaceBetween>
    </div>
  );
});
