/**
 * Cleanup: finds resources Kiln tagged that no launch on this workstation owns (a lost record, a crash, another
 * workstation), shows what they cost, and removes the selected ones after confirmation.
 */
import { useMemo, useState } from 'react';
import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Modal from '@cloudscape-design/components/modal';
import Select from '@cloudscape-design/components/select';
import SpaceBetween from '@cloudscape-design/components/space-between';
import type { Orphan, OrphanCleanupResult } from '../../../electron/common/models';
import { ErrorAlert } from '../common/error-alert';
import { useCommand, useQuery } from '../common/use-command';
import { formatCostPerDay, OrphansTable } from './orphans-table';

export function OrphansView() {
  const profiles = useQuery('profiles.list', {});
  const usable = (profiles.value ?? []).filter((p) => p.available);
  const [profileId, setProfileId] = useState<string>();
  const chosen = profileId ?? usable[0]?.id;
  const scan = useQuery('orphans.list', chosen ? { profileId: chosen } : null);
  const clean = useCommand('orphans.clean');
  const [selected, setSelected] = useState<Orphan[]>([]);
  const [confirming, setConfirming] = useState(false);
  const [results, setResults] = useState<OrphanCleanupResult[]>();
  const orphans = scan.value ?? [];
  const dailyTotal = useMemo(() => selected.reduce((sum, o) => sum + (o.estimatedCostPerDay ?? 0), 0), [selected]);

  async function handleClean() {
    if (!chosen) return;
    const result = await clean.run({
      profileId: chosen,
      items: selected.map(({ kind, id, region }) => ({ kind, id, region })),
    });
    setConfirming(false);
    if (result.ok) {
      setResults(result.value);
      setSelected([]);
      scan.reload();
    }
  }

  const failures = results?.filter((r) => !r.ok) ?? [];
  return (
    <SpaceBetween size="l">
      <Header variant="h1" description="Find what Kiln created in AWS and no launch here owns any more, and delete it.">
        Cleanup
      </Header>
      {profiles.error && <ErrorAlert error={profiles.error} />}
      {scan.error && <ErrorAlert error={scan.error} action={<Button onClick={scan.reload}>Retry</Button>} />}
      {clean.error && <ErrorAlert error={clean.error} header="Cleanup failed" onDismiss={clean.clearError} />}
      {results && failures.length === 0 && (
        <Alert type="success" dismissible onDismiss={() => setResults(undefined)} data-testid="cleanup-result">
          Removed {results.length} resource{results.length === 1 ? '' : 's'}.
        </Alert>
      )}
      {failures.length > 0 && (
        <Alert
          type="error"
          header="Some resources could not be removed"
          data-testid="cleanup-result"
          dismissible
          onDismiss={() => setResults(undefined)}
        >
          {failures.map((f) => (
            <Box key={`${f.kind}/${f.id}`} variant="p">
              {f.id}: {f.message}
            </Box>
          ))}
        </Alert>
      )}
      <FormField label="Profile" description="Kiln looks in every region this profile can use.">
        <Select
          data-testid="orphans-profile-select"
          selectedOption={
            chosen ? { value: chosen, label: usable.find((p) => p.id === chosen)?.label ?? chosen } : null
          }
          options={usable.map((p) => ({ value: p.id, label: p.label }))}
          onChange={(event) => {
            setProfileId(event.detail.selectedOption.value);
            setSelected([]);
          }}
          statusType={profiles.loading ? 'loading' : 'finished'}
          placeholder="Choose a profile"
        />
      </FormField>
      <OrphansTable
        orphans={orphans}
        loading={scan.loading}
        selected={selected}
        onSelectionChange={setSelected}
        header={
          <Header
            variant="h2"
            counter={scan.value ? `(${orphans.length})` : undefined}
            description="Resources tagged by Kiln that belong to no live launch on this workstation."
            actions={
              <SpaceBetween direction="horizontal" size="xs">
                <Button
                  iconName="refresh"
                  ariaLabel="Scan again"
                  onClick={scan.reload}
                  disabled={!chosen}
                  loading={scan.loading}
                />
                <Button
                  variant="primary"
                  data-testid="clean-up-button"
                  disabled={selected.length === 0}
                  onClick={() => setConfirming(true)}
                >
                  Clean up
                </Button>
              </SpaceBetween>
            }
          >
            Leftovers
          </Header>
        }
        empty={<Box textAlign="center">Nothing Kiln-tagged is left over in this profile's regions.</Box>}
      />
      <Modal
        visible={confirming}
        onDismiss={() => setConfirming(false)}
        header="Clean up leftovers?"
        footer={
          <Box float="right">
            <SpaceBetween direction="horizontal" size="xs">
              <Button variant="link" onClick={() => setConfirming(false)}>
                Cancel
              </Button>
              <Button
                variant="primary"
                data-testid="confirm-clean-up-button"
                loading={clean.loading}
                onClick={() => void handleClean()}
              >
                Delete {selected.length}
              </Button>
            </SpaceBetween>
          </Box>
        }
      >
        Kiln terminates the selected instances first, then deletes the selected groups, key pairs and volumes. This
        cannot be undone. They cost about {formatCostPerDay(dailyTotal)} per day now.
      </Modal>
    </SpaceBetween>
  );
}
