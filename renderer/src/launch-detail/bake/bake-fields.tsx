/** The fields of the Save-as-AMI dialog: name, description, mode, tags, copies, agent and sysprep. Presentational. */
import Checkbox from '@cloudscape-design/components/checkbox';
import FormField from '@cloudscape-design/components/form-field';
import Input from '@cloudscape-design/components/input';
import Multiselect from '@cloudscape-design/components/multiselect';
import RadioGroup from '@cloudscape-design/components/radio-group';
import SpaceBetween from '@cloudscape-design/components/space-between';
import type { KilnError } from '../../../../electron/common/result';
import { TagsSection } from '../../launch-wizard/tags-section';
import type { BakeErrors, BakeForm } from './bake-form';

export interface BakeFieldsProps {
  form: BakeForm;
  errors: BakeErrors;
  onChange: (patch: Partial<BakeForm>) => void;
  /** The profile's regions other than the launch's own. */
  regions: { names: string[]; loading: boolean; error: KilnError | undefined; reload(): void };
  /** Only Windows launches can be generalized with sysprep. */
  windows: boolean;
}

export function BakeFields({ form, errors, onChange, regions, windows }: BakeFieldsProps) {
  return (
    <SpaceBetween size="m">
      <FormField
        label="Image name"
        description="3 to 128 characters: letters, digits, spaces and ( ) [ ] . / - ' @ _. Unique among the account's images in the region."
        errorText={errors.name}
      >
        <Input
          data-testid="bake-name-input"
          value={form.name}
          ariaLabel="Image name"
          onChange={(e) => onChange({ name: e.detail.value })}
        />
      </FormField>
      <FormField
        label="Description"
        constraintText={`${form.description.length}/255 characters`}
        errorText={errors.description}
      >
        <Input
          data-testid="bake-description-input"
          value={form.description}
          ariaLabel="Description"
          onChange={(e) => onChange({ description: e.detail.value })}
        />
      </FormField>
      <FormField
        label="How to image it"
        description="A stopped instance gives a consistent file system; a reboot is quicker and keeps the instance's public IP."
      >
        <div data-testid="bake-mode">
          <RadioGroup
            value={form.mode}
            onChange={(e) => onChange({ mode: e.detail.value as BakeForm['mode'] })}
            items={[
              {
                value: 'stop',
                label: 'Stop, image, start again',
                description: 'Kiln stops the instance, images it, and starts it again if it was running.',
              },
              {
                value: 'reboot',
                label: 'Image with a reboot',
                description: 'EC2 reboots the instance while it takes the snapshots.',
              },
            ]}
          />
        </div>
      </FormField>
      <TagsSection
        tags={form.tags}
        errors={errors}
        onChange={(tags) => onChange({ tags })}
        description="Added to the image and its snapshots, next to Kiln's lineage tags."
      />
      <FormField
        label="Copy to regions"
        description="Once the image is available, Kiln copies it there; each copy costs its own snapshot storage."
        errorText={errors.copyToRegions}
      >
        <div data-testid="bake-copy-regions">
          <Multiselect
            selectedOptions={form.copyToRegions.map((name) => ({ value: name, label: name }))}
            options={regions.names.map((name) => ({ value: name, label: name }))}
            onChange={(e) =>
              onChange({ copyToRegions: e.detail.selectedOptions.flatMap((o) => (o.value ? [o.value] : [])) })
            }
            placeholder="None: the image stays in the launch's region"
            statusType={regions.loading ? 'loading' : regions.error ? 'error' : 'finished'}
            loadingText="Loading regions"
            errorText={regions.error?.message}
            recoveryText="Retry"
            onLoadItems={(e) => {
              if (e.detail.samePage) regions.reload();
            }}
            empty="The profile has no other region."
            ariaLabel="Copy to regions"
          />
        </div>
      </FormField>
      <Checkbox
        data-testid="bake-keep-agent"
        checked={form.keepAgent}
        onChange={(e) => onChange({ keepAgent: e.detail.checked })}
        description="Launches from the image skip the agent download: the agent and its Node.js stay, while its token, TLS key and journal are removed all the same."
      >
        Keep the agent installed
      </Checkbox>
      {windows && (
        <Checkbox
          data-testid="bake-generalize"
          checked={form.generalize}
          onChange={(e) => onChange({ generalize: e.detail.checked })}
          description="Runs sysprep /generalize while sealing, so every instance launched from the image gets its own SID and computer name."
        >
          Generalize with sysprep
        </Checkbox>
      )}
    </SpaceBetween>
  );
}
