/** The root volume: size (at least the AMI's), type, encryption. Presentational. */
import Checkbox from '@cloudscape-design/components/checkbox';
import Container from '@cloudscape-design/components/container';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import Select from '@cloudscape-design/components/select';
import SpaceBetween from '@cloudscape-design/components/space-between';
import type { ImageSummary, VolumeType } from '../../../electron/common/models';
import type { FieldErrors } from './field-errors';
import type { StorageForm } from './wizard-form';

const TYPES: { value: VolumeType; label: string; description?: string; disabled?: boolean }[] = [
  { value: 'gp3', label: 'gp3', description: 'General purpose SSD (default)' },
  { value: 'gp2', label: 'gp2', description: 'General purpose SSD, previous generation' },
  { value: 'io1', label: 'io1', description: 'Provisioned IOPS SSD' },
  { value: 'io2', label: 'io2', description: 'Provisioned IOPS SSD' },
  { value: 'st1', label: 'st1', description: 'Throughput HDD: cannot be a root volume', disabled: true },
  { value: 'sc1', label: 'sc1', description: 'Cold HDD: cannot be a root volume', disabled: true },
];

export interface StorageSectionProps {
  storage: StorageForm;
  image: ImageSummary | undefined;
  errors: FieldErrors;
  onChange: (storage: StorageForm) => void;
}

export function StorageSection({ storage, image, errors, onChange }: StorageSectionProps) {
  const minimum = image?.rootVolumeSizeGiB;
  const selected = TYPES.find((t) => t.value === storage.volumeType) ?? null;
  return (
    <Container
      header={
        <Header variant="h2" description={image?.rootDeviceName ? `Root device ${image.rootDeviceName}` : undefined}>
          Storage
        </Header>
      }
    >
      <SpaceBetween size="l" direction="horizontal">
        <FormField
          label="Root volume size (GiB)"
          constraintText={
            minimum !== undefined
              ? `At least ${minimum} GiB (the AMI's size); empty keeps ${minimum} GiB.`
              : 'Empty keeps the AMI\u2019s size.'
          }
          errorText={errors['storage.rootVolumeSizeGiB'] ?? errors.storage}
        >
          <Input
            type="number"
            inputMode="numeric"
            value={storage.sizeGiB}
            placeholder={minimum !== undefined ? String(minimum) : ''}
            nativeInputAttributes={{ 'data-testid': 'root-volume-size-input' }}
            onChange={({ detail }) => onChange({ ...storage, sizeGiB: detail.value })}
          />
        </FormField>
        <FormField label="Volume type" errorText={errors['storage.volumeType']}>
          <Select
            data-testid="volume-type-select"
            selectedOption={selected}
            options={TYPES}
            onChange={({ detail }) => onChange({ ...storage, volumeType: detail.selectedOption.value as VolumeType })}
          />
        </FormField>
        <FormField label="Encryption" errorText={errors['storage.encrypted']}>
          <Checkbox
            checked={storage.encrypted}
            onChange={({ detail }) => onChange({ ...storage, encrypted: detail.checked })}
          >
            Encrypt the root volume
          </Checkbox>
        </FormField>
      </SpaceBetween>
    </Container>
  );
}
