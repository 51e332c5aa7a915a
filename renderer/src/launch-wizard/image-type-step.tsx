/** Step 2: the AMI (quick-start tile or a typed AMI id) and an instance type for its architecture. Presentational. */
import Box from '@cloudscape-design/components/box';
import Container from '@cloudscape-design/components/container';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import Select, { type SelectProps } from '@cloudscape-design/components/select';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import Tiles from '@cloudscape-design/components/tiles';
import type { ReactNode } from 'react';
import type { ImageSummary, InstanceTypeSummary } from '../../../electron/common/models';
import { errorText } from '../common/error-alert';
import { formatMemory } from '../common/format';
import { selectStatus } from '../common/select-status';
import type { QueryState } from '../common/use-command';
import type { AmiLookupEntry } from './use-ami-lookup';
import type { FieldErrors } from './wizard-form';

export interface ImageTypeStepProps {
  quickStart: QueryState<ImageSummary[]>;
  /** Instance types for `architecture`, already filtered. */
  instanceTypes: QueryState<InstanceTypeSummary[]>;
  architecture: string | undefined;
  quickStartImageId: string;
  customImageId: string;
  customLookup: AmiLookupEntry | undefined;
  instanceType: string;
  errors: FieldErrors;
  onQuickStartChange(imageId: string): void;
  onCustomImageChange(text: string): void;
  /** The operator is done typing an AMI id (blur or Enter): look it up. */
  onCustomImageCommit(): void;
  onInstanceTypeChange(instanceType: string): void;
  /** Further sections of this step (storage, key pair, network), below the instance type. */
  extra?: ReactNode;
}

export function ImageTypeStep(props: ImageTypeStepProps) {
  const { quickStart, customImageId, errors } = props;
  const typingCustom = customImageId.trim() !== '';
  return (
    <SpaceBetween size="l">
      <Container header={<Header variant="h2">Application and OS image (AMI)</Header>}>
        <SpaceBetween size="l">
          <FormField
            label="Quick start"
            errorText={
              (typingCustom ? undefined : errors.imageId) ?? (quickStart.error && errorText(quickStart.error))
            }
          >
            {quickStart.loading ? (
              <StatusIndicator type="loading">Loading quick-start images</StatusIndicator>
            ) : (
              <Tiles
                data-testid="ami-tiles"
                ariaLabel="Quick-start AMIs"
                value={typingCustom ? null : props.quickStartImageId || null}
                items={(quickStart.value ?? []).map(imageTile)}
                onChange={(event) => props.onQuickStartChange(event.detail.value)}
              />
            )}
          </FormField>
          <FormField
            label="Or enter an AMI id"
            description="Any AMI this profile can launch in the region; Kiln checks that it exists."
            errorText={typingCustom ? customError(props) : undefined}
          >
            <SpaceBetween size="xs">
              <Input
                value={customImageId}
                placeholder="ami-0123456789abcdef0"
                nativeInputAttributes={{ 'data-testid': 'ami-id-input' }}
                spellcheck={false}
                onChange={(event) => props.onCustomImageChange(event.detail.value)}
                onBlur={props.onCustomImageCommit}
                onKeyDown={(event) => {
                  if (event.detail.key === 'Enter') props.onCustomImageCommit();
                }}
              />
              {typingCustom && <LookupStatus entry={props.customLookup} />}
            </SpaceBetween>
          </FormField>
        </SpaceBetween>
      </Container>
      <Container header={<Header variant="h2">Instance type</Header>}>
        <InstanceTypeField {...props} />
      </Container>
      {props.extra}
    </SpaceBetween>
  );
}

function imageTile(image: ImageSummary) {
  return {
    value: image.imageId,
    label: image.label ?? image.name,
    description: (
      <SpaceBetween size="xxs">
        {image.description && <span>{image.description}</span>}
        <Box variant="small" color="text-body-secondary">
          {image.architecture} · {image.platform} · {image.imageId}
        </Box>
      </SpaceBetween>
    ),
  };
}

/** The schema's message for a malformed id comes first; then the lookup's own error. */
function customError({ errors, customLookup }: ImageTypeStepProps): string | undefined {
  if (errors.imageId) return errors.imageId;
  if (customLookup?.status === 'done' && !customLookup.result.ok) return errorText(customLookup.result.error);
  return undefined;
}

function LookupStatus({ entry }: { entry: AmiLookupEntry | undefined }) {
  if (entry?.status === 'loading') return <StatusIndicator type="loading">Looking up the AMI</StatusIndicator>;
  if (entry?.status === 'done' && entry.result.ok) {
    const image = entry.result.value;
    return (
      <StatusIndicator type="success">
        {image.label ?? image.name} ({image.architecture}, {image.platform})
      </StatusIndicator>
    );
  }
  return null;
}

function InstanceTypeField(props: ImageTypeStepProps) {
  const { instanceTypes, architecture, errors } = props;
  const options: SelectProps.Option[] = (instanceTypes.value ?? []).map((type) => ({
    value: type.instanceType,
    label: type.instanceType,
    description: `${type.vcpus} vCPU · ${formatMemory(type.memoryMiB)} memory`,
    tags: type.freeTierEligible ? ['Free tier eligible'] : undefined,
  }));
  return (
    <FormField
      label="Instance type"
      description={architecture ? `Types that run ${architecture} images.` : undefined}
      errorText={errors.instanceType ?? (instanceTypes.error && errorText(instanceTypes.error))}
    >
      <Select
        data-testid="instance-type-select"
        selectedOption={options.find((o) => o.value === props.instanceType) ?? null}
        options={options}
        placeholder={architecture ? 'Choose an instance type' : 'Choose an AMI first'}
        disabled={!architecture}
        filteringType="auto"
        empty={`No instance types for ${architecture ?? 'this AMI'} in this region`}
        {...selectStatus(instanceTypes, 'instance types')}
        onChange={(event) => props.onInstanceTypeChange(event.detail.selectedOption.value ?? '')}
      />
    </FormField>
  );
}
