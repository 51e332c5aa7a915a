/** The new-launch wizard: one step per concern, each validated before moving on, then the launch (or launches). */
import { useCallback, useEffect, useMemo, useState } from 'react';
import Alert from '@cloudscape-design/components/alert';
import Button from '@cloudscape-design/components/button';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Wizard, { type WizardProps } from '@cloudscape-design/components/wizard';
import { LaunchSpec, type LaunchRecord } from '../../../electron/common/models';
import { ErrorAlert } from '../common/error-alert';
import { useQuery } from '../common/use-command';
import { starterForPlatform } from './install-templates';
import { DiscardLaunchModal } from './discard-launch-modal';
import { SavePresetButton } from './presets-save';
import { REVIEW_STEP, specFieldOf, STEP_TITLES, stepIndex, stepOfField } from './step-definitions';
import { useAmiLookup } from './use-ami-lookup';
import { useFormFill, type WizardPrefill } from './use-form-fill';
import { useKeyPairCheck } from './use-key-pair-check';
import { useLaunchOptions } from './use-launch-options';
import { useRegionMemory } from './use-region-memory';
import { useUserDataPreview } from './use-user-data-preview';
import { useWizardCatalog } from './use-wizard-catalog';
import { useWizardForm } from './use-wizard-form';
import { stepContextOf, useWizardNavigation } from './use-wizard-navigation';
import { useWizardSubmit, type BatchLaunched } from './use-wizard-submit';
import { toSpecInput } from './wizard-form';
import { wizardSteps } from './wizard-steps';
import type { FleetPrefill } from '../fleets/fleet-form';
import { fleetPrefillFromWizard } from '../fleets/fleet-prefill';

export type { BatchLaunched } from './use-wizard-submit';
export type { WizardPrefill } from './use-form-fill';

export interface LaunchWizardProps {
  /** Start from this spec instead of the profile's defaults (Launch again). */
  prefill?: WizardPrefill;
  /** One instance launched: its record. */
  onLaunched: (record: LaunchRecord) => void;
  /** Several instances asked for (Advanced → count): what was launched, and the failure that stopped the rest. */
  onLaunchedMany?: (result: BatchLaunched) => void;
  /** Opens Create fleet with the wizard's choices; offered on Review when the AMI is Kiln-baked. */
  onCreateFleet?: (from: FleetPrefill) => void;
  onCancel: () => void;
}

const I18N_STRINGS: WizardProps.I18nStrings = {
  stepNumberLabel: (n) => `Step ${n}`,
  collapsedStepsLabel: (n, total) => `Step ${n} of ${total}`,
  skipToButtonLabel: (step) => `Skip to ${step.title}`,
  navigationAriaLabel: 'Steps',
  cancelButton: 'Cancel',
  previousButton: 'Previous',
  nextButton: 'Next',
  optional: 'optional',
  nextButtonLoadingAnnouncement: 'Checking this step',
  submitButtonLoadingAnnouncement: 'Launching',
};

/**
 * Wires the wizard's hooks together and renders the Wizard; the catalog, options and preview hooks come first
 * because the step being shown decides what they load and validation reads what they loaded.
 */
export function LaunchWizard({ prefill, onLaunched, onLaunchedMany, onCreateFleet, onCancel }: LaunchWizardProps) {
  const state = useWizardForm(prefill);
  const { form, update, setErrors } = state;
  const [activeStep, setActiveStep] = useState(0);
  // The Wizard counts every step it has shown as completed. When a check sends the operator back to a step that
  // failed, the steps after it are not done any more: a new Wizard (a new key) forgets how far the last one got.
  const [attempt, setAttempt] = useState(0);
  const sendBackTo = useCallback((step: number) => {
    setActiveStep(step);
    setAttempt((n) => n + 1);
  }, []);
  const [confirmingCancel, setConfirmingCancel] = useState(false);
  const ami = useAmiLookup(form.profileId, form.region);
  const regionMemory = useRegionMemory();
  const catalog = useWizardCatalog(form, update, ami, regionMemory);
  const formFill = useFormFill({
    prefill,
    form,
    replaceForm: state.replaceForm,
    update,
    ami,
    quickStart: catalog.quickStart,
    profile: catalog.profile,
    editedSinceProfile: state.editedSinceProfile,
  });
  const platform = catalog.image?.platform;
  useEffect(() => {
    // A Windows AMI gets the PowerShell starter instead of the bash example, unless the script was edited.
    const starter = platform && starterForPlatform(form.installScript, platform);
    if (starter) update({ installScript: starter });
  }, [platform, form.installScript, update]);
  const options = useLaunchOptions(form.profileId, form.region, activeStep >= 1, form.network.vpcId);
  const keyPairCheck = useKeyPairCheck(form, options.keyPairs, update);
  const spec = useMemo(() => toSpecInput(form), [form]);
  const preview = useUserDataPreview(spec, activeStep >= stepIndex('install-script'));
  const onReview = activeStep === REVIEW_STEP;
  const estimateInput = useMemo(
    () => (onReview && LaunchSpec.safeParse(spec).success ? { spec } : null),
    [onReview, spec],
  );
  const estimate = useQuery('launch.estimate', estimateInput);

  const navigation = useWizardNavigation({
    form,
    context: stepContextOf(catalog, options, preview),
    ami,
    setErrors,
    activeStep,
    setActiveStep,
  });
  const launch = useWizardSubmit({
    spec,
    checking: navigation.checking,
    checkSteps: navigation.checkSteps,
    setActiveStep: sendBackTo,
    setErrors,
    onLaunched,
    onLaunchedMany,
  });
  const steps = wizardSteps({
    state,
    catalog,
    options,
    ami,
    regionMemory,
    formFill,
    preview,
    estimate,
    keyPairCheck,
    goToStep: setActiveStep,
    onCreateFleet:
      onCreateFleet && catalog.image?.kilnBaked
        ? () => onCreateFleet(fleetPrefillFromWizard(form, catalog.image))
        : undefined,
  });

  const { submitError } = launch;
  const errorField = specFieldOf(submitError?.field);
  const errorStep = errorField ? stepOfField(errorField) : undefined;
  const count = spec.advanced?.count ?? 1;
  return (
    <SpaceBetween size="m">
      {formFill.notice && (
        <Alert
          type="info"
          dismissible
          onDismiss={formFill.dismissNotice}
          header={formFill.notice.header}
          data-testid="wizard-fill-notice"
        >
          {formFill.notice.content}
        </Alert>
      )}
      {submitError && (
        <ErrorAlert
          testId="wizard-error"
          header={count > 1 ? 'The launches did not start' : 'The launch did not start'}
          error={submitError}
          onDismiss={launch.dismissError}
          action={
            errorStep !== undefined ? (
              <Button onClick={() => sendBackTo(errorStep)}>Go to {STEP_TITLES[errorStep]}</Button>
            ) : undefined
          }
        />
      )}
      <Wizard
        key={attempt}
        steps={steps}
        activeStepIndex={activeStep}
        isLoadingNextStep={navigation.checking || launch.launching}
        submitButtonText={count > 1 ? `Launch ${count} instances` : 'Launch'}
        secondaryActions={
          activeStep === REVIEW_STEP ? (
            <SavePresetButton presets={formFill.presets} spec={spec} onSaved={formFill.presetSaved} />
          ) : undefined
        }
        i18nStrings={I18N_STRINGS}
        onNavigate={(event) => void navigation.navigate(event.detail)}
        onSubmit={() => void launch.submit()}
        onCancel={() => (state.editedAny() || prefill || activeStep > 0 ? setConfirmingCancel(true) : onCancel())}
      />
      <DiscardLaunchModal
        visible={confirmingCancel}
        onKeep={() => setConfirmingCancel(false)}
        onDiscard={() => {
          setConfirmingCancel(false);
          onCancel();
        }}
      />
    </SpaceBetween>
  );
}
