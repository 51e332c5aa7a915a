/**
 * The install log of one launch, fed into a log store outside React state: what the backend has so far
 * (launch.log from seq 0) plus live `launch.log` events. React sees only the count of lines received.
 */
import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { LogLine } from '../../../electron/common/models';
import type { KilnError } from '../../../electron/common/result';
import { useKilnApi } from '../common/api-context';
import { callCommand } from '../common/call-command';
import { useEvent } from '../common/use-command';
import { CONSOLE_SCROLLBACK } from './console/live-console';
import { createLogStore, type LogStore } from './console/log-store';

export interface InstallLogState {
  store: LogStore;
  /** Distinct lines received so far (more than the store holds once the log outgrows the console). */
  received: number;
  loading: boolean;
  error: KilnError | undefined;
  reload(): void;
}

/** Mount it under a `key` of the launch id: the state belongs to one launch. */
export function useInstallLog(launchId: string): InstallLogState {
  const api = useKilnApi();
  const [store] = useState(() => createLogStore(CONSOLE_SCROLLBACK));
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
    const result = await callCommand(api, 'launch.log', { launchId, after: 0 });
    if (result.ok) {
      store.add(result.value);
      const waiting = early.current;
      early.current = null;
      if (waiting) store.add(waiting);
    }
    setStatus({ loading: false, error: result.ok ? undefined : result.error });
  }, [api, launchId, store]);

  useEffect(() => {
    void load();
  }, [load]);

  return { store, received, loading: status.loading, error: status.error, reload: () => void load() };
}
