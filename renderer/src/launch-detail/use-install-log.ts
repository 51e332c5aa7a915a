/**
 * The install log of one launch, fed into a log store outside React state: what the backend has so far
 * (launch.logPage, page by page) plus live `launch.log` events. React sees only the count of lines received.
 */
import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { LogLine } from '../../../electron/common/models';
import type { KilnError } from '../../../electron/common/result';
import { useKilnApi } from '../common/api-context';
import { useEvent } from '../common/use-command';
import { CONSOLE_SCROLLBACK } from './console/console-scrollback';
import { createLogStore, type LogStore } from './console/log-store';
import { readLogPages } from './console/read-log-pages';

export interface InstallLogState {
  store: LogStore;
  /** Distinct lines received so far (more than the store holds once the log outgrows the console). */
  received: number;
  loading: boolean;
  error: KilnError | undefined;
  reload: () => void;
}

/** Where the first load starts: the console holds the last CONSOLE_SCROLLBACK lines, so it fetches no more. */
export function initialLoadAfter(agentCursor: number): number {
  return Math.max(0, agentCursor - CONSOLE_SCROLLBACK);
}

/**
 * Mount it under a `key` of the launch id: the state belongs to one launch. `loadAfter` is the seq the first
 * load starts after: 0 for the whole log, more to fetch only its tail (older lines stay in Download).
 */
export function useInstallLog(launchId: string, loadAfter = 0): InstallLogState {
  const api = useKilnApi();
  const [store] = useState(() => createLogStore(CONSOLE_SCROLLBACK));
  const [after] = useState(loadAfter);
  // Live lines that arrive before the first load answers wait here, so the store only ever grows at its end.
  const early = useRef<LogLine[] | null>([]);
  const [status, setStatus] = useState<{ loading: boolean; error?: KilnError }>({ loading: true });
  const received = useSyncExternalStore(store.subscribe, () => store.end);

  // Subscribed before the first load starts, so no line falls between the load and the first event.
  useEvent('launch.log', (payload) => {
    if (payload.launchId !== launchId) return;
    if (early.current) for (const line of payload.lines) early.current.push(line);
    else store.add(payload.lines);
  });

  const load = useCallback(async () => {
    setStatus({ loading: true });
    const error = await readLogPages(api, { launchId, after, keep: CONSOLE_SCROLLBACK }, (lines, skippedTo) => {
      // Lines before the tail were not fetched; with seqs counting lines, the first one says how many there are.
      if (skippedTo > 0 && store.end === 0) store.startAt(Math.max(skippedTo, (lines[0]?.seq ?? 1) - 1));
      store.add(lines);
    });
    if (!error) {
      const waiting = early.current;
      early.current = null;
      if (waiting) store.add(waiting);
    }
    setStatus({ loading: false, error });
  }, [api, launchId, after, store]);

  useEffect(() => {
    // Fetching is what this effect is for; load marks the log as loading as the request starts.
    // eslint-disable-next-line react-hooks/set-state-in-effect -- see above
    void load();
  }, [load]);

  return { store, received, loading: status.loading, error: status.error, reload: () => void load() };
}
