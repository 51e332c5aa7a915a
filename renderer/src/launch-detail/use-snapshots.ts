/**
 * The Snapshots list of one launch (read on mount, after Take snapshot now, and on an interval while one is still
 * pending), and the restore dialog's commands: the preview of both methods and the restore itself, whose steps
 * arrive on the launch record.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type {
  LaunchRecord,
  LaunchSnapshot,
  RestoreMethod,
  RestorePreview,
  RestoreResult,
} from '../../../electron/common/models';
import { useCommand } from '../common/use-command';

/** EBS snapshots take minutes: reading every few seconds while one is pending shows its progress rising. */
export const SNAPSHOT_REFRESH_MS = 5_000;

export function useSnapshots(record: LaunchRecord, refreshMs = SNAPSHOT_REFRESH_MS) {
  const list = useCommand('snapshots.list');
  const take = useCommand('snapshots.take');
  const [snapshots, setSnapshots] = useState<LaunchSnapshot[]>();
  const request = useRef(0);
  const launchId = record.id;
  const runList = list.run;

  const refresh = useCallback(async () => {
    const id = ++request.current;
    const result = await runList({ launchId });
    if (id === request.current && result.ok) setSnapshots(result.value);
  }, [runList, launchId]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const anyPending = snapshots?.some((s) => s.state === 'pending') ?? false;
  useEffect(() => {
    if (!anyPending) return;
    const timer = setInterval(() => void refresh(), refreshMs);
    return () => clearInterval(timer);
  }, [anyPending, refresh, refreshMs]);

  async function takeNow() {
    const result = await take.run({ launchId });
    if (result.ok) await refresh();
  }

  return {
    snapshots,
    listLoading: list.loading,
    listError: list.error,
    refresh: () => void refresh(),
    take: () => void takeNow(),
    takeLoading: take.loading,
    takeError: take.error,
  };
}

/** The restore dialog: what each method does (asked when it opens), then the restore. */
export function useRestore(launchId: string, snapshotId: string) {
  const previewCommand = useCommand('snapshots.restore.preview');
  const restoreCommand = useCommand('snapshots.restore');
  const [preview, setPreview] = useState<RestorePreview>();
  const [result, setResult] = useState<RestoreResult>();
  const runPreview = previewCommand.run;

  useEffect(() => {
    let current = true;
    void runPreview({ launchId, snapshotId }).then((answer) => {
      if (current && answer.ok) setPreview(answer.value);
    });
    return () => {
      current = false;
    };
  }, [runPreview, launchId, snapshotId]);

  async function restore(method: RestoreMethod) {
    const answer = await restoreCommand.run({ launchId, snapshotId, method });
    if (answer.ok) setResult(answer.value);
  }

  return {
    preview,
    previewLoading: previewCommand.loading,
    previewError: previewCommand.error,
    restore: (method: RestoreMethod) => void restore(method),
    restoring: restoreCommand.loading,
    restoreError: restoreCommand.error,
    result,
  };
}
