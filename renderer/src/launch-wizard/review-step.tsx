/** Step 4: every choice at a glance, each section with an Edit button back to its step. Presentational. */
import type { ReactNode } from 'react';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import Header from '@cloudscape-design/components/header';
import KeyValuePairs from '@cloudscape-design/components/key-value-pairs';
import SpaceBetween from '@cloudscape-design/components/space-between';
import type { ImageSummary, InstanceTypeSummary, Profile } from '../../../electron/common/models';
import { formatMemory } from '../common/format';
import { UserDataSize } from './install-script-step';
import { networkSummary } from './network-options';
import type { UserDataPreview } from './use-user-data-preview';
import { effectiveImageId, STEP_TITLES, type WizardForm } from './wizard-form';

export interface ReviewStepProps {
  form: WizardForm;
  profile: Profile | undefined;
  image: ImageSummary | undefined;
  instanceType: InstanceTypeSummary | undefined;
  preview: UserDataPreview;
  /** "My IP" as detected, for the network summary. */
  operatorCidr?: string;
  onEdit(step: number): void;
}

export function ReviewStep({ form, profile, image, instanceType, preview, operatorCidr, onEdit }: ReviewStepProps) {
  const lines = form.installScript.split('\n').length;
  return (
    <SpaceBetween size="l">
      <Section step={0} onEdit={onEdit}>
        <KeyValuePairs
          columns={2}
          items={[
            { label: 'Profile', value: profile?.label ?? form.profileId },
            { label: 'Region', value: form.region },
          ]}
        />
      </Section>
      <Section step={1} onEdit={onEdit}>
        <KeyValuePairs
          columns={2}
          items={[
            {
              label: 'AMI',
              value: (
                <SpaceBetween size="xxs">
                  <span>{image ? (image.label ?? image.name) : '–'}</span>
                  <Box variant="small" color="text-body-secondary">
                    {effectiveImageId(form)}
                    {image && ` · ${image.architecture} · ${image.platform}`}
                  </Box>
                </SpaceBetween>
              ),
            },
            {
              label: 'Instance type',
              value: instanceType
                ? `${instanceType.instanceType} (${instanceType.vcpus} vCPU, ${formatMemory(instanceType.memoryMiB)})`
                : form.instanceType,
            },
            { label: 'Root volume', value: <span data-testid="review-storage">{storageSummary(form, image)}</span> },
            { label: 'Key pair', value: <span data-testid="review-key-pair">{keyPairSummary(form)}</span> },
            { label: 'Network', value: <span data-testid="review-network">{networkSummary(form.network)}</span> },
            {
              label: form.network.securityGroupMode === 'existing' ? 'Agent port from' : `Agent port and ${image?.platform === 'windows' ? 'RDP' : 'SSH'} from`,
              value: (
                <span data-testid="review-source">
                  {form.network.source === 'my-ip' ? `My IP${operatorCidr ? ` (${operatorCidr})` : ''}` : form.network.cidr.trim()}
                </span>
              ),
            },
          ]}
        />
      </Section>
      <Section step={2} onEdit={onEdit}>
        <KeyValuePairs
          columns={2}
          items={[
            { label: 'Name', value: form.name.trim() },
            {
              label: 'Tags',
              value: (
                <span data-testid="review-tags">
                  {form.tags.length === 0 ? 'None' : form.tags.map((t) => (t.value ? `${t.key}=${t.value}` : t.key)).join(', ')}
                </span>
              ),
            },
            {
              label: 'Install script',
              value: `${lines} ${lines === 1 ? 'line' : 'lines'}`,
            },
            { label: 'User data', value: <UserDataSize preview={preview} /> },
          ]}
        />
      </Section>
    </SpaceBetween>
  );
}

function storageSummary(form: WizardForm, image: ImageSummary | undefined): string {
  const size = form.storage.sizeGiB.trim() || (image?.rootVolumeSizeGiB !== undefined ? String(image.rootVolumeSizeGiB) : 'AMI default');
  return `${size}${/^\d+$/.test(size) ? ' GiB' : ''} ${form.storage.volumeType}, ${form.storage.encrypted ? 'encrypted' : 'not encrypted'}`;
}

function keyPairSummary(form: WizardForm): string {
  const { mode, name, type, savePath } = form.keyPair;
  switch (mode) {
    case 'none':
      return 'None (EC2 Instance Connect)';
    case 'existing':
      return `Existing: ${name}`;
    case 'create':
      return `New ${type === 'rsa' ? 'RSA' : 'ED25519'} key ${name}, saved to ${savePath}; deleted from AWS on terminate`;
    case 'import':
      return `Imported: ${name}; deleted from AWS on terminate`;
  }
}

function Section({ step, onEdit, children }: { step: number; onEdit(step: number): void; children: ReactNode }) {
  const title = STEP_TITLES[step] ?? '';
  return (
    <Container
      header={
        <Header
          variant="h2"
          headingTagOverride="h3"
          actions={
            <Button ariaLabel={`Edit ${title.toLowerCase()}`} onClick={() => onEdit(step)}>
              Edit
            </Button>
          }
        >
          Step {step + 1}: {title}
        </Header>
      }
    >
      {children}
    </Container>
  );
}
