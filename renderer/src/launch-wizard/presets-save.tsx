/** "Save as preset" on the Review step: a name (1–64 characters), and a confirmation before replacing a preset. */
import { useState } from 'react';
import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import FormField from '@cloudscape-design/components/form-field';
import Input from '@cloudscape-design/components/input';
import Modal from '@cloudscape-design/components/modal';
import SpaceBetween from '@cloudscape-design/components/space-between';
import type { LaunchSpecInput } from '../../../electron/common/models';
import { PresetName, type Preset } from '../../../electron/common/saved-spec';
import { ErrorAlert } from '../common/error-alert';
import type { PresetsState } from './use-presets';

export interface SavePresetButtonProps {
  presets: PresetsState;
  spec: LaunchSpecInput;
  onSaved: (preset: Preset) => void;
}

export function SavePresetButton({ presets, spec, onSaved }: SavePresetButtonProps) {
  const [visible, setVisible] = useState(false);
  const [name, setName] = useState('');
  const [nameError, setNameError] = useState<string>();
  const names = (presets.list.value ?? []).map((p) => p.name);
  const taken = names.find((n) => n.toLowerCase() === name.trim().toLowerCase());
  const { saving } = presets;

  function open() {
    saving.clearError();
    setNameError(undefined);
    setName(spec.name?.trim().slice(0, 64) ?? '');
    setVisible(true);
  }

  async function handleSave() {
    const parsed = PresetName.safeParse(name);
    if (!parsed.success) {
      setNameError(parsed.error.issues[0]?.message);
      return;
    }
    const result = await presets.save(parsed.data, spec, taken !== undefined);
    if (result.ok) {
      setVisible(false);
      onSaved(result.value);
    } else if (result.error.code === 'PresetExists') {
      // Saved elsewhere meanwhile: the reloaded list now shows it as taken, and the button asks to replace.
      presets.list.reload();
    }
  }

  return (
    <>
      <Button data-testid="save-preset-button" onClick={open}>
        Save as preset
      </Button>
      <Modal
        visible={visible}
        header="Save as preset"
        onDismiss={() => setVisible(false)}
        footer={
          <Box float="right">
            <SpaceBetween direction="horizontal" size="xs">
              <Button variant="link" onClick={() => setVisible(false)}>
                Cancel
              </Button>
              <Button
                data-testid="save-preset-confirm"
                variant="primary"
                loading={saving.loading}
                onClick={() => void handleSave()}
              >
                {taken ? 'Replace preset' : 'Save preset'}
              </Button>
            </SpaceBetween>
          </Box>
        }
      >
        <SpaceBetween size="m">
          <Box variant="p">
            A preset keeps these choices for later, without secrets: a key pair that Kiln would create or import is kept
            only if it exists by then, and no key file path is kept.
          </Box>
          <FormField label="Preset name" constraintText="1 to 64 characters." errorText={nameError}>
            <Input
              nativeInputAttributes={{ 'data-testid': 'preset-name-input' }}
              value={name}
              onChange={(event) => {
                setName(event.detail.value);
                setNameError(undefined);
              }}
              onKeyDown={(event) => {
                if (event.detail.key === 'Enter') void handleSave();
              }}
            />
          </FormField>
          {taken && (
            <Alert type="warning" data-testid="preset-replace-warning">
              A preset named &quot;{taken}&quot; already exists. Saving replaces it.
            </Alert>
          )}
          {saving.error && saving.error.code !== 'PresetExists' && (
            <ErrorAlert error={saving.error} header="The preset was not saved" />
          )}
        </SpaceBetween>
      </Modal>
    </>
  );
}
