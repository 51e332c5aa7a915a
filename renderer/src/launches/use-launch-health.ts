/**
 * Each launch's health for the launches list (the worst state of its probes): read once, then kept current from
 * `health.probes.updated`. Launches without probes are absent (shown as "No probes").
 */
import { useEffect, useState } from 'react';
import type { LaunchHealth } from '../../../electron/common/models';
import { useCommand, useEvent } from '../common/use-command';

export function useLaunchHealth(): ReadonlyMap<string, LaunchHealth> {
  const list = useCommand('health.probes.list');
  const [health, setHealth] = useState<ReadonlyMap<string, LaunchHealth>>(new Map());
  const run = list.run;

  useEffect(() => {
    let current = true;
    void run({}).then((result) => {
      if (current && result.ok) setHealth(new Map(result.value.map((l) => [l.launchId, l.health])));
    });
    return () => {
      current = false;
    };
  }, [run]);

  useEvent('health.probes.updated', ({ launch }) =>
    setHealth((before) => new Map(before).set(launch.launchId, launch.health)),
  );
  return health;
}
