/** Moving between the wizard's steps: going back is free, going forward validates every step passed over. */
import { useState, type Dispatch, type SetStateAction } from 'react';
import type { WizardProps } from '@cloudscape-design/components/wizard';
import { hasErrors, type FieldErrors } from './field-errors';
import { stepIndex } from './step-definitions';
import type { AmiLookup } from './use-ami-lookup';
import type { LaunchOptions } from './use-launch-options';
import type { UserDataPreview } from './use-user-data-preview';
import type { WizardCatalog } from './use-wizard-catalog';
import type { WizardForm } from './wizard-form';
import { validateStep, type StepContext } from './wizard-validation';

const AMI_STEP = stepIndex('ami');

/** Where the wizard is and how it moves. */
export interface WizardNavigation {
  activeStep: number;
  setActiveStep(step: number): void;
  /** True while steps are being validated (the AMI lookup may take a round trip). */
  checking: boolean;
  /** Validates steps [from, to) with `checking` set; shows the errors and returns the first step that fails, if any. */
  checkSteps: (from: number, to: number) => Promise<number | undefined>;
  navigate(detail: WizardProps.NavigateDetail): Promise<void>;
}

/** What validation needs from the loaded catalog, options and user data preview. */
export function stepContextOf(catalog: WizardCatalog, options: LaunchOptions, preview: UserDataPreview): StepContext {
  return {
    image: catalog.image,
    keyPairNames: options.keyPairs.value?.map((k) => k.name),
    vpcIds: options.vpcs.value?.map((v) => v.vpcId),
    subnetIds: options.subnets.value?.map((s) => s.subnetId),
    groupIds: options.securityGroups.value?.map((g) => g.groupId),
    userData: preview.size && {
      bytes: preview.size.userDataBytes,
      limitBytes: preview.size.limitBytes,
      refusal: preview.size.refusal,
    },
  };
}

/** The `checking` flag and the step moves; `activeStep` is owned by the caller, whose loading hooks read it first. */
export function useWizardNavigation(args: {
  form: WizardForm;
  /** What the catalog knows at this render, for the checks the schema cannot make. */
  context: StepContext;
  ami: AmiLookup;
  setErrors: Dispatch<SetStateAction<FieldErrors>>;
  activeStep: number;
  setActiveStep: (step: number) => void;
}): WizardNavigation {
  const { form, context, ami, setErrors, activeStep, setActiveStep } = args;
  const [checking, setChecking] = useState(false);

  async function firstFailingStep(from: number, to: number): Promise<number | undefined> {
    for (let step = from; step < to; step++) {
      const stepErrors = validateStep(form, step, context);
      let blocked = hasErrors(stepErrors);
      if (step === AMI_STEP && !stepErrors.imageId && form.customImageId.trim()) {
        // The lookup's own error is shown under the AMI id field; it only needs to block here.
        blocked = !(await ami.ensure(form.customImageId)).ok || blocked;
      }
      if (blocked) {
        setErrors((current) => ({ ...current, ...stepErrors }));
        return step;
      }
    }
    return undefined;
  }

  async function checkSteps(from: number, to: number): Promise<number | undefined> {
    setChecking(true);
    const failing = await firstFailingStep(from, to);
    setChecking(false);
    return failing;
  }

  async function navigate({ requestedStepIndex }: WizardProps.NavigateDetail) {
    if (requestedStepIndex <= activeStep) {
      setActiveStep(requestedStepIndex);
      return;
    }
    const failing = await checkSteps(activeStep, requestedStepIndex);
    setActiveStep(failing ?? requestedStepIndex);
  }

  return { activeStep, setActiveStep, checking, checkSteps, navigate };
}
