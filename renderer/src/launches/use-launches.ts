/** The app's one copy of the launch records: loaded with launch.list, kept live by launch.updated. */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { LaunchRecord } from '../../../electron/common/models';
import type { KilnError } from '../../../electron/common/result';
import { useKilnApi } from '../common/api-context';
import { callCommand } from '../common/call-command';
import { useEvent } from '../common/use-command';
import { applyCommandRecord, applyList, sortByCreated, type LaunchesById } from './launch-store';

export interface LaunchesState {
  /** Newest first. */
  records: LaunchRecord[];
  byId: LaunchesById;
  loading: boolean;
  error: KilnError | undefined;
  reload: () => void;
  /** Takes in a record a command returned (launch.start, launch.terminate). */
  upsert: (record: LaunchRecord) => void;
  /** Drops a launch the backend forgot (launch.forget). */
  remove: (launchId: string) => void;
}

export function useLaunches(): LaunchesState {
  const api = useKilnApi();
  const [byId, setById] = useState<LaunchesById>({});
  const [status, setStatus] = useState<{ loading: boolean; error?: KilnError }>({ loading: true });
  const updatedMeanwhile = useRef(new Set<string>());
  const generation = useRef(0);

  const reload = useCallback(async () => {
    const mine = ++generation.current;
    updatedMeanwhile.current = new Set();
    setStatus({ loading: true });
    const result = await callCommand(api, 'launch.list', {});
    if (mine !== generation.current) return;
    if (!result.ok) {
      setStatus({ loading: false, error: result.error });
      return;
    }
    const meanwhile = new Set(updatedMeanwhile.current);
    setById((current) => applyList(current, result.value, meanwhile));
    setStatus({ loading: false });
  }, [api]);

  useEffect(() => {
    // Fetching is what this effect is for; reload marks the list as loading as the request starts.
    // eslint-disable-next-line react-hooks/set-state-in-effect -- see above
    void reload();
  }, [reload]);

  useEvent('launch.updated', (record) => {
    updatedMeanwhile.current.add(record.id);
    setById((current) => ({ ...current, [record.id]: record }));
  });

  const upsert = useCallback((record: LaunchRecord) => setById((current) => applyCommandRecord(current, record)), []);
  const remove = useCallback((launchId: string) => {
    setById((current) => {
      const next = { ...current };
      delete next[launchId];
      return next;
    });
  }, []);
  const records = useMemo(() => sortByCreated(byId), [byId]);
  return {
    records,
    byId,
    loading: status.loading,
    error: status.error,
    reload: () => void reload(),
    upsert,
    remove,
  };
}
