/**
 * Rolls a new image out to a fleet: a Kiln-baked image of the fleet's region or any AMI id, and how many instances
 * must stay healthy meanwhile. Says what happens before it happens; a refusal (an AMI that cannot launch there) shows
 * at the image field.
 */
import { useState } from 'react';
import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import Checkbox from '@cloudscape-design/components/checkbox';
import FormField from '@cloudscape-design/components/form-field';
import Input from '@cloudscape-design/components/input';
import Modal from '@cloudscape-design/components/modal';
import RadioGroup from '@cloudscape-design/components/radio-group';
import Select from '@cloudscape-design/components/select';
import SpaceBetween from '@cloudscape-design/components/space-between';
import type { FleetRecord } from '../../../electron/common/models';
import type { KilnError } from '../../../electron/common/result';
import { useQuery } from '../common/use-command';
import { visibleText } from '../common/visible-text';
import { ConfirmFooter } from '../common/confirm-footer';

export interface RolloutChoice {
  imageId: string;
  minHealthyPercentage: number;
  launchFirst: boolean;
}

export interface RolloutFleetModalProps {
  fleet: FleetRecord;
  loading: boolean;
  error: KilnError | undefined;
  onConfirm: (choice: RolloutChoice) => void;
  onDismiss: () => void;
}

const AMI = /^ami-[0-9a-f]{8,17}$/;

/** The field errors of a rollout choice as typed; empty when it can be sent. */
export function rolloutErrors(imageId: string, minHealthy: string, currentImageId: string, launchFirst = false) {
  const errors: { image?: string; minHealthy?: string } = {};
  if (!AMI.test(imageId.trim())) errors.image = 'Choose an image or type an AMI id (ami-…).';
  else if (imageId.trim() === currentImageId) errors.image = 'The fleet already runs this image.';
  const percent = Number(minHealthy);
  if (launchFirst) return errors;
  if (minHealthy.trim() === '' || !Number.isInteger(percent) || percent < 0 || percent > 100) {
    errors.minHealthy = 'A whole percentage from 0 to 100.';
  }
  return errors;
}

export function RolloutFleetModal({ fleet, loading, error, onConfirm, onDismiss }: RolloutFleetModalProps) {
  const baked = useQuery('images.baked', { profileId: fleet.spec.profileId });
  const images = (baked.value ?? []).filter(
    (image) => image.region === fleet.spec.region && image.state === 'available',
  );
  const [source, setSource] = useState<'baked' | 'ami'>('baked');
  const [bakedId, setBakedId] = useState('');
  const [amiId, setAmiId] = useState('');
  const [minHealthy, setMinHealthy] = useState('90');
  const [launchFirst, setLaunchFirst] = useState(false);
  const [touched, setTouched] = useState(false);
  const imageId = source === 'baked' ? bakedId : amiId.trim();
  const errors = rolloutErrors(imageId, minHealthy, fleet.spec.imageId, launchFirst);
  const valid = Object.keys(errors).length === 0;
  // The backend refuses an image that cannot launch where the fleet runs: that belongs to the image field.
  const imageRefusal = error && error.code !== 'FleetNotActive' ? error.message : undefined;
  const selected = images.find((image) => image.imageId === bakedId);

  function confirm() {
    setTouched(true);
    if (valid) onConfirm({ imageId, minHealthyPercentage: launchFirst ? 100 : Number(minHealthy), launchFirst });
  }

  return (
    <Modal
      visible
      data-testid="rollout-fleet-modal"
      header={`Roll out a new image to ${visibleText(fleet.spec.name)}`}
      onDismiss={() => {
        if (!loading) onDismiss();
      }}
      footer={
        <ConfirmFooter
          confirmText="Roll out"
          confirmTestId="rollout-fleet-confirm"
          onConfirm={confirm}
          onCancel={onDismiss}
          loading={loading}
        />
      }
    >
      <SpaceBetween size="m">
        <Box variant="p">
          Kiln adds a new launch template version with the image, then Auto Scaling replaces the instances a few at a
          time (an instance refresh), keeping at least the minimum healthy percentage in service. The fleet runs{' '}
          <code>{fleet.spec.imageId}</code> now.
        </Box>
        <RadioGroup
          ariaLabel="Image source"
          value={source}
          onChange={({ detail }) => setSource(detail.value === 'ami' ? 'ami' : 'baked')}
          items={[
            { value: 'baked', label: `An image Kiln baked in ${fleet.spec.region}` },
            { value: 'ami', label: 'An AMI id' },
          ]}
        />
        <FormField
          label="Image"
          errorText={imageRefusal ?? (touched ? errors.image : undefined)}
          description={
            source === 'baked' && baked.error ? `The baked images could not be read: ${baked.error.message}` : undefined
          }
        >
          {source === 'baked' ? (
            <Select
              data-testid="rollout-baked-select"
              selectedOption={selected ? { value: selected.imageId, label: selected.name } : null}
              placeholder={images.length === 0 && !baked.loading ? 'No available baked image here' : 'Choose an image'}
              statusType={baked.loading ? 'loading' : 'finished'}
              loadingText="Reading the baked images"
              empty={`Kiln has baked no available image in ${fleet.spec.region}.`}
              options={images.map((image) => ({
                value: image.imageId,
                label: image.name,
                description: image.imageId,
              }))}
              onChange={({ detail }) => setBakedId(detail.selectedOption.value ?? '')}
            />
          ) : (
            <Input
              value={amiId}
              placeholder="ami-0123456789abcdef0"
              ariaLabel="AMI id"
              nativeInputAttributes={{ 'data-testid': 'rollout-ami-input' }}
              onChange={({ detail }) => setAmiId(detail.value)}
            />
          )}
        </FormField>
        <Checkbox
          checked={launchFirst}
          data-testid="rollout-launch-first"
          description="Every instance stays in service: each replacement is launched and warmed up before the instance it replaces is terminated. For a while up to twice as many instances run, and are billed."
          onChange={({ detail }) => setLaunchFirst(detail.checked)}
        >
          Launch replacements before terminating
        </Checkbox>
        <FormField
          label="Minimum healthy percentage"
          description="The share of the desired capacity that stays in service while instances are replaced."
          errorText={touched ? errors.minHealthy : undefined}
        >
          <Input
            type="number"
            inputMode="numeric"
            disabled={launchFirst}
            value={launchFirst ? '100' : minHealthy}
            nativeInputAttributes={{ 'data-testid': 'rollout-min-healthy-input' }}
            onChange={({ detail }) => setMinHealthy(detail.value)}
          />
        </FormField>
        {error && error.code === 'FleetNotActive' && (
          <Alert type="error" header="The image was not rolled out">
            {error.message} {error.remedy}
          </Alert>
        )}
      </SpaceBetween>
    </Modal>
  );
}
