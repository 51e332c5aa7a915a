/**
 * The most recent console lines as plain text elements: what screen readers and tests read (a terminal draws
 * rows without per-line elements). Visually hidden unless the user turns on "Text view". Presentational.
 */
import { memo, useLayoutEffect, useRef } from 'react';
import type { LogLine } from '../../../../electron/common/models';
import { formatInteger } from '../../common/format';
import { formatTimestamp, toDisplayText } from './format-line';
import { Visible } from '../../common/visible';

/** How many of the most recent lines the text view holds. */
export const TEXT_VIEW_LINES = 200;

export interface ConsoleTextViewProps {
  lines: readonly LogLine[];
  /** Lines the console holds in all (the text view shows the last TEXT_VIEW_LINES of them). */
  total: number;
  visible: boolean;
  timestamps: boolean;
}

/** How close to the bottom (px) still counts as "at the bottom", where the view keeps following new lines. */
const STICK_THRESHOLD_PX = 24;

export function ConsoleTextView({ lines, total, visible, timestamps }: ConsoleTextViewProps) {
  const list = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  useLayoutEffect(() => {
    const element = list.current;
    if (element && visible && atBottom.current) element.scrollTop = element.scrollHeight;
  }, [lines, visible]);
  const label =
    total > lines.length
      ? `Install log as text, the last ${formatInteger(lines.length)} of ${formatInteger(total)} lines`
      : 'Install log as text';
  // role=log goes on a container around the list: on the <ol> itself it would replace the list role and orphan
  // every <li>.
  return (
    <div
      className={visible ? 'kiln-console-text' : 'kiln-console-text kiln-visually-hidden'}
      ref={list}
      data-testid="log-lines"
      role="log"
      aria-label={label}
      tabIndex={visible ? 0 : -1}
      onScroll={(event) => {
        const element = event.currentTarget;
        atBottom.current = element.scrollHeight - element.scrollTop - element.clientHeight < STICK_THRESHOLD_PX;
      }}
    >
      <ol className="kiln-console-text-list">
        {lines.map((line) => (
          <LogLineRow key={line.seq} line={line} timestamps={timestamps} />
        ))}
      </ol>
    </div>
  );
}

const LogLineRow = memo(function LogLineRow({ line, timestamps }: { line: LogLine; timestamps: boolean }) {
  return (
    <li
      data-testid="log-line"
      data-seq={line.seq}
      data-stream={line.stream}
      className={`kiln-log-line kiln-log-line--${line.stream}`}
    >
      {timestamps && <time dateTime={line.ts}>{formatTimestamp(line.ts)} </time>}
      <Visible text={toDisplayText(line) || '\u00a0'} />
    </li>
  );
});
