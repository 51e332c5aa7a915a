/** Asks which region to copy an image to. Presentational. */
import { useState } from 'react';
import Box from '@cloudscape-design/components/box';
import FormField from '@cloudscape-design/components/form-field';
import Modal from '@cloudscape-design/components/modal';
import Select from '@cloudscape-design/components/select';
import SpaceBetween from '@cloudscape-design/components/space-between';
import type { KilnImage } from '../../../electron/common/models';
import type { KilnError } from '../../../electron/common/result';
import { ErrorAlert, errorText } from '../common/error-alert';
import { formatUsd } from '../common/format';
import { ConfirmFooter } from '../common/confirm-footer';

export interface CopyImageModalProps {
  image: KilnImage;
  /** The profile's regions; the image's own is left out here. */
  regions: { names: string[]; loading: boolean; error: KilnError | undefined };
  loading: boolean;
  error: KilnError | undefined;
  onConfirm: (targetRegion: string) => void;
  onDismiss: () => void;
}

/** Mount it only while open, so every opening starts without a region. */
export function CopyImageModal({ image, regions, loading, error, onConfirm, onDismiss }: CopyImageModalProps) {
  const [region, setRegion] = useState<string>();
  const choices = regions.names.filter((name) => name !== image.region);
  const fieldError = error?.field === 'targetRegion' ? errorText(error) : undefined;
  return (
    <Modal
      visible
      data-testid="copy-modal"
      header={`Copy ${image.name} to another region`}
      onDismiss={() => {
        if (!loading) onDismiss();
      }}
      footer={
        <ConfirmFooter
          confirmText="Copy"
          confirmTestId="copy-confirm"
          onConfirm={() => region && onConfirm(region)}
          onCancel={onDismiss}
          loading={loading}
          disabled={!region}
        />
      }
    >
      <SpaceBetween size="m">
        <Box variant="p">
          EC2 copies {image.imageId} from {image.region} with its snapshots; the copy is pending until its snapshots are
          complete, and its storage costs about {formatUsd(image.usdPerMonth)} per month on top.
        </Box>
        <FormField label="Target region" errorText={fieldError}>
          <Select
            data-testid="copy-region-select"
            selectedOption={region ? { value: region, label: region } : null}
            options={choices.map((name) => ({ value: name, label: name }))}
            onChange={(e) => setRegion(e.detail.selectedOption.value)}
            placeholder="Choose a region"
            statusType={regions.loading ? 'loading' : regions.error ? 'error' : 'finished'}
            loadingText="Loading regions"
            errorText={regions.error?.message}
            empty="The profile has no other region."
          />
        </FormField>
        {error && !fieldError && <ErrorAlert error={error} header="The image was not copied" />}
      </SpaceBetween>
    </Modal>
  );
}
