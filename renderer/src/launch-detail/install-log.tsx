/** The install log as plain monospace lines, stderr in red, following the end while scrolled to the bottom. */
import { memo, useLayoutEffect, useRef } from 'react';
import type { LogLine } from '../../../electron/common/models';
import { formatDateTime } from '../common/format';
import { stripAnsi } from './merge-log-lines';

export interface InstallLogProps {
  lines: readonly LogLine[];
  loading: boolean;
  /** Shown while there are no lines yet, e.g. what the agent link is waiting for. */
  emptyText: string;
}

/** How close to the bottom (px) still counts as "at the bottom" for auto-scroll. */
const STICK_THRESHOLD_PX = 24;

export function InstallLog({ lines, loading, emptyText }: InstallLogProps) {
  const container = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);

  useLayoutEffect(() => {
    const element = container.current;
    if (element && atBottom.current) element.scrollTop = element.scrollHeight;
  }, [lines]);

  return (
    <div
      ref={container}
      className="kiln-log"
      data-testid="install-log"
      data-lines={lines.length}
      aria-busy={loading}
      role="log"
      aria-label="Install log"
      tabIndex={0}
      onScroll={(event) => {
        const element = event.currentTarget;
        atBottom.current = element.scrollHeight - element.scrollTop - element.clientHeight < STICK_THRESHOLD_PX;
      }}
    >
      {lines.length === 0 ? (
        <div className="kiln-log-empty">{loading ? 'Loading the install log…' : emptyText}</div>
      ) : (
        lines.map((line) => <LogLineRow key={line.seq} line={line} />)
      )}
    </div>
  );
}

const LogLineRow = memo(function LogLineRow({ line }: { line: LogLine }) {
  return (
    <div
      data-testid="log-line"
      data-seq={line.seq}
      data-stream={line.stream}
      className={`kiln-log-line kiln-log-line--${line.stream}`}
      title={formatDateTime(line.ts)}
    >
      {stripAnsi(line.text) || '\u00a0'}
    </div>
  );
});
