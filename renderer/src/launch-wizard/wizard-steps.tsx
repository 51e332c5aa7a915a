/** The wizard's step list for Cloudscape's Wizard: each step's title, description and content. */
import type { Dispatch, ReactNode, SetStateAction } from 'react';
import SpaceBetween from '@cloudscape-design/components/space-between';
import type { WizardProps } from '@cloudscape-design/components/wizard';
import type { LaunchEstimate } from '../../../electron/common/models';
import type { QueryState } from '../common/use-command';
import { AdvancedStep } from './advanced-step';
import { DnsNameSection } from './dns-name-section';
import { AmiStep } from './ami-step';
import type { FieldErrors } from './field-errors';
import { InstanceTypeStep } from './instance-type-step';
import { InstallScriptStep } from './install-script-step';
import { KeyPairSection } from './key-pair-section';
import { NameTagsStep } from './name-tags-step';
import { withoutAccountNetwork } from './network-options';
import { NetworkSection } from './network-section';
import { PresetsPanel } from './presets-panel';
import { ProfileRegionStep } from './profile-region-step';
import { ReviewStep } from './review-step';
import { stepIndex, STEPS, type StepId } from './step-definitions';
import { StorageSection } from './storage-section';
import type { AmiLookup } from './use-ami-lookup';
import type { FormFill } from './use-form-fill';
import type { LaunchOptions } from './use-launch-options';
import type { RegionMemory } from './use-region-memory';
import type { KeyPairCheck } from './use-key-pair-check';
import type { UserDataPreview } from './use-user-data-preview';
import type { WizardCatalog } from './use-wizard-catalog';
import type { WizardFormState } from './use-wizard-form';
import type { WizardForm } from './wizard-form';
import { validateStep } from './wizard-validation';

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

/** Everything the steps show and the handlers they call. */
export interface WizardStepsInput {
  state: WizardFormState;
  catalog: WizardCatalog;
  options: LaunchOptions;
  ami: AmiLookup;
  regionMemory: RegionMemory;
  formFill: FormFill;
  preview: UserDataPreview;
  estimate: QueryState<LaunchEstimate>;
  /** A key pair choice Kiln changed because the key pair no longer exists. */
  keyPairCheck?: KeyPairCheck;
  goToStep: (step: number) => void;
  /** Offered on Review when the AMI is Kiln-baked: Create fleet with the wizard's choices instead of a launch. */
  onCreateFleet?: () => void;
}

/** The steps in order, each with its content. */
export function wizardSteps(input: WizardStepsInput): WizardProps.Step[] {
  const content = stepContent(input);
  return STEPS.map((step) => ({
    title: step.title,
    description: STEP_DESCRIPTIONS[step.id],
    isOptional: OPTIONAL_STEPS.includes(step.id),
    content: content[step.id],
  }));
}

/** One entry per step: a table of components and their wiring, so its length is the number of steps. */
function stepContent(input: WizardStepsInput): Record<StepId, ReactNode> {
  const { state, catalog, options, ami, regionMemory, formFill, preview, estimate, goToStep } = input;
  const { form, errors, update, edit } = state;
  return {
    'profile-region': (
      <SpaceBetween size="l">
        <ProfileRegionStep
          profiles={catalog.profiles}
          regions={catalog.regions}
          profileId={form.profileId}
          region={form.region}
          errors={errors}
          onProfileChange={(profileId) => {
            state.profileChosen();
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
        onCustomImageCommit={() => commitCustomImage(form, ami.ensure, state.setErrors)}
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
      <KeyPairSection
        keyPair={form.keyPair}
        keyPairs={options.keyPairs}
        image={catalog.image}
        errors={errors}
        change={input.keyPairCheck?.change}
        onDismissChange={input.keyPairCheck?.dismiss}
        onChange={(keyPair) => edit({ keyPair })}
      />
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
    storage: (
      <StorageSection
        storage={form.storage}
        image={catalog.image}
        errors={errors}
        onChange={(storage) => edit({ storage })}
      />
    ),
    'install-script': (
      <InstallScriptStep
        installScript={form.installScript}
        platform={catalog.image?.platform ?? 'linux'}
        preview={preview}
        errors={errors}
        onInstallScriptChange={(installScript) => edit({ installScript })}
      />
    ),
    advanced: (
      <SpaceBetween size="l">
        <AdvancedStep
          advanced={form.advanced}
          probes={form.probes}
          errors={errors}
          onChange={(advanced) => edit({ advanced })}
          onProbesChange={(probes) => edit({ probes })}
        />
        <DnsNameSection
          profileId={form.profileId}
          instanceName={form.name}
          dns={form.dns}
          errors={errors}
          onChange={(dns) => edit({ dns })}
        />
      </SpaceBetween>
    ),
    review: (
      <ReviewStep
        form={form}
        profile={catalog.profile}
        image={catalog.image}
        instanceType={catalog.instanceType}
        preview={preview}
        estimate={estimate}
        operatorCidr={options.operatorAddress.value?.cidr}
        onEdit={goToStep}
        onCreateFleet={input.onCreateFleet}
      />
    ),
  };
}

/** Looks up a typed AMI id once it is well-formed; a malformed one gets the schema's message instead. */
function commitCustomImage(
  form: WizardForm,
  ensure: (imageId: string) => Promise<unknown>,
  setErrors: Dispatch<SetStateAction<FieldErrors>>,
): void {
  if (!form.customImageId.trim()) return;
  const imageError = validateStep(form, AMI_STEP).imageId;
  if (imageError) setErrors((current) => ({ ...current, imageId: imageError }));
  else void ensure(form.customImageId);
}
