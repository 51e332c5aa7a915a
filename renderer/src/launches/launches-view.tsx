/** The start view: the launches table plus any error loading it. */
import SpaceBetween from '@cloudscape-design/components/space-between';
import Button from '@cloudscape-design/components/button';
import Header from '@cloudscape-design/components/header';
import { ErrorAlert } from '../common/error-alert';
import type { LaunchesState } from './use-launches';
import { ImportLaunchesButton } from './import-launches';
import { LaunchesTable } from './launches-table';

export interface LaunchesViewProps {
  launches: LaunchesState;
  onOpen: (launchId: string) => void;
  onNewLaunch: () => void;
  onLaunchAgain?: (launchId: string) => void;
}

export function LaunchesView({ launches, onOpen, onNewLaunch, onLaunchAgain }: LaunchesViewProps) {
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
        loading={launches.loading}
        onOpen={onOpen}
        onNewLaunch={onNewLaunch}
        onLaunchAgain={onLaunchAgain}
        onRefresh={launches.reload}
        extraActions={<ImportLaunchesButton onImported={(records) => records.forEach(launches.upsert)} />}
      />
    </SpaceBetween>
  );
}
