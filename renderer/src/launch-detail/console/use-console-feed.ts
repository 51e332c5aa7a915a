/**
 * Connects the log store to a terminal through a console writer, and holds the console's controls (follow or
 * pause, pacing, timestamps). Only counters and flags live in React state; the lines stay in the store.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { LogLine } from '../../../../electron/common/models';
import type { ConsoleTerminal } from './console-terminal';
import { createConsoleWriter, type ConsoleWriter, type FrameScheduler, type WriterProgress } from './console-writer';
import { toTerminalLine } from './format-line';
import type { LogStore } from './log-store';
import type { Pacing } from './pacing';

export interface ConsoleControls {
  paused: boolean;
  /** Why the console is paused: the Pause button, or the user scrolling up (scrolling back down resumes). */
  pausedBy: 'user' | 'scroll' | undefined;
  pacing: Pacing;
  timestamps: boolean;
}

export interface ConsoleFeed {
  progress: WriterProgress;
  controls: ConsoleControls;
  follow: () => void;
  pause: () => void;
  setPacing: (pacing: Pacing) => void;
  skipToLive: () => void;
  setTimestamps: (on: boolean) => void;
  /** The terminal's viewport moved (see ConsoleTerminalEvents.onScroll). */
  handleScroll: (atBottom: boolean) => void;
}

const INITIAL_CONTROLS: ConsoleControls = { paused: false, pausedBy: undefined, pacing: 'instant', timestamps: false };

function lineFormat(timestamps: boolean): (line: LogLine) => string {
  return (line) => toTerminalLine(line, { timestamps });
}

function idleProgress(store: LogStore): WriterProgress {
  return {
    received: store.end,
    written: store.start,
    dropped: store.start,
    pending: store.end - store.start,
    state: 'writing',
  };
}

export function useConsoleFeed(
  store: LogStore,
  terminal: ConsoleTerminal | null,
  frames?: FrameScheduler,
): ConsoleFeed {
  const [controls, setControls] = useState<ConsoleControls>(INITIAL_CONTROLS);
  const [progress, setProgress] = useState<WriterProgress>(() => idleProgress(store));
  const writer = useRef<ConsoleWriter | null>(null);
  // Read by event handlers and by the writer's creation (once per terminal), ahead of the next render.
  const latestControls = useRef(controls);

  useEffect(() => {
    if (!terminal) return;
    const current = latestControls.current;
    const created = createConsoleWriter({
      store,
      terminal,
      format: lineFormat(current.timestamps),
      onProgress: setProgress,
      pacing: current.pacing,
      paused: current.paused,
      ...(frames ? { frames } : {}),
    });
    writer.current = created;
    const unsubscribe = store.subscribe(created.notify);
    created.notify();
    return () => {
      unsubscribe();
      created.dispose();
      writer.current = null;
    };
  }, [store, terminal, frames]);

  const update = useCallback((change: Partial<ConsoleControls>) => {
    latestControls.current = { ...latestControls.current, ...change };
    setControls(latestControls.current);
  }, []);

  const follow = useCallback(() => {
    update({ paused: false, pausedBy: undefined });
    writer.current?.setPaused(false);
  }, [update]);

  const pause = useCallback(() => {
    update({ paused: true, pausedBy: 'user' });
    writer.current?.setPaused(true);
  }, [update]);

  const handleScroll = useCallback(
    (atBottom: boolean) => {
      const { paused, pausedBy } = latestControls.current;
      if (!atBottom && !paused) {
        update({ paused: true, pausedBy: 'scroll' });
        writer.current?.setPaused(true);
      } else if (atBottom && paused && pausedBy === 'scroll') {
        follow();
      }
    },
    [follow, update],
  );

  return {
    progress,
    controls,
    follow,
    pause,
    setPacing: useCallback(
      (pacing: Pacing) => {
        update({ pacing });
        writer.current?.setPacing(pacing);
      },
      [update],
    ),
    skipToLive: useCallback(() => writer.current?.skipToLive(), []),
    setTimestamps: useCallback(
      (timestamps: boolean) => {
        update({ timestamps });
        writer.current?.setFormat(lineFormat(timestamps));
      },
      [update],
    ),
    handleScroll,
  };
}
