/** The new-launch wizard: owns the form, validates each step before moving on, and starts the launch. */
import { useCallback, useMemo, useState } from 'react';
import Button from '@cloudscape-design/components/button';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Wizard, { type WizardProps } from '@cloudscape-design/components/wizard';
import type { LaunchRecord } from '../../../electron/common/models';
import type { KilnError } from '../../../electron/common/result';
import { ErrorAlert } from '../common/error-alert';
import { useCommand } from '../common/use-command';
import { AmiStep } from './ami-step';
import { InstanceTypeStep } from './instance-type-step';
import { InstallScriptStep } from './install-script-step';
import { KeyPairSection } from './key-pair-section';
import { NetworkSection } from './network-section';
import { StorageSection } from './storage-section';
import { TagsSection } from './tags-section';
import { useLaunchOptions } from './use-launch-options';
import { useRegionMemory } from './use-region-memory';
import { ProfileRegionStep } from './profile-region-step';
import { ReviewStep } from './review-step';
import { useAmiLookup } from './use-ami-lookup';
import { useUserDataPreview } from './use-user-data-preview';
import { useWizardCatalog } from './use-wizard-catalog';
import {
  fieldPathOf,
  hasErrors,
  INITIAL_FORM,
  REVIEW_STEP,
  specFieldOf,
  STEP_TITLES,
  stepOfField,
  toSpecInput,
  validateStep,
  type FieldErrors,
  type SpecField,
  type WizardForm,
} from './wizard-form';

export interface LaunchWizardProps {
  onLaunched(record: LaunchRecord): void;
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
};

export function LaunchWizard({ onLaunched, onCancel }: LaunchWizardProps) {
  const [form, setForm] = useState<WizardForm>(INITIAL_FORM);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [activeStep, setActiveStep] = useState(0);
  const [checking, setChecking] = useState(false);
  const [submitError, setSubmitError] = useState<KilnError>();
  const start = useCommand('launch.start');
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

  const regionMemory = useRegionMemory();
  const catalog = useWizardCatalog(form, update, ami, regionMemory);
  const options = useLaunchOptions(form.profileId, form.region, activeStep >= 1, form.network.vpcId);
  const spec = useMemo(() => toSpecInput(form), [form]);
  const preview = useUserDataPreview(spec, activeStep >= 2);

  /** Validates steps [from, to); shows the errors and returns the first step that fails, if any. */
  async function firstFailingStep(from: number, to: number): Promise<number | undefined> {
    for (let step = from; step < to; step++) {
      const stepErrors = validateStep(form, step, {
        image: catalog.image,
        keyPairNames: options.keyPairs.value?.map((k) => k.name),
      });
      let blocked = hasErrors(stepErrors);
      if (step === 1 && !stepErrors.imageId && form.customImageId.trim()) {
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

  async function handleSubmit() {
    if (start.loading || checking) return;
    setSubmitError(undefined);
    setChecking(true);
    const failing = await firstFailingStep(0, REVIEW_STEP);
    setChecking(false);
    if (failing !== undefined) {
      setActiveStep(failing);
      return;
    }
    const result = await start.run({ spec });
    if (result.ok) {
      onLaunched(result.value);
      return;
    }
    const field = fieldPathOf(result.error.field);
    if (field) setErrors((current) => ({ ...current, [field]: result.error.message }));
    setSubmitError(result.error);
  }

  const steps: WizardProps.Step[] = [
    {
      title: STEP_TITLES[0],
      description: 'Choose the credentials and the region to launch in.',
      content: (
        <ProfileRegionStep
          profiles={catalog.profiles}
          regions={catalog.regions}
          profileId={form.profileId}
          region={form.region}
          errors={errors}
          onProfileChange={(profileId) => update({ profileId, region: '' })}
          onRegionChange={(region) => {
            update({ region });
            regionMemory.remember(form.profileId, region);
          }}
        />
      ),
    },
    {
      title: STEP_TITLES[1],
      description: 'Choose the image to start from and the size of the instance.',
      content: (
        <SpaceBetween size="l">
          <AmiStep
            profileId={form.profileId}
            region={form.region}
            quickStart={catalog.quickStart}
            quickStartImageId={form.quickStartImageId}
            customImageId={form.customImageId}
            customLookup={catalog.customLookup}
            image={catalog.image}
            errors={errors}
            onQuickStartChange={(imageId) => update({ quickStartImageId: imageId, customImageId: '' })}
            onImageChoose={(image) => {
              ami.remember(image);
              update({ customImageId: image.imageId });
            }}
            onCustomImageChange={(text) => update({ customImageId: text })}
            onCustomImageCommit={() => commitCustomImage(form, ami.ensure, setErrors)}
          />
          <InstanceTypeStep
            architecture={catalog.architecture}
            instanceTypes={catalog.instanceTypes}
            prices={catalog.prices}
            instanceType={form.instanceType}
            errors={errors}
            onInstanceTypeChange={(instanceType) => update({ instanceType })}
          />
          <StorageSection storage={form.storage} image={catalog.image} errors={errors} onChange={(storage) => update({ storage })} />
          <KeyPairSection
            keyPair={form.keyPair}
            keyPairs={options.keyPairs}
            image={catalog.image}
            errors={errors}
            onChange={(keyPair) => update({ keyPair })}
          />
          <NetworkSection
            network={form.network}
            image={catalog.image}
            vpcs={options.vpcs}
            subnets={options.subnets}
            securityGroups={options.securityGroups}
            operatorAddress={options.operatorAddress}
            errors={errors}
            onChange={(network) => update({ network })}
          />
        </SpaceBetween>
      ),
    },
    {
      title: STEP_TITLES[2],
      description: 'Name the instance and write the script Kiln runs on it.',
      content: (
        <InstallScriptStep
          name={form.name}
          installScript={form.installScript}
          preview={preview}
          errors={errors}
          onNameChange={(name) => update({ name })}
          onInstallScriptChange={(installScript) => update({ installScript })}
          tags={<TagsSection tags={form.tags} errors={errors} onChange={(tags) => update({ tags })} />}
        />
      ),
    },
    {
      title: STEP_TITLES[3],
      content: (
        <ReviewStep
          form={form}
          profile={catalog.profile}
          image={catalog.image}
          instanceType={catalog.instanceType}
          preview={preview}
          operatorCidr={options.operatorAddress.value?.cidr}
          onEdit={setActiveStep}
        />
      ),
    },
  ];

  const errorField = specFieldOf(submitError?.field);
  const errorStep = errorField ? stepOfField(errorField) : undefined;
  return (
    <SpaceBetween size="m">
      {submitError && (
        <ErrorAlert
          testId="wizard-error"
          header="The launch did not start"
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
        isLoadingNextStep={checking || start.loading}
        submitButtonText="Launch"
        i18nStrings={{
          stepNumberLabel: (n) => `Step ${n}`,
          collapsedStepsLabel: (n, count) => `Step ${n} of ${count}`,
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
  const imageError = validateStep(form, 1).imageId;
  if (imageError) setErrors((current) => ({ ...current, imageId: imageError }));
  else void ensure(form.customImageId);
}
