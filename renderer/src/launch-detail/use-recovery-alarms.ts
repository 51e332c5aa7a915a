/**
 * The recovery alarms of one launch: their states (read on mount, after every change and on an interval while the
 * panel is shown, and taken from the backend's slow-tick read of all alarms, `health.alarms.updated`), and enable / reboot-only / remove, each with its own busy flag and error.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { LaunchAlarms, LaunchRecord } from '../../../electron/common/models';
import type { KilnError } from '../../../electron/common/result';
import { useCommand, useEvent } from '../common/use-command';

/** CloudWatch evaluates the status checks every minute: reading more often shows nothing new. */
export const ALARM_REFRESH_MS = 60_000;

export function useRecoveryAlarms(
  record: LaunchRecord,
  onRecord: (record: LaunchRecord) => void,
  refreshMs = ALARM_REFRESH_MS,
) {
  const list = useCommand('health.alarms.list');
  const enable = useCommand('health.alarms.enable');
  const disable = useCommand('health.alarms.disable');
  const [listed, setListed] = useState<LaunchAlarms>();
  // Kept apart from the command's own error so the refusal (and its reboot-only button) stays while that runs.
  const [refusal, setRefusal] = useState<KilnError>();
  // A region CloudWatch could not be read in this time: the last states read stay shown, with this error.
  const [readError, setReadError] = useState<KilnError>();
  const take = useCallback((answer: LaunchAlarms) => {
    setReadError(answer.readError);
    if (!answer.readError) setListed(answer);
  }, []);
  // Counts the reads: the interval and a change can overlap, and only the latest answer may set the states.
  const request = useRef(0);
  const launchId = record.id;
  const runList = list.run;

  const refresh = useCallback(async () => {
    const id = ++request.current;
    const result = await runList({ launchIds: [launchId] });
    if (id !== request.current || !result.ok) return;
    take(result.value.find((a) => a.launchId === launchId) ?? { launchId, region: '', alarms: [] });
  }, [runList, launchId, take]);

  // The backend's own read of every launch's alarms: newer than any list still under way, which is then dropped.
  useEvent('health.alarms.updated', (update) => {
    const mine = update.launches.find((a) => a.launchId === launchId);
    if (!mine) return;
    request.current += 1;
    take(mine);
  });

  useEffect(() => {
    void refresh();
    const timer = setInterval(() => void refresh(), refreshMs);
    return () => clearInterval(timer);
  }, [refresh, refreshMs]);

  async function enableAlarms(rebootOnly: boolean) {
    disable.clearError();
    const result = await enable.run({ launchId, rebootOnly });
    setRefusal(!result.ok && result.error.code === 'RecoverUnsupported' ? result.error : undefined);
    if (!result.ok) return;
    onRecord(result.value);
    await refresh();
  }

  async function removeAlarms() {
    enable.clearError();
    setRefusal(undefined);
    const result = await disable.run({ launchId });
    if (!result.ok) return;
    onRecord(result.value);
    await refresh();
  }

  return {
    /** The alarms as CloudWatch reports them; undefined until the first answer. */
    alarms: listed?.alarms,
    listLoading: list.loading,
    listError: list.error ?? readError,
    enable: (rebootOnly = false) => void enableAlarms(rebootOnly),
    enableLoading: enable.loading,
    /** The refusal of an instance EC2 cannot recover: the reboot alarm alone can still be made. */
    refusal,
    enableError: enable.error?.code === 'RecoverUnsupported' ? undefined : enable.error,
    remove: () => void removeAlarms(),
    removeLoading: disable.loading,
    removeError: disable.error,
  };
}
