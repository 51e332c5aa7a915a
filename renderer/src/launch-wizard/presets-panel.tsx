/** The wizard's first step: load a saved preset into the form, or delete one. */
import { useState } from 'react';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Modal from '@cloudscape-design/components/modal';
import Select, { type SelectProps } from '@cloudscape-design/components/select';
import SpaceBetween from '@cloudscape-design/components/space-between';
import type { Preset } from '../../../electron/common/saved-spec';
import { ErrorAlert, errorText } from '../common/error-alert';
import { selectStatus } from '../common/select-status';
import type { PresetsState } from './use-presets';

export interface PresetsPanelProps {
  presets: PresetsState;
  onLoad: (preset: Preset) => void;
}

export function PresetsPanel({ presets, onLoad }: PresetsPanelProps) {
  const [selected, setSelected] = useState<string>();
  const [confirmDelete, setConfirmDelete] = useState(false);
  const items = presets.list.value ?? [];
  const options: SelectProps.Option[] = items.map((p) => ({ value: p.name, label: p.name, description: describe(p) }));
  const current = items.find((p) => p.name === selected);

  async function handleDelete() {
    if (!current) return;
    const result = await presets.remove(current.name);
    if (result.ok) {
      setSelected(undefined);
      setConfirmDelete(false);
    }
  }

  return (
    <Container
      header={
        <Header variant="h2" description="Saved choices to start from. The profile stays the one chosen above.">
          Presets
        </Header>
      }
    >
      <FormField label="Load preset" errorText={presets.list.error && errorText(presets.list.error)}>
        <SpaceBetween direction="horizontal" size="xs">
          <Select
            data-testid="preset-select"
            selectedOption={options.find((o) => o.value === selected) ?? null}
            options={options}
            placeholder={items.length === 0 && presets.list.value ? 'No presets saved yet' : 'Choose a preset'}
            empty="No presets yet: save one on the Review step."
            {...selectStatus(presets.list, 'presets')}
            onChange={(event) => {
              const preset = items.find((p) => p.name === event.detail.selectedOption.value);
              setSelected(preset?.name);
              if (preset) onLoad(preset);
            }}
          />
          <Button
            data-testid="preset-delete-button"
            disabled={!current}
            onClick={() => {
              presets.removing.clearError();
              setConfirmDelete(true);
            }}
          >
            Delete preset
          </Button>
        </SpaceBetween>
      </FormField>
      <Modal
        visible={confirmDelete}
        header="Delete preset"
        onDismiss={() => setConfirmDelete(false)}
        footer={
          <Box float="right">
            <SpaceBetween direction="horizontal" size="xs">
              <Button variant="link" onClick={() => setConfirmDelete(false)}>
                Cancel
              </Button>
              <Button
                data-testid="preset-delete-confirm"
                variant="primary"
                loading={presets.removing.loading}
                onClick={() => void handleDelete()}
              >
                Delete
              </Button>
            </SpaceBetween>
          </Box>
        }
      >
        <SpaceBetween size="s">
          <Box variant="p">Delete the preset &quot;{current?.name}&quot;? Launches made from it are not affected.</Box>
          {presets.removing.error && <ErrorAlert error={presets.removing.error} header="The preset was not deleted" />}
        </SpaceBetween>
      </Modal>
    </Container>
  );
}

function describe(preset: Preset): string | undefined {
  const parts = [preset.spec.region, preset.spec.instanceType, preset.spec.name].filter(Boolean);
  return parts.length > 0 ? parts.join(' · ') : undefined;
}
