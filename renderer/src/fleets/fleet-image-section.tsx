/**
 * Where the fleet runs and what: profile, region, name, image (typed, or one of the profile's Kiln-baked images in
 * that region), instance type and key pair.
 */
import Autosuggest from '@cloudscape-design/components/autosuggest';
import Container from '@cloudscape-design/components/container';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import Select from '@cloudscape-design/components/select';
import SpaceBetween from '@cloudscape-design/components/space-between';
import type { InstanceTypeSummary, KeyPairSummary, KilnImage, Profile, Region } from '../../../electron/common/models';
import { formatMemory } from '../common/format';
import { selectStatus } from '../common/select-status';
import type { QueryState } from '../common/use-command';
import { visibleText } from '../common/visible-text';
import { formatHourlyPrice } from '../launch-wizard/instance-price';
import type { FleetSectionProps } from './fleet-section-props';

export interface FleetImageSectionProps extends FleetSectionProps {
  profiles: QueryState<Profile[]>;
  regions: QueryState<Region[]>;
  baked: QueryState<KilnImage[]>;
  instanceTypes: QueryState<InstanceTypeSummary[]>;
  keyPairs: QueryState<KeyPairSummary[]>;
}

export function FleetImageSection(props: FleetImageSectionProps) {
  const { form, set, errorAt } = props;
  const profiles = (props.profiles.value ?? []).filter((p) => p.available);
  const regions = props.regions.value ?? [];
  const baked = (props.baked.value ?? []).filter((i) => i.region === form.region && i.state === 'available');
  const types = props.instanceTypes.value ?? [];
  const keys = props.keyPairs.value ?? [];
  const typeOptions = types.map((t) => ({
    value: t.instanceType,
    label: t.instanceType,
    description: `${t.vcpus} vCPU · ${formatMemory(t.memoryMiB)} · ${formatHourlyPrice(t.price ?? null)}`,
  }));
  const keyOptions = [
    { value: '', label: 'None (no SSH key)' },
    ...keys.map((k) => ({ value: k.name, label: k.name })),
  ];
  return (
    <Container header={<Header variant="h2">Image and instances</Header>}>
      <SpaceBetween size="l">
        <FormField label="Profile" errorText={errorAt('profileId')}>
          <Select
            data-testid="fleet-profile-select"
            selectedOption={
              form.profileId
                ? {
                    value: form.profileId,
                    label: profiles.find((p) => p.id === form.profileId)?.label ?? form.profileId,
                  }
                : null
            }
            options={profiles.map((p) => ({ value: p.id, label: p.label }))}
            placeholder="Choose a profile"
            {...selectStatus(props.profiles, 'profiles')}
            onChange={({ detail }) =>
              set({ profileId: detail.selectedOption.value ?? '', region: '', vpcId: '', subnetIds: [], keyName: '' })
            }
          />
        </FormField>
        <FormField label="Region" errorText={errorAt('region')}>
          <Select
            data-testid="fleet-region-select"
            selectedOption={form.region ? { value: form.region, label: form.region } : null}
            options={regions.map((r) => ({ value: r.name, label: r.name }))}
            placeholder="Choose a region"
            filteringType="auto"
            {...selectStatus(props.regions, 'regions')}
            onChange={({ detail }) =>
              set({ region: detail.selectedOption.value ?? '', vpcId: '', subnetIds: [], keyName: '' })
            }
          />
        </FormField>
        <FormField
          label="Fleet name"
          constraintText="Letters, digits and inner hyphens; at most 32 characters (it names the load balancer too)."
          errorText={errorAt('name')}
        >
          <Input
            value={form.name}
            nativeInputAttributes={{ 'data-testid': 'fleet-name-input' }}
            onChange={({ detail }) => set({ name: detail.value })}
          />
        </FormField>
        <FormField
          label="Image"
          description="An AMI id, or one of the images Kiln baked in this region."
          errorText={errorAt('imageId')}
        >
          <Autosuggest
            value={form.imageId}
            data-testid="fleet-image-input"
            placeholder="ami-…"
            enteredTextLabel={(value) => `Use ${value}`}
            options={baked.map((i) => ({ value: i.imageId, label: i.imageId, description: visibleText(i.name) }))}
            statusType={props.baked.loading ? 'loading' : 'finished'}
            loadingText="Loading Kiln-baked images"
            empty="No Kiln-baked image in this region: type an AMI id."
            onChange={({ detail }) => set({ imageId: detail.value })}
          />
        </FormField>
        <FormField label="Instance type" errorText={errorAt('instanceType')}>
          <Select
            data-testid="fleet-type-select"
            selectedOption={typeOptions.find((o) => o.value === form.instanceType) ?? null}
            options={typeOptions}
            filteringType="auto"
            placeholder="Choose an instance type"
            {...selectStatus(props.instanceTypes, 'instance types')}
            onChange={({ detail }) => set({ instanceType: detail.selectedOption.value ?? '' })}
          />
        </FormField>
        <FormField label="Key pair (optional)" errorText={errorAt('keyName')}>
          <Select
            data-testid="fleet-key-select"
            selectedOption={keyOptions.find((o) => o.value === form.keyName) ?? null}
            options={keyOptions}
            {...selectStatus(props.keyPairs, 'key pairs')}
            onChange={({ detail }) => set({ keyName: detail.selectedOption.value ?? '' })}
          />
        </FormField>
      </SpaceBetween>
    </Container>
  );
}
