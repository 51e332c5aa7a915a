/**
 * How fleets stand in AWS (fleets.status), read on open, every 15 s while shown and on each fleets.updated. One call
 * covers every fleet asked for (the backend batches per API and region), so a list never asks once per row.
 */
import { useEffect, useState } from 'react';
import type { FleetStatus } from '../../../electron/common/models';
import { useEvent, useQuery } from '../common/use-command';

/** How often a shown fleet's status is read again. */
export const FLEET_STATUS_INTERVAL_MS = 15_000;

/** `fleetIds` undefined reads every fleet; the last answer stays shown while the next one loads. */
export function useFleetStatus(fleetIds?: readonly string[]) {
  const query = useQuery('fleets.status', fleetIds ? { fleetIds: [...fleetIds] } : {});
  const [last, setLast] = useState<FleetStatus[]>();
  const [seen, setSeen] = useState(query.value);
  if (seen !== query.value) {
    setSeen(query.value);
    if (query.value) setLast(query.value);
  }
  const { reload } = query;
  useEffect(() => {
    const timer = setInterval(reload, FLEET_STATUS_INTERVAL_MS);
    return () => clearInterval(timer);
  }, [reload]);
  useEvent('fleets.updated', (record) => {
    if (!fleetIds || fleetIds.includes(record.id)) reload();
  });
  return {
    statuses: last,
    byId: (fleetId: string) => last?.find((s) => s.fleetId === fleetId),
    loading: query.loading,
    error: query.error,
    reload,
  };
}
