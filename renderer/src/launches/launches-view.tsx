/** The start view: the launches table plus any error loading it, and the row actions' dialogs. */
import { useState } from 'react';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Button from '@cloudscape-design/components/button';
import Header from '@cloudscape-design/components/header';
import { ErrorAlert } from '../common/error-alert';
import { useCommand } from '../common/use-command';
import type { LaunchesState } from './use-launches';
import { ImportLaunchesButton } from './import-launches';
import { LaunchesTable } from './launches-table';
import { useLaunchHealth } from './use-launch-health';
import { RemoveLaunchModal } from './remove-launch-modal';
import { RowTerminate } from './row-terminate';

export interface LaunchesViewProps {
  launches: LaunchesState;
  onOpen: (launchId: string) => void;
  onNewLaunch: () => void;
  onLaunchAgain?: (launchId: string) => void;
}

export function LaunchesView({ launches, onOpen, onNewLaunch, onLaunchAgain }: LaunchesViewProps) {
  const [terminating, setTerminating] = useState<string>();
  const [removing, setRemoving] = useState<string>();
  const [hideFinished, setHideFinished] = useState(false);
  const health = useLaunchHealth();
  const forget = useCommand('launch.forget');
  const terminatingRecord = terminating ? launches.byId[terminating] : undefined;
  const removingRecord = removing ? launches.byId[removing] : undefined;

  async function remove(launchId: string) {
    const result = await forget.run({ launchId });
    if (result.ok) {
      launches.remove(launchId);
      setRemoving(undefined);
    }
  }

  const error = launches.error && (
    <ErrorAlert
      error={launches.error}
      header="Kiln could not load the launches"
      action={<Button onClick={() => launches.reload()}>Retry</Button>}
    />
  );
  // Nothing loaded (not signed in, backend gone): an empty table would claim there are no launches.
  if (error && launches.records.length === 0 && !launches.loading) {
    return (
      <SpaceBetween size="m">
        <Header variant="h1" description="Instances Kiln launched, with their install progress.">
          Launches
        </Header>
        {error}
      </SpaceBetween>
    );
  }
  return (
    <SpaceBetween size="m">
      {error}
      <LaunchesTable
        records={launches.records}
        health={health}
        loading={launches.loading}
        onOpen={onOpen}
        onNewLaunch={onNewLaunch}
        onLaunchAgain={onLaunchAgain}
        onTerminate={setTerminating}
        onRemove={(launchId) => {
          forget.clearError();
          setRemoving(launchId);
        }}
        hideFinished={hideFinished}
        onHideFinishedChange={setHideFinished}
        onRefresh={launches.reload}
        extraActions={<ImportLaunchesButton onImported={(records) => records.forEach(launches.upsert)} />}
      />
      {terminatingRecord && (
        <RowTerminate
          key={terminatingRecord.id}
          record={terminatingRecord}
          onRecord={launches.upsert}
          onClose={() => setTerminating(undefined)}
        />
      )}
      {removingRecord && (
        <RemoveLaunchModal
          record={removingRecord}
          loading={forget.loading}
          error={forget.error}
          onConfirm={() => void remove(removingRecord.id)}
          onDismiss={() => setRemoving(undefined)}
        />
      )}
    </SpaceBetween>
  );
}
