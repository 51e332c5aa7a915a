/** The install log panel of a launch: header with the line count, load errors, and the live console. */
import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import Header from '@cloudscape-design/components/header';
import SpaceBetween from '@cloudscape-design/components/space-between';
import type { LaunchRecord } from '../../../electron/common/models';
import { ErrorAlert } from '../common/error-alert';
import { formatInteger } from '../common/format';
import { lazy, Suspense } from 'react';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import { initialLoadAfter, useInstallLog } from './use-install-log';

// The console (xterm.js and its addons) loads with the first launch page, not with the app.
const LiveConsole = lazy(() => import('./console/live-console').then((m) => ({ default: m.LiveConsole })));

export function InstallLog({ record }: { record: LaunchRecord }) {
  // A long finished log is fetched from its tail: the agent cursor says roughly where it ends.
  const log = useInstallLog(record.id, initialLoadAfter(record.agentCursor));
  return (
    <Container
      header={
        <Header
          variant="h2"
          counter={log.received > 0 ? `(${formatInteger(log.received)})` : undefined}
          description="What the install script prints, relayed by the installer agent."
        >
          Install log
        </Header>
      }
    >
      <SpaceBetween size="s">
        {log.error && (
          <ErrorAlert
            error={log.error}
            header="Kiln could not load the install log"
            action={<Button onClick={log.reload}>Retry</Button>}
          />
        )}
        <Suspense fallback={<StatusIndicator type="loading">Loading the console</StatusIndicator>}>
          <LiveConsole
            store={log.store}
            loading={log.loading}
            emptyText={waitingFor(record)}
            launchId={record.id}
            launchName={record.spec.name}
          />
        </Suspense>
      </SpaceBetween>
    </Container>
  );
}

/** What an empty log is waiting for, in the agent link's own words when it has them. */
function waitingFor(record: LaunchRecord): string {
  if (record.agentLink?.detail) return `No output yet: ${record.agentLink.detail}`;
  if (record.outcome || record.phase === 'terminated') return 'The install printed nothing.';
  return 'No output yet. Lines appear here as soon as the installer agent relays them.';
}
