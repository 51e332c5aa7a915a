/**
 * Filling the whole wizard form at once: from a past launch (Launch again), from the chosen profile's defaults,
 * or from a preset. Each fill says where the values came from, and afterwards the AMI is shown as its quick-start
 * tile when it is one, else looked up like a typed id (so its architecture picks the instance types).
 */
import { useCallback, useEffect, useState } from 'react';
import type { Profile, QuickStartTile } from '../../../electron/common/models';
import type { KilnError } from '../../../electron/common/result';
import type { Preset } from '../../../electron/common/saved-spec';
import type { AmiLookup } from './use-ami-lookup';
import { adoptQuickStartTile, fillKeepingProfile, type SpecLike } from './form-from-spec';
import { usePresets, type PresetsState } from './use-presets';
import { useWizardDefaults } from './use-wizard-defaults';
import type { WizardForm } from './wizard-form';

/**
 * A spec to start from instead of the profile's defaults, and where it came from: a whole one ("Launch again") or
 * a few fields ("Launch from this image": profile, region, AMI), the others keeping the wizard's initial values.
 */
export interface WizardPrefill {
  spec: SpecLike;
  source: string;
  /** What the operator should know about the spec, shown with the notice. */
  note?: string;
}

export interface FillNotice {
  header: string;
  content: string;
}

export interface FormFill {
  notice: FillNotice | undefined;
  dismissNotice: () => void;
  presets: PresetsState;
  /** Fills the form from a preset, keeping the chosen profile. */
  loadPreset: (preset: Preset) => void;
  presetSaved: (preset: Preset) => void;
}

export function useFormFill(args: {
  prefill: WizardPrefill | undefined;
  form: WizardForm;
  /** Replaces the whole form (and clears its errors). */
  replaceForm: (next: WizardForm) => void;
  /** Merges a change into the latest form (effects of the same render may change other fields). */
  update: (patch: Partial<WizardForm>) => void;
  ami: AmiLookup;
  quickStart: { value: QuickStartTile[] | undefined; error: KilnError | undefined };
  profile: Profile | undefined;
  /** Whether the operator changed the form since choosing the profile. */
  editedSinceProfile(): boolean;
}): FormFill {
  const { prefill, form, replaceForm, update, ami, quickStart } = args;
  const profileLabel = args.profile?.label ?? form.profileId;
  const [notice, setNotice] = useState<FillNotice | undefined>(
    prefill && {
      header: `Filled in from ${prefill.source}`,
      content: prefill.note ?? 'Check the name and the choices, then launch.',
    },
  );
  const [imagePending, setImagePending] = useState(prefill !== undefined);
  const [presetLoaded, setPresetLoaded] = useState(false);
  const presets = usePresets();

  useEffect(() => {
    if (!imagePending || !form.profileId || !form.region || (!quickStart.value && !quickStart.error)) return;
    // Once, when the quick-start answer arrives: the flag goes with the update and the AMI lookup it starts.
    // eslint-disable-next-line react-hooks/set-state-in-effect -- see above
    setImagePending(false);
    const tileIds = (quickStart.value ?? []).flatMap((tile) => (tile.image ? [tile.image.imageId] : []));
    const adopted = adoptQuickStartTile(form, tileIds);
    if (adopted) update(adopted);
    else if (form.customImageId.trim()) void ami.ensure(form.customImageId);
  }, [imagePending, form, quickStart.value, quickStart.error, ami, update]);

  function fill(next: WizardForm, nextNotice: FillNotice) {
    replaceForm(next);
    setNotice(nextNotice);
    setImagePending(true);
  }

  // A past launch or a preset the operator chose wins over the profile's defaults.
  useWizardDefaults(form.profileId, !prefill && !presetLoaded, (defaults) => {
    if (args.editedSinceProfile()) {
      setNotice({
        header: `Kept what you entered`,
        content: `The defaults from your last launch with ${profileLabel} arrived after you changed the form, so they were not applied.`,
      });
      return;
    }
    // Each launch gets its own name, and how many instances to launch is decided each time.
    const fresh = { ...defaults, name: undefined, advanced: defaults.advanced && { ...defaults.advanced, count: 1 } };
    fill(fillKeepingProfile(form, fresh), {
      header: `Filled in from your last launch with ${profileLabel}`,
      content: 'Change anything before you launch; these defaults follow your latest launch with this profile.',
    });
  });

  return {
    notice,
    dismissNotice: useCallback(() => setNotice(undefined), []),
    presets,
    loadPreset(preset) {
      setPresetLoaded(true);
      fill(fillKeepingProfile(form, preset.spec), {
        header: `Loaded the preset "${preset.name}"`,
        content: `The profile stays ${profileLabel}. Check the choices, then launch.`,
      });
    },
    presetSaved(preset) {
      setNotice({
        header: `Saved the preset "${preset.name}"`,
        content: 'Load it from the first step of the wizard next time.',
      });
    },
  };
}
