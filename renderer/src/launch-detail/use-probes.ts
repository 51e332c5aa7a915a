/**
 * The health probes of one launch: their states (read on mount, then taken from `health.probes.updated`), the last
 * 24 h of results (read on mount; each update's result is added, so the chart moves without reading it again), and
 * saving the probe list.
 */
import { useEffect, useState } from 'react';
import type {
  LaunchProbes,
  LaunchRecord,
  ProbeDefinitionInput,
  ProbeHistory,
  ProbePoint,
} from '../../../electron/common/models';
import { useCommand, useEvent } from '../common/use-command';

/** As the backend keeps: 24 h at the 10 s minimum interval. */
const MAX_POINTS = 8_640;

export function useProbes(record: LaunchRecord, onRecord?: (record: LaunchRecord) => void) {
  const launchId = record.id;
  const list = useCommand('health.probes.list');
  const readHistory = useCommand('health.probes.history');
  const save = useCommand('health.probes.set');
  const [probes, setProbes] = useState<LaunchProbes>();
  const [history, setHistory] = useState<ProbeHistory>();
  const runList = list.run;
  const runHistory = readHistory.run;

  // Bumped after a save, to read the states and the history again.
  const [reads, setReads] = useState(0);

  useEffect(() => {
    let current = true;
    void Promise.all([runList({ launchIds: [launchId] }), runHistory({ launchId })]).then(([states, points]) => {
      if (!current) return;
      if (states.ok) setProbes(states.value.find((p) => p.launchId === launchId));
      if (points.ok) setHistory(points.value);
    });
    return () => {
      current = false;
    };
  }, [runList, runHistory, launchId, reads]);

  useEvent('health.probes.updated', ({ launch }) => {
    if (launch.launchId !== launchId) return;
    setProbes(launch);
    setHistory((current) => withLatest(current ?? { launchId, probes: [] }, launch));
  });

  async function saveProbes(list: ProbeDefinitionInput[]): Promise<boolean> {
    const result = await save.run({ launchId, probes: list });
    if (!result.ok) return false;
    setProbes(result.value);
    onRecord?.({ ...record, spec: { ...record.spec, probes: result.value.probes.map((p) => p.probe) } });
    setReads((n) => n + 1);
    return true;
  }

  return {
    probes: probes?.probes,
    health: probes?.health ?? 'none',
    history,
    loadError: list.error ?? readHistory.error,
    save: saveProbes,
    saving: save.loading,
    saveError: save.error,
    clearSaveError: save.clearError,
  };
}

/** The history with each probe's latest result added (once: a result already there is not added again). */
function withLatest(history: ProbeHistory, launch: LaunchProbes): ProbeHistory {
  const probes = launch.probes.map((status) => {
    const points = history.probes.find((p) => p.probeId === status.probe.id)?.points ?? [];
    const last = status.last;
    if (!last) return { probeId: status.probe.id, points };
    const at = Date.parse(last.at);
    if (points.some((p) => p[0] === at)) return { probeId: status.probe.id, points };
    const point: ProbePoint = [at, last.ok, last.latencyMs, last.status];
    return { probeId: status.probe.id, points: [...points, point].slice(-MAX_POINTS) };
  });
  return { launchId: history.launchId, probes };
}
