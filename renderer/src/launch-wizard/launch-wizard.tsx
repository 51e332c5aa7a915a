/** The new-launch wizard: one step per concern, each validated before moving on, then the launch (or launches). */
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import Alert from '@cloudscape-design/components/alert';
import Button from '@cloudscape-design/components/button';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Wizard, { type WizardProps } from '@cloudscape-design/components/wizard';
import type { CommandOutput } from '../../../electron/common/contract';
import { LaunchSpec, type LaunchRecord } from '../../../electron/common/models';
import type { KilnError } from '../../../electron/common/result';
import { ErrorAlert } from '../common/error-alert';
import { useCommand, useQuery } from '../common/use-command';
import { AdvancedStep } from './advanced-step';
import { AmiStep } from './ami-step';
import { formFromSpec } from './form-from-spec';
import { InstanceTypeStep } from './instance-type-step';
import { InstallScriptStep } from './install-script-step';
import { starterForPlatform } from './install-templates';
import { KeyPairSection } from './key-pair-section';
import { NameTagsStep } from './name-tags-step';
import { withoutAccountNetwork } from './network-options';
import { NetworkSection } from './network-section';
import { PresetsPanel } from './presets-panel';
import { SavePresetButton } from './presets-save';
import { ProfileRegionStep } from './profile-region-step';
import { ReviewStep } from './review-step';
import { StorageSection } from './storage-section';
import { useAmiLookup } from './use-ami-lookup';
import { useFormFill, type WizardPrefill } from './use-form-fill';
import { useLaunchOptions } from './use-launch-options';
import { useRegionMemory } from './use-region-memory';
import { useUserDataPreview } from './use-user-data-preview';
import { useWizardCatalog } from './use-wizard-catalog';
import {
  fieldPathOf,
  hasErrors,
  INITIAL_FORM,
  REVIEW_STEP,
  specFieldOf,
  STEPS,
  STEP_TITLES,
  stepIndex,
  stepOfField,
  toSpecInput,
  validateStep,
  type FieldErrors,
  type SpecField,
  type StepId,
  type WizardForm,
} from './wizard-form';

/** What a launch of several instances started, and the launch that stopped it, if any. */
export type BatchLaunched = CommandOutput<'launch.startBatch'>;

export type { WizardPrefill } from './use-form-fill';

export interface LaunchWizardProps {
  /** Start from this spec instead of the profile's defaults (Launch again). */
  prefill?: WizardPrefill;
  /** One instance launched: its record. */
  onLaunched(record: LaunchRecord): void;
  /** Several instances asked for (Advanced → count): what was launched, and the failure that stopped the rest. */
  onLaunchedMany?(result: BatchLaunched): void;
  onCancel(): void;
}

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
};

const AMI_STEP = stepIndex('ami');
const STEP_DESCRIPTIONS: Partial<Record<StepId, string>> = {
  'profile-region': 'Choose the credentials and the region to launch in.',
  'name-tags': 'Name the instance and tag what Kiln creates for it.',
  ami: 'Choose the image to start from.',
  'instance-type': 'Choose the size of the instance.',
  'key-pair': 'How you sign in to the instance, if at all.',
  network: 'Where the instance runs and who may reach the installer agent.',
  storage: 'The root volume.',
  'install-script': 'What Kiln runs on the instance after boot.',
  advanced: 'Instance options, several instances, automatic termination.',
};
const OPTIONAL_STEPS: readonly StepId[] = ['key-pair', 'network', 'storage', 'advanced'];

export function LaunchWizard({ prefill, onLaunched, onLaunchedMany, onCancel }: LaunchWizardProps) {
  const [form, setForm] = useState<WizardForm>(() => (prefill ? formFromSpec(prefill.spec) : INITIAL_FORM));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [activeStep, setActiveStep] = useState(0);
  const [checking, setChecking] = useState(false);
  const [submitError, setSubmitError] = useState<KilnError>();
  const start = useCommand('launch.start');
  const startBatch = useCommand('launch.startBatch');
  const ami = useAmiLookup(form.profileId, form.region);

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
  const editedSinceProfile = useRef(false);
  const edit = useCallback(
    (patch: Partial<WizardForm>) => {
      editedSinceProfile.current = true;
      update(patch);
    },
    [update],
  );

  const regionMemory = useRegionMemory();
  const catalog = useWizardCatalog(form, update, ami, regionMemory);
  const replaceForm = useCallback((next: WizardForm) => {
    setForm(next);
    setErrors({});
  }, []);
  const formFill = useFormFill({
    prefill,
    form,
    replaceForm,
    update,
    ami,
    quickStart: catalog.quickStart,
    profile: catalog.profile,
    editedSinceProfile: () => editedSinceProfile.current,
  });
  const platform = catalog.image?.platform;
  useEffect(() => {
    // A Windows AMI gets the PowerShell starter instead of the bash example, unless the script was edited.
    const starter = platform && starterForPlatform(form.installScript, platform);
    if (starter) update({ installScript: starter });
  }, [platform, form.installScript, update]);
  const options = useLaunchOptions(form.profileId, form.region, activeStep >= 1, form.network.vpcId);
  const spec = useMemo(() => toSpecInput(form), [form]);
  const preview = useUserDataPreview(spec, activeStep >= stepIndex('install-script'));
  const onReview = activeStep === REVIEW_STEP;
  const estimateInput = useMemo(() => (onReview && LaunchSpec.safeParse(spec).success ? { spec } : null), [onReview, spec]);
  const estimate = useQuery('launch.estimate', estimateInput);
  const launching = start.loading || startBatch.loading;

  /** Validates steps [from, to); shows the errors and returns the first step that fails, if any. */
  async function firstFailingStep(from: number, to: number): Promise<number | undefined> {
    for (let step = from; step < to; step++) {
      const stepErrors = validateStep(form, step, {
        image: catalog.image,
        keyPairNames: options.keyPairs.value?.map((k) => k.name),
        vpcIds: options.vpcs.value?.map((v) => v.vpcId),
        subnetIds: options.subnets.value?.map((s) => s.subnetId),
        groupIds: options.securityGroups.value?.map((g) => g.groupId),
        userData: preview.size && { bytes: preview.size.userDataBytes, limitBytes: preview.size.limitBytes, refusal: preview.size.refusal },
      });
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

  async function handleNavigate({ requestedStepIndex }: WizardProps.NavigateDetail) {
    if (requestedStepIndex <= activeStep) {
      setActiveStep(requestedStepIndex);
      return;
    }
    setChecking(true);
    const failing = await firstFailingStep(activeStep, requestedStepIndex);
    setChecking(false);
    setActiveStep(failing ?? requestedStepIndex);
  }

  function showFailure(error: KilnError) {
    const field = fieldPathOf(error.field);
    if (field) setErrors((current) => ({ ...current, [field]: error.message }));
    setSubmitError(error);
  }

  async function handleSubmit() {
    if (launching || checking) return;
    setSubmitError(undefined);
    setChecking(true);
    const failing = await firstFailingStep(0, REVIEW_STEP);
    setChecking(false);
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

  const content: Record<StepId, ReactNode> = {
    'profile-region': (
      <SpaceBetween size="l">
        <ProfileRegionStep
          profiles={catalog.profiles}
          regions={catalog.regions}
          profileId={form.profileId}
          region={form.region}
          errors={errors}
          onProfileChange={(profileId) => {
            editedSinceProfile.current = false;
            update({ profileId, region: '', network: withoutAccountNetwork(form.network) });
          }}
          onRegionChange={(region) => {
            edit({ region, network: withoutAccountNetwork(form.network) });
            regionMemory.remember(form.profileId, region);
          }}
        />
        <PresetsPanel presets={formFill.presets} onLoad={formFill.loadPreset} />
      </SpaceBetween>
    ),
    'name-tags': (
      <NameTagsStep
        name={form.name}
        tags={form.tags}
        errors={errors}
        onNameChange={(name) => edit({ name })}
        onTagsChange={(tags) => edit({ tags })}
      />
    ),
    ami: (
      <AmiStep
        profileId={form.profileId}
        region={form.region}
        quickStart={catalog.quickStart}
        quickStartImageId={form.quickStartImageId}
        customImageId={form.customImageId}
        customLookup={catalog.customLookup}
        image={catalog.image}
        errors={errors}
        onQuickStartChange={(imageId) => edit({ quickStartImageId: imageId, customImageId: '' })}
        onImageChoose={(image) => {
          ami.remember(image);
          edit({ customImageId: image.imageId });
        }}
        onCustomImageChange={(text) => edit({ customImageId: text })}
        onCustomImageCommit={() => commitCustomImage(form, ami.ensure, setErrors)}
      />
    ),
    'instance-type': (
      <InstanceTypeStep
        architecture={catalog.architecture}
        instanceTypes={catalog.instanceTypes}
        prices={catalog.prices}
        instanceType={form.instanceType}
        errors={errors}
        onInstanceTypeChange={(instanceType) => edit({ instanceType })}
      />
    ),
    'key-pair': (
      <KeyPairSection keyPair={form.keyPair} keyPairs={options.keyPairs} image={catalog.image} errors={errors} onChange={(keyPair) => edit({ keyPair })} />
    ),
    network: (
      <NetworkSection
        network={form.network}
        image={catalog.image}
        vpcs={options.vpcs}
        subnets={options.subnets}
        securityGroups={options.securityGroups}
        operatorAddress={options.operatorAddress}
        errors={errors}
        onChange={(network) => edit({ network })}
      />
    ),
    storage: <StorageSection storage={form.storage} image={catalog.image} errors={errors} onChange={(storage) => edit({ storage })} />,
    'install-script': (
      <InstallScriptStep
        installScript={form.installScript}
        platform={platform ?? 'linux'}
        preview={preview}
        errors={errors}
        onInstallScriptChange={(installScript) => edit({ installScript })}
      />
    ),
    advanced: <AdvancedStep advanced={form.advanced} errors={errors} onChange={(advanced) => edit({ advanced })} />,
    review: (
      <ReviewStep
        form={form}
        profile={catalog.profile}
        image={catalog.image}
        instanceType={catalog.instanceType}
        preview={preview}
        estimate={estimate}
        operatorCidr={options.operatorAddress.value?.cidr}
        onEdit={setActiveStep}
      />
    ),
  };
  const steps: WizardProps.Step[] = STEPS.map((step) => ({
    title: step.title,
    description: STEP_DESCRIPTIONS[step.id],
    isOptional: OPTIONAL_STEPS.includes(step.id),
    content: content[step.id],
  }));

  const errorField = specFieldOf(submitError?.field);
  const errorStep = errorField ? stepOfField(errorField) : undefined;
  const count = spec.advanced?.count ?? 1;
  return (
    <SpaceBetween size="m">
      {formFill.notice && (
        <Alert type="info" dismissible onDismiss={formFill.dismissNotice} header={formFill.notice.header} data-testid="wizard-fill-notice">
          {formFill.notice.content}
        </Alert>
      )}
      {submitError && (
        <ErrorAlert
          testId="wizard-error"
          header={count > 1 ? 'The launches did not start' : 'The launch did not start'}
          error={submitError}
          onDismiss={() => setSubmitError(undefined)}
          action={
            errorStep !== undefined ? (
              <Button onClick={() => setActiveStep(errorStep)}>Go to {STEP_TITLES[errorStep]}</Button>
            ) : undefined
          }
        />
      )}
      <Wizard
        steps={steps}
        activeStepIndex={activeStep}
        isLoadingNextStep={checking || launching}
        allowSkipTo
        submitButtonText={count > 1 ? `Launch ${count} instances` : 'Launch'}
        secondaryActions={
          activeStep === REVIEW_STEP ? <SavePresetButton presets={formFill.presets} spec={spec} onSaved={formFill.presetSaved} /> : undefined
        }
        i18nStrings={{
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
        }}
        onNavigate={(event) => void handleNavigate(event.detail)}
        onSubmit={() => void handleSubmit()}
        onCancel={onCancel}
      />
    </SpaceBetween>
  );
}

/** Looks up a typed AMI id once it is well-formed; a malformed one gets the schema's message instead. */
function commitCustomImage(
  form: WizardForm,
  ensure: (imageId: string) => Promise<unknown>,
  setErrors: (update: (current: FieldErrors) => FieldErrors) => void,
): void {
  if (!form.customImageId.trim()) return;
  const imageError = validateStep(form, AMI_STEP).imageId;
  if (imageError) setErrors((current) => ({ ...current, imageId: imageError }));
  else void ensure(form.customImageId);
}
