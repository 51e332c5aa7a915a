/** The last step: every choice per step with an Edit link back, the cost, and what Kiln creates and leaves. */
import type { ReactNode } from 'react';
import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import Header from '@cloudscape-design/components/header';
import KeyValuePairs, { type KeyValuePairsProps } from '@cloudscape-design/components/key-value-pairs';
import SpaceBetween from '@cloudscape-design/components/space-between';
import type { ImageSummary, InstanceTypeSummary, LaunchEstimate, Profile } from '../../../electron/common/models';
import type { QueryState } from '../common/use-command';
import { formatMemory } from '../common/format';
import { networkSummary } from './network-options';
import { CostSection, ResourcesSection } from './review-summary';
import type { UserDataPreview } from './use-user-data-preview';
import { UserDataSize } from './user-data-meter';
import { STEP_TITLES, stepIndex, type StepId } from './step-definitions';
import { effectiveImageId, type WizardForm } from './wizard-form';
import { Visible } from '../common/visible';

export interface ReviewStepProps {
  form: WizardForm;
  profile: Profile | undefined;
  image: ImageSummary | undefined;
  instanceType: InstanceTypeSummary | undefined;
  preview: UserDataPreview;
  estimate: QueryState<LaunchEstimate>;
  /** "My IP" as detected, for the network summary. */
  operatorCidr?: string;
  onEdit: (step: number) => void;
  /** Given when the AMI is Kiln-baked: a fleet of it, with these choices, instead of one launch. */
  onCreateFleet?: () => void;
}

export function ReviewStep(props: ReviewStepProps) {
  const { form, profile, image, instanceType, preview, operatorCidr } = props;
  const lines = form.installScript.split('\n').length;
  const section = (step: StepId, items: KeyValuePairsProps.Item[]) => (
    <Section step={stepIndex(step)} onEdit={props.onEdit}>
      <KeyValuePairs columns={items.length > 2 ? 3 : 2} items={items} />
    </Section>
  );
  return (
    <SpaceBetween size="l">
      {props.onCreateFleet && (
        <Alert
          type="info"
          header="This image was baked by Kiln"
          data-testid="review-fleet-offer"
          action={
            <Button data-testid="review-create-fleet-button" onClick={props.onCreateFleet}>
              Create a fleet of this image instead
            </Button>
          }
        >
          Its install is already done: a fleet runs it on several instances behind an Auto Scaling group (and a load
          balancer if you like), with the network, security groups, key pair, instance profile and storage chosen here.
        </Alert>
      )}
      {section('profile-region', [
        { label: 'Profile', value: profile?.label ?? form.profileId },
        { label: 'Region', value: form.region },
      ])}
      {section('name-tags', [
        {
          label: 'Name',
          value: (
            <span data-testid="review-name">
              <Visible text={form.name.trim()} />
            </span>
          ),
        },
        {
          label: 'Tags',
          value: (
            <span data-testid="review-tags">
              {form.tags.length === 0
                ? 'None'
                : form.tags.map((t) => (t.value ? `${t.key}=${t.value}` : t.key)).join(', ')}
            </span>
          ),
        },
      ])}
      {section('ami', [
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
      ])}
      {section('instance-type', [
        {
          label: 'Instance type',
          value: instanceType
            ? `${instanceType.instanceType} (${instanceType.vcpus} vCPU, ${formatMemory(instanceType.memoryMiB)})`
            : form.instanceType,
        },
      ])}
      {section('key-pair', [
        { label: 'Key pair', value: <span data-testid="review-key-pair">{keyPairSummary(form)}</span> },
      ])}
      {section('network', [
        { label: 'Network', value: <span data-testid="review-network">{networkSummary(form.network)}</span> },
        {
          label:
            form.network.securityGroupMode === 'existing'
              ? 'Agent port from'
              : `Agent port and ${image?.platform === 'windows' ? 'RDP' : 'SSH'} from`,
          value: (
            <span data-testid="review-source">
              {form.network.source === 'my-ip'
                ? `My IP${operatorCidr ? ` (${operatorCidr})` : ''}`
                : form.network.cidr.trim()}
            </span>
          ),
        },
      ])}
      {section('storage', [
        { label: 'Root volume', value: <span data-testid="review-storage">{storageSummary(form, image)}</span> },
      ])}
      {section('install-script', [
        { label: 'Install script', value: `${lines} ${lines === 1 ? 'line' : 'lines'}` },
        { label: 'User data', value: <UserDataSize preview={preview} /> },
      ])}
      {section('advanced', advancedItems(form))}
      <CostSection estimate={props.estimate} />
      <ResourcesSection form={form} image={image} operatorCidr={operatorCidr} />
    </SpaceBetween>
  );
}

function advancedItems(form: WizardForm): KeyValuePairsProps.Item[] {
  const a = form.advanced;
  return [
    { label: 'Instances', value: <span data-testid="review-count">{a.count.trim()}</span> },
    { label: 'Metadata service', value: a.imdsv2Required ? 'IMDSv2 required' : 'IMDSv1 and IMDSv2' },
    { label: 'IAM instance profile', value: a.instanceProfile.trim() || 'None' },
    { label: 'Shutdown behavior', value: a.shutdownBehavior === 'stop' ? 'Stop' : 'Terminate' },
    { label: 'Termination protection', value: a.terminationProtection ? 'On' : 'Off' },
    {
      label: 'Automatic termination',
      value: (
        <span data-testid="review-auto-terminate">
          {a.autoTerminate ? `${a.autoTerminateAfterHours.trim()} hours after launch` : 'Off'}
        </span>
      ),
    },
    {
      label: 'DNS name',
      value: (
        <span data-testid="review-dns">
          {form.dns.enabled
            ? `${form.dns.recordName.trim()} (A record in hosted zone ${form.dns.hostedZoneId})`
            : 'None'}
        </span>
      ),
    },
  ];
}

function storageSummary(form: WizardForm, image: ImageSummary | undefined): string {
  const size =
    form.storage.sizeGiB.trim() ||
    (image?.rootVolumeSizeGiB !== undefined ? String(image.rootVolumeSizeGiB) : 'AMI default');
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

function Section({ step, onEdit, children }: { step: number; onEdit: (step: number) => void; children: ReactNode }) {
  const title = STEP_TITLES[step] ?? '';
  return (
    <Container
      header={
        <Header
          variant="h2"

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
