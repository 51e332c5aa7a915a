/** The workstation's fleets (fleets.list), kept live by fleets.updated and by what the page itself did. */
import { useCallback, useState } from 'react';
import type { FleetRecord } from '../../../electron/common/models';
import { useEvent, useQuery } from '../common/use-command';
import { applyFleetUpdate } from './fleets-store';

export function useFleets() {
  const query = useQuery('fleets.list', {});
  const [fleets, setFleets] = useState<FleetRecord[]>();
  // A (re)load replaces the rows when its answer arrives (adjusted while rendering, from the previous answer seen).
  const [seen, setSeen] = useState(query.value);
  if (seen !== query.value) {
    setSeen(query.value);
    if (query.value) setFleets(query.value);
  }
  useEvent('fleets.updated', (record) => setFleets((current) => applyFleetUpdate(current ?? [], record)));
  const upsert = useCallback(
    (record: FleetRecord) => setFleets((current) => applyFleetUpdate(current ?? [], record)),
    [],
  );
  return {
    fleets: fleets ?? [],
    loaded: fleets !== undefined,
    loading: query.loading,
    error: query.error,
    reload: query.reload,
    upsert,
  };
}

export type FleetsState = ReturnType<typeof useFleets>;
