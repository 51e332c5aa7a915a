/** The install log of one launch: what the backend has so far (launch.log) plus live `launch.log` events. */
import { useCallback, useEffect, useState } from 'react';
import type { LogLine } from '../../../electron/common/models';
import type { KilnError } from '../../../electron/common/result';
import { useKilnApi } from '../common/api-context';
import { callCommand } from '../common/call-command';
import { useEvent } from '../common/use-command';
import { mergeLogLines } from './merge-log-lines';

export interface InstallLogState {
  lines: readonly LogLine[];
  loading: boolean;
  error: KilnError | undefined;
  reload(): void;
}

/** Mount it under a `key` of the launch id: the state belongs to one launch. */
export function useInstallLog(launchId: string): InstallLogState {
  const api = useKilnApi();
  const [lines, setLines] = useState<readonly LogLine[]>([]);
  const [status, setStatus] = useState<{ loading: boolean; error?: KilnError }>({ loading: true });

  // Subscribed before the first load starts, so no line falls between the load and the first event.
  useEvent('launch.log', (payload) => {
    if (payload.launchId === launchId) setLines((current) => mergeLogLines(current, payload.lines));
  });

  const load = useCallback(async () => {
    setStatus({ loading: true });
    const result = await callCommand(api, 'launch.log', { launchId, after: 0 });
    if (result.ok) setLines((current) => mergeLogLines(current, result.value));
    setStatus({ loading: false, error: result.ok ? undefined : result.error });
  }, [api, launchId]);

  useEffect(() => {
    void load();
  }, [load]);

  return { lines, loading: status.loading, error: status.error, reload: () => void load() };
}
