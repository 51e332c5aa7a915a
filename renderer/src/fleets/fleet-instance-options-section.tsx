/**
 * What each instance gets besides its image and type: an IAM instance profile, and the root volume, with the
 * wizard's own Storage section (at least the image's size, no HDD types, encrypted by default).
 */
import Container from '@cloudscape-design/components/container';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import SpaceBetween from '@cloudscape-design/components/space-between';
import type { ImageSummary } from '../../../electron/common/models';
import type { FieldErrors } from '../launch-wizard/field-errors';
import { StorageSection } from '../launch-wizard/storage-section';
import type { FleetSectionProps } from './fleet-section-props';

export interface FleetInstanceOptionsSectionProps extends FleetSectionProps {
  /** The fleet's image as EC2 describes it (its root device and size), when it is known. */
  image: ImageSummary | undefined;
}

const STORAGE_FIELDS = ['storage', 'storage.rootVolumeSizeGiB', 'storage.volumeType', 'storage.encrypted'] as const;

export function FleetInstanceOptionsSection({ form, set, errorAt, image }: FleetInstanceOptionsSectionProps) {
  // The wizard's section reads its errors by the same spec paths the fleet's spec uses.
  const storageErrors: FieldErrors = {};
  for (const field of STORAGE_FIELDS) {
    const message = errorAt(field);
    if (message) storageErrors[field] = message;
  }
  return (
    <SpaceBetween size="l">
      <Container header={<Header variant="h2">IAM instance profile</Header>}>
        <FormField
          label="Instance profile (optional)"
          description="The role the instances act as, e.g. to read from S3 or to be managed by Systems Manager."
          errorText={errorAt('instanceProfile')}
        >
          <Input
            value={form.instanceProfile}
            placeholder="kiln-builder"
            nativeInputAttributes={{ 'data-testid': 'fleet-instance-profile-input' }}
            onChange={({ detail }) => set({ instanceProfile: detail.value })}
          />
        </FormField>
      </Container>
      <StorageSection
        storage={form.storage}
        image={image}
        errors={storageErrors}
        onChange={(storage) => set({ storage })}
      />
    </SpaceBetween>
  );
}
