/** The wizard's form and its field errors: editing a field clears that field's errors. */
import { useCallback, useRef, useState, type Dispatch, type SetStateAction } from 'react';
import type { FieldErrors } from './field-errors';
import { formFromSpec } from './form-from-spec';
import type { SpecField } from './step-definitions';
import type { WizardPrefill } from './use-form-fill';
import { INITIAL_FORM, type WizardForm } from './wizard-form';

/** Which spec field a form key feeds, so editing it clears that field's error. */
const FIELD_OF: Record<keyof WizardForm, SpecField> = {
  profileId: 'profileId',
  region: 'region',
  quickStartImageId: 'imageId',
  customImageId: 'imageId',
  instanceType: 'instanceType',
  name: 'name',
  installScript: 'installScript',
  tags: 'tags',
  keyPair: 'keyPair',
  storage: 'storage',
  network: 'network',
  advanced: 'advanced',
  probes: 'probes',
  dns: 'dns',
};

/** The form, its errors and the ways to change them. */
export interface WizardFormState {
  form: WizardForm;
  errors: FieldErrors;
  setErrors: Dispatch<SetStateAction<FieldErrors>>;
  /** Applies a patch (a no-op when nothing changes) and clears the errors of the fields it touches. */
  update: (patch: Partial<WizardForm>) => void;
  /** `update` for what the operator typed or chose: it marks the form as edited since the profile was chosen. */
  edit: (patch: Partial<WizardForm>) => void;
  /** Replaces the whole form and clears every error (a preset, a profile's defaults). */
  replaceForm: (next: WizardForm) => void;
  /** Whether the operator edited the form since choosing the profile. */
  editedSinceProfile: () => boolean;
  /** A profile was chosen: nothing is edited since. */
  profileChosen(): void;
  /** Whether the operator changed anything at all (Cancel then asks before throwing it away). */
  editedAny(): boolean;
}

/** The form (from the prefill, else the defaults) and its errors. */
export function useWizardForm(prefill: WizardPrefill | undefined): WizardFormState {
  const [form, setForm] = useState<WizardForm>(() => (prefill ? formFromSpec(prefill.spec) : INITIAL_FORM));
  const [errors, setErrors] = useState<FieldErrors>({});

  const update = useCallback((patch: Partial<WizardForm>) => {
    const keys = Object.keys(patch) as (keyof WizardForm)[];
    setForm((current) => (keys.every((k) => current[k] === patch[k]) ? current : { ...current, ...patch }));
    setErrors((current) => {
      const fields = keys.map((k) => FIELD_OF[k]);
      const stale = (Object.keys(current) as (keyof FieldErrors)[]).filter((key) =>
        fields.some((f) => key === f || key.startsWith(`${f}.`)),
      );
      if (stale.length === 0) return current;
      const next = { ...current };
      for (const key of stale) delete next[key];
      return next;
    });
  }, []);

  // Whether the operator changed the form since choosing the profile: that profile's defaults, when they arrive
  // later, then leave the form as it is instead of replacing what was typed meanwhile.
  const edited = useRef(false);
  const touched = useRef(false);
  const edit = useCallback(
    (patch: Partial<WizardForm>) => {
      edited.current = true;
      touched.current = true;
      update(patch);
    },
    [update],
  );
  const replaceForm = useCallback((next: WizardForm) => {
    setForm(next);
    setErrors({});
  }, []);
  const editedSinceProfile = useCallback(() => edited.current, []);
  const profileChosen = useCallback(() => {
    edited.current = false;
  }, []);
  const editedAny = useCallback(() => touched.current, []);
  return { form, errors, setErrors, update, edit, replaceForm, editedSinceProfile, profileChosen, editedAny };
}
