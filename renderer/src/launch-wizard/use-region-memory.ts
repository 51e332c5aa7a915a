/** The region last chosen for each profile, remembered by the backend across runs (preferences.get/set). */
import { useCallback, useState } from 'react';
import { useCommand, useQuery } from '../common/use-command';

export interface RegionMemory {
  /** False until the remembered regions have loaded (or failed to: then nothing is remembered). */
  ready: boolean;
  regionFor(profileId: string): string | undefined;
  remember(profileId: string, region: string): void;
}

export function useRegionMemory(): RegionMemory {
  const preferences = useQuery('preferences.get', {});
  const save = useCommand('preferences.set');
  // Choices made in this session win over what was loaded, without waiting for the save to answer.
  const [chosen, setChosen] = useState<Record<string, string>>({});
  const { run } = save;
  const remember = useCallback(
    (profileId: string, region: string) => {
      if (!profileId || !region) return;
      setChosen((current) => (current[profileId] === region ? current : { ...current, [profileId]: region }));
      void run({ lastRegion: { profileId, region } });
    },
    [run],
  );
  const loaded = preferences.value?.regionByProfile;
  const regionFor = useCallback((profileId: string) => chosen[profileId] ?? loaded?.[profileId], [chosen, loaded]);
  return { ready: !preferences.loading, regionFor, remember };
}
