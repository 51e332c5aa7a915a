/** The wizard's Launch button: validate every step, then start one launch or a batch, and show what refused it. */
import { useState, type Dispatch, type SetStateAction } from 'react';
import type { CommandOutput } from '../../../electron/common/contract';
import type { LaunchRecord, LaunchSpecInput } from '../../../electron/common/models';
import type { KilnError } from '../../../electron/common/result';
import { useCommand } from '../common/use-command';
import { fieldPathOf, type FieldErrors } from './field-errors';
import { REVIEW_STEP } from './step-definitions';

/** What a launch of several instances started, and the launch that stopped it, if any. */
export type BatchLaunched = CommandOutput<'launch.startBatch'>;

/** The Launch button's state and action. */
export interface WizardSubmit {
  launching: boolean;
  /** The backend's refusal of the last launch, until dismissed or the next launch. */
  submitError: KilnError | undefined;
  dismissError: () => void;
  submit(): Promise<void>;
}

/** The launch commands and the refusal to show, for the spec as it is now. */
export function useWizardSubmit(args: {
  spec: LaunchSpecInput;
  checking: boolean;
  checkSteps: (from: number, to: number) => Promise<number | undefined>;
  setActiveStep: (step: number) => void;
  setErrors: Dispatch<SetStateAction<FieldErrors>>;
  onLaunched: (record: LaunchRecord) => void;
  onLaunchedMany?: (result: BatchLaunched) => void;
}): WizardSubmit {
  const { spec, checking, checkSteps, setActiveStep, setErrors, onLaunched, onLaunchedMany } = args;
  const [submitError, setSubmitError] = useState<KilnError>();
  const start = useCommand('launch.start');
  const startBatch = useCommand('launch.startBatch');
  const launching = start.loading || startBatch.loading;

  function showFailure(error: KilnError) {
    const field = fieldPathOf(error.field);
    if (field) setErrors((current) => ({ ...current, [field]: error.message }));
    setSubmitError(error);
  }

  async function submit() {
    if (launching || checking) return;
    setSubmitError(undefined);
    const failing = await checkSteps(0, REVIEW_STEP);
    if (failing !== undefined) {
      setActiveStep(failing);
      return;
    }
    if ((spec.advanced?.count ?? 1) > 1) {
      const result = await startBatch.run({ spec });
      if (!result.ok) showFailure(result.error);
      else if (onLaunchedMany) onLaunchedMany(result.value);
      else result.value.launched.forEach(onLaunched);
      return;
    }
    const result = await start.run({ spec });
    if (result.ok) onLaunched(result.value);
    else showFailure(result.error);
  }

  return { launching, submitError, dismissError: () => setSubmitError(undefined), submit };
}
