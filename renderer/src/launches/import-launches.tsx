/** "Import from AWS": finds Kiln launches in a profile's regions that this workstation does not know. */
import { useState } from 'react';
import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import FormField from '@cloudscape-design/components/form-field';
import Modal from '@cloudscape-design/components/modal';
import Select from '@cloudscape-design/components/select';
import SpaceBetween from '@cloudscape-design/components/space-between';
import type { LaunchRecord } from '../../../electron/common/models';
import { ErrorAlert } from '../common/error-alert';
import { useCommand, useQuery } from '../common/use-command';

export function ImportLaunchesButton({ onImported }: { onImported: (records: LaunchRecord[]) => void }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button data-testid="import-launches-button" onClick={() => setOpen(true)}>
        Import from AWS
      </Button>
      {open && <ImportLaunchesModal onClose={() => setOpen(false)} onImported={onImported} />}
    </>
  );
}

function ImportLaunchesModal({
  onClose,
  onImported,
}: {
  onClose: () => void;
  onImported: (records: LaunchRecord[]) => void;
}) {
  const profiles = useQuery('profiles.list', {});
  const usable = (profiles.value ?? []).filter((p) => p.available);
  const [profileId, setProfileId] = useState<string>();
  const chosen = profileId ?? usable[0]?.id;
  const importing = useCommand('launch.importFromAws');
  const [found, setFound] = useState<LaunchRecord[]>();

  async function handleImport() {
    if (!chosen) return;
    const result = await importing.run({ profileId: chosen });
    if (result.ok) {
      setFound(result.value);
      onImported(result.value);
    }
  }

  return (
    <Modal
      visible
      onDismiss={onClose}
      header="Import launches from AWS"
      footer={
        <Box float="right">
          <SpaceBetween direction="horizontal" size="xs">
            <Button variant="link" onClick={onClose}>
              {found ? 'Close' : 'Cancel'}
            </Button>
            <Button
              variant="primary"
              data-testid="confirm-import-button"
              disabled={!chosen}
              loading={importing.loading}
              onClick={() => void handleImport()}
            >
              Import
            </Button>
          </SpaceBetween>
        </Box>
      }
    >
      <SpaceBetween size="m">
        <Box variant="p">
          Kiln looks for instances tagged <Box variant="code">kiln:launch-id</Box> in every region of the profile and
          rebuilds the launches this workstation does not know. Their install logs come back from the agents.
        </Box>
        {profiles.error && <ErrorAlert error={profiles.error} />}
        {importing.error && <ErrorAlert error={importing.error} header="Import failed" />}
        {found && (
          <Alert type={found.length > 0 ? 'success' : 'info'} data-testid="import-result">
            {found.length > 0
              ? `Imported ${found.map((r) => r.spec.name).join(', ')}.`
              : 'No unknown Kiln launches in this profile.'}
          </Alert>
        )}
        <FormField label="Profile">
          <Select
            selectedOption={
              chosen ? { value: chosen, label: usable.find((p) => p.id === chosen)?.label ?? chosen } : null
            }
            options={usable.map((p) => ({ value: p.id, label: p.label }))}
            onChange={(event) => setProfileId(event.detail.selectedOption.value)}
            statusType={profiles.loading ? 'loading' : 'finished'}
            placeholder="Choose a profile"
          />
        </FormField>
      </SpaceBetween>
    </Modal>
  );
}
