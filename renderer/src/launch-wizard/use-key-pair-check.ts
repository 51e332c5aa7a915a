/**
 * Checks the key pair choice against the key pairs that exist in the region: a remembered, preset or "Launch again"
 * key pair that is gone (a terminate deleted the key Kiln created) is not kept, or Next would fail on it later.
 * Kiln sets the choice to None and says so in the key pair step.
 */
import { useCallback, useEffect, useState } from 'react';
import type { KeyPairSummary } from '../../../electron/common/models';
import type { QueryState } from '../common/use-command';
import type { WizardForm } from './wizard-form';

/** A change Kiln made to the key pair choice, for the step to say. */
export interface KeyPairChange {
  name: string;
  region: string;
}

export interface KeyPairCheck {
  change: KeyPairChange | undefined;
  dismiss: () => void;
}

/** The existing key pair named in the form when it is not among the region's key pairs (once they are loaded). */
export function missingKeyPair(form: WizardForm, keyPairs: readonly KeyPairSummary[] | undefined): string | undefined {
  const name = form.keyPair.name.trim();
  if (!keyPairs || form.keyPair.mode !== 'existing' || !name) return undefined;
  return keyPairs.some((k) => k.name === name) ? undefined : name;
}

export function useKeyPairCheck(
  form: WizardForm,
  keyPairs: QueryState<KeyPairSummary[]>,
  update: (patch: Partial<WizardForm>) => void,
): KeyPairCheck {
  const [change, setChange] = useState<KeyPairChange>();
  const missing = missingKeyPair(form, keyPairs.value);
  const { region } = form;
  useEffect(() => {
    if (!missing) return;
    update({ keyPair: { ...form.keyPair, mode: 'none', name: '' } });
    // The note belongs to this one change of the form, made when the region's key pairs arrive.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setChange({ name: missing, region });
  }, [missing, region, form.keyPair, update]);
  return { change, dismiss: useCallback(() => setChange(undefined), []) };
}

/** What the key pair step says about the change. */
export function keyPairChangeText(change: KeyPairChange): string {
  return (
    `The key pair ${change.name} no longer exists in ${change.region} (terminating the launch that created it ` +
    'deletes it), so Kiln set the key pair to None. Choose an existing key pair or create a new one if you need one.'
  );
}
