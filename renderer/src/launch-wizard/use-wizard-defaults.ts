/** A profile's wizard defaults (its last launch), offered once each time a profile is chosen. */
import { useEffect, useEffectEvent, useRef } from 'react';
import type { SavedSpec } from '../../../electron/common/saved-spec';
import { useQuery } from '../common/use-command';

/**
 * Calls `onDefaults` when the defaults of a newly chosen profile arrive. Nothing happens while `enabled` is false
 * (the form was filled from a past launch or a preset, which the operator chose over the defaults), for a profile
 * without defaults, or when the defaults cannot be read (the wizard then simply starts from its own defaults).
 */
export function useWizardDefaults(profileId: string, enabled: boolean, onDefaults: (spec: SavedSpec) => void): void {
  const defaults = useQuery('wizard.defaults.get', enabled && profileId ? { profileId } : null);
  const handled = useRef<string>(undefined);
  const offer = useEffectEvent(onDefaults);

  useEffect(() => {
    if (!profileId) handled.current = undefined;
    if (!enabled || !profileId || defaults.loading || handled.current === profileId) return;
    handled.current = profileId;
    if (defaults.value) offer(defaults.value);
  }, [enabled, profileId, defaults.loading, defaults.value]);
}
