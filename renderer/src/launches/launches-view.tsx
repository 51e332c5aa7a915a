/** The start view: the launches table plus any error loading it. */
import SpaceBetween from '@cloudscape-design/components/space-between';
import Button from '@cloudscape-design/components/button';
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
  return (
    <SpaceBetween size="m">
      {launches.error && (
        <ErrorAlert
          error={launches.error}
          header="Kiln could not load the launches"
          action={<Button onClick={launches.reload}>Retry</Button>}
        />
      )}
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
