/** The live console's toolbar: follow/pause, search, copy, download, timestamps, pacing, text view. Presentational. */
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Input, { type InputProps } from '@cloudscape-design/components/input';
import SegmentedControl from '@cloudscape-design/components/segmented-control';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import ToggleButton from '@cloudscape-design/components/toggle-button';
import { formatInteger } from '../../common/format';
import type { SearchResults } from './console-terminal';
import type { Pacing } from './pacing';

export interface ConsoleToolbarProps {
  paused: boolean;
  /** Lines received but not written yet (shown while paused or replaying). */
  newLines: number;
  onFollow: () => void;
  onPause: () => void;
  searchTerm: string;
  /** Undefined until a search ran for the current term. */
  searchResults: SearchResults | undefined;
  onSearchTermChange: (term: string) => void;
  onSearch: (direction: 'next' | 'previous') => void;
  hasSelection: boolean;
  copying: boolean;
  onCopy: () => void;
  downloading: boolean;
  onDownload: () => void;
  timestamps: boolean;
  onTimestampsChange(on: boolean): void;
  pacing: Pacing;
  onPacingChange(pacing: Pacing): void;
  replaying: boolean;
  onSkipToLive: () => void;
  textView: boolean;
  onTextViewChange(on: boolean): void;
  notice: string | undefined;
}

export function ConsoleToolbar(props: ConsoleToolbarProps) {
  return (
    <div className="kiln-console-toolbar" data-testid="console-toolbar">
      <SpaceBetween direction="horizontal" size="xs" alignItems="center">
        <FollowControl {...props} />
        <SearchControl {...props} />
        <Button data-testid="console-copy" iconName="copy" loading={props.copying} onClick={props.onCopy}>
          {props.hasSelection ? 'Copy selection' : 'Copy all'}
        </Button>
        <Button
          data-testid="console-download"
          iconName="download"
          loading={props.downloading}
          onClick={props.onDownload}
        >
          Download full log
        </Button>
        <ToggleButton
          data-testid="console-timestamps"
          pressed={props.timestamps}
          iconName="status-pending"
          pressedIconName="status-pending"
          onChange={({ detail }) => props.onTimestampsChange(detail.pressed)}
        >
          Timestamps
        </ToggleButton>
        <SegmentedControl
          data-testid="console-pacing"
          label="Pacing"
          selectedId={props.pacing}
          options={[
            { id: 'instant', text: 'Instant' },
            { id: 'as-it-happened', text: 'As it happened' },
          ]}
          onChange={({ detail }) => props.onPacingChange(detail.selectedId as Pacing)}
        />
        {props.replaying && (
          <Button data-testid="console-skip-to-live" iconName="angle-right-double" onClick={props.onSkipToLive}>
            Skip to live
          </Button>
        )}
        <ToggleButton
          data-testid="console-text-view"
          pressed={props.textView}
          iconName="transcript"
          pressedIconName="transcript"
          onChange={({ detail }) => props.onTextViewChange(detail.pressed)}
        >
          Text view
        </ToggleButton>
        {props.notice && <StatusIndicator type="success">{props.notice}</StatusIndicator>}
      </SpaceBetween>
    </div>
  );
}

function FollowControl({ paused, newLines, onFollow, onPause }: ConsoleToolbarProps) {
  if (!paused) {
    return (
      <Button data-testid="console-follow" data-following="true" iconName="pause" onClick={onPause}>
        Pause
      </Button>
    );
  }
  return (
    <SpaceBetween direction="horizontal" size="xxs" alignItems="center">
      <Button data-testid="console-follow" data-following="false" variant="primary" iconName="play" onClick={onFollow}>
        Follow
      </Button>
      {newLines > 0 && (
        <Box data-testid="console-new-lines" color="text-status-info" fontWeight="bold">
          {formatInteger(newLines)} new {newLines === 1 ? 'line' : 'lines'}
        </Box>
      )}
    </SpaceBetween>
  );
}

function SearchControl({ searchTerm, searchResults, onSearchTermChange, onSearch }: ConsoleToolbarProps) {
  function handleKeyDown({ detail }: { detail: InputProps.KeyDetail }) {
    if (detail.key === 'Enter') onSearch(detail.shiftKey ? 'previous' : 'next');
    if (detail.key === 'Escape') onSearchTermChange('');
  }
  return (
    <SpaceBetween direction="horizontal" size="xxs" alignItems="center">
      <div className="kiln-console-search">
        <Input
          data-testid="console-search"
          type="search"
          value={searchTerm}
          placeholder="Search the log"
          ariaLabel="Search the log"
          onChange={({ detail }) => onSearchTermChange(detail.value)}
          onKeyDown={handleKeyDown}
        />
      </div>
      <Button
        data-testid="console-search-previous"
        variant="icon"
        iconName="angle-up"
        ariaLabel="Previous match"
        disabled={!searchTerm}
        onClick={() => onSearch('previous')}
      />
      <Button
        data-testid="console-search-next"
        variant="icon"
        iconName="angle-down"
        ariaLabel="Next match"
        disabled={!searchTerm}
        onClick={() => onSearch('next')}
      />
      {searchTerm && searchResults && (
        <Box data-testid="console-search-results" variant="small" color="text-body-secondary">
          {describeResults(searchResults)}
        </Box>
      )}
    </SpaceBetween>
  );
}

/** "3 of 12", "No matches", or "1,000+ matches" when there are more than the terminal highlights. */
export function describeResults({ index, count }: SearchResults): string {
  if (count === 0) return 'No matches';
  if (index < 0) return `${formatInteger(count)}+ matches`;
  return `${formatInteger(index + 1)} of ${formatInteger(count)}`;
}
