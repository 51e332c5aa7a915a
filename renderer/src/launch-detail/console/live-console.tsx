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
import type { LogStore } from './log-store';
import { useConsoleActions } from './use-console-actions';
import { useConsoleFeed } from './use-console-feed';
import { useConsoleTerminal } from './use-console-terminal';

// Its own module, so that code outside the console (loaded on demand) can read it without loading the console.
import { CONSOLE_SCROLLBACK } from './console-scrollback';
export { CONSOLE_SCROLLBACK };

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
  const logLabel = `Install log of ${launchName}`;
  const { terminal, failure, hasSelection, searchResults, clearSearchResults } = useConsoleTerminal(
    host,
    { scrollback: CONSOLE_SCROLLBACK, label: `${logLabel} (read only)`, describedBy: consoleKeysHint },
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
        <div className="kiln-console-frame" data-testid="console-frame" role="log" aria-label={logLabel}>
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
