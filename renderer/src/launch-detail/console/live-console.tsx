/**
 * The live console: the install log in a terminal (xterm.js) with its toolbar, the notice when older lines
 * fell out of the window, a legend, and the text view. Lines come from the log store; React renders counters.
 */
import { memo, useCallback, useEffect, useId, useLayoutEffect, useRef, useState } from 'react';
import Alert from '@cloudscape-design/components/alert';
import SpaceBetween from '@cloudscape-design/components/space-between';
import { ErrorAlert } from '../../common/error-alert';
import { formatInteger } from '../../common/format';
import { ConsoleLegend } from './console-legend';
import { ConsoleTextView, TEXT_VIEW_LINES } from './console-text-view';
import { ConsoleToolbar } from './console-toolbar';
import type { ConsoleTerminal } from './console-terminal';
import type { LogStore } from './log-store';
import { useConsoleActions } from './use-console-actions';
import { useConsoleFeed } from './use-console-feed';
import { useConsoleTerminal } from './use-console-terminal';

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

export const LiveConsole = memo(function LiveConsole({
  store,
  loading,
  emptyText,
  launchId,
  launchName,
}: LiveConsoleProps) {
  const host = useRef<HTMLDivElement>(null);
  const consoleKeysHint = useId();
  const [searchTerm, setSearchTerm] = useState('');
  const [textView, setTextView] = useState(false);
  // The terminal's scroll events go to the feed, which needs the terminal: the ref breaks the cycle.
  const handleScroll = useRef<(atBottom: boolean) => void>(() => {});
  const { terminal, failure, hasSelection, searchResults, clearSearchResults } = useConsoleTerminal(
    host,
    CONSOLE_SCROLLBACK,
    useCallback((atBottom: boolean) => handleScroll.current(atBottom), []),
  );
  const feed = useConsoleFeed(store, terminal);
  useLayoutEffect(() => {
    handleScroll.current = feed.handleScroll;
  });
  const actions = useConsoleActions({ store, terminal, launchId, launchName, timestamps: feed.controls.timestamps });

  useEffect(() => {
    if (!terminal) return;
    if (!searchTerm) {
      terminal.clearSearch();
      clearSearchResults();
      return;
    }
    const timer = setTimeout(() => terminal.search(searchTerm, 'next'), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [terminal, searchTerm, clearSearchResults]);

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
        {failure && (
          <Alert type="warning" data-testid="console-no-terminal" header="The terminal view could not start">
            {failure}. The log is shown as text instead; Copy and Download work as usual.
          </Alert>
        )}
        {actions.error && <ErrorAlert error={actions.error} onDismiss={actions.dismissError} testId="console-error" />}
        {progress.dropped > 0 && store.end > store.start && (
          <Alert type="info" data-testid="console-truncated">
            The console keeps the last {formatInteger(CONSOLE_SCROLLBACK)} lines. The lines before line{' '}
            {formatInteger(store.at(store.start).seq)} are in <b>Download full log</b>.
          </Alert>
        )}
        {/* Never display:none while lines stream in: xterm then measures glyph widths as 0 and re-measures forever. */}
        <div
          className="kiln-console-frame"
          data-testid="console-frame"
          role="log"
          aria-label={`Install log of ${launchName}`}
          aria-describedby={consoleKeysHint}
          tabIndex={0}
          onKeyDown={(event) => {
            if (terminal && scrollByKey(terminal, event.key)) event.preventDefault();
          }}
        >
          <div ref={host} className="kiln-console-terminal" data-testid="console-terminal" />
          {empty && <div className="kiln-log-empty">{loading ? 'Loading the install log…' : emptyText}</div>}
        </div>
        <ConsoleTextView
          lines={textLines}
          total={progress.written - store.start}
          visible={textView || failure !== undefined}
          timestamps={controls.timestamps}
        />
        <span id={consoleKeysHint} hidden>
          Read only. Arrow keys, Page Up, Page Down, Home and End scroll the log; Tab moves on.
        </span>
        <ConsoleLegend />
      </SpaceBetween>
    </div>
  );
});

/** The log's scrolling keys (it takes no input); false for any other key, which keeps its usual meaning. */
function scrollByKey(terminal: ConsoleTerminal, key: string): boolean {
  if (key === 'ArrowUp') terminal.scrollLines(-1);
  else if (key === 'ArrowDown') terminal.scrollLines(1);
  else if (key === 'PageUp') terminal.scrollPages(-1);
  else if (key === 'PageDown') terminal.scrollPages(1);
  else if (key === 'Home') terminal.scrollToTop();
  else if (key === 'End') terminal.scrollToBottom();
  else return false;
  return true;
}
