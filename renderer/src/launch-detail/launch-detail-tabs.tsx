/**
 * The launch's tabs: the install log with its timeline, Connect and Health (enabled while there is an instance), and
 * Snapshots (once there was one). Cloudscape gives each tab header the tab id as its data-testid: `install-log-tab`,
 * `connect-tab`, `health-tab`, `snapshots-tab`.
 */
import Container from '@cloudscape-design/components/container';
import Grid from '@cloudscape-design/components/grid';
import Header from '@cloudscape-design/components/header';
import { lazy, Suspense } from 'react';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import type { LaunchRecord } from '../../../electron/common/models';
import { KeptTabs } from '../common/kept-tabs';
import type { LaunchTab } from '../shell/routes';
import { HealthTab, healthAvailability } from './health-tab';
import { SnapshotsTab, snapshotsAvailability } from './snapshots-tab';
import { connectAvailability } from './connect/connect-availability';
import { InstallLog } from './install-log';
import { PhaseTimeline } from './phase-timeline';

// Connect (its terminals, xterm.js) loads when the tab is first opened.
const ConnectTab = lazy(() => import('./connect/connect-tab').then((m) => ({ default: m.ConnectTab })));

export type LaunchDetailTab = LaunchTab;

export interface LaunchDetailTabsProps {
  record: LaunchRecord;
  activeTab: LaunchDetailTab;
  onChange: (tab: LaunchDetailTab) => void;
  onRecord: (record: LaunchRecord) => void;
}

export function LaunchDetailTabs({ record, activeTab, onChange, onRecord }: LaunchDetailTabsProps) {
  const availability = connectAvailability(record);
  const health = healthAvailability(record);
  const snapshots = snapshotsAvailability(record);
  // A tab falls back to the log when the instance goes; its panel (and any terminal) unmounts with it.
  const enabled: Record<LaunchDetailTab, boolean> = {
    'install-log': true,
    connect: availability.enabled,
    health: health.enabled,
    snapshots: snapshots.enabled,
  };
  const active = enabled[activeTab] ? activeTab : 'install-log';
  return (
    <KeptTabs
      ariaLabel="Launch"
      activeTabId={`${active}-tab`}
      onChange={(id) => onChange(tabOf(id))}
      tabs={[
        {
          id: 'install-log-tab',
          label: 'Install log',
          panelLabel: 'Install log',
          content: (
            <Grid gridDefinition={[{ colspan: { default: 12, l: 8 } }, { colspan: { default: 12, l: 4 } }]}>
              <InstallLog record={record} />
              <Container header={<Header variant="h2">Timeline</Header>}>
                <PhaseTimeline timeline={record.timeline} />
              </Container>
            </Grid>
          ),
        },
        {
          id: 'connect-tab',
          label: 'Connect',
          panelLabel: 'Connect',
          disabled: !availability.enabled,
          disabledReason: availability.enabled ? undefined : availability.reason,
          content: (
            <Suspense fallback={<StatusIndicator type="loading">Loading Connect</StatusIndicator>}>
              <ConnectTab record={record} active={active === 'connect'} onRecord={onRecord} />
            </Suspense>
          ),
        },
        {
          id: 'health-tab',
          label: 'Health',
          panelLabel: 'Health',
          disabled: !health.enabled,
          disabledReason: health.enabled ? undefined : health.reason,
          content: <HealthTab record={record} onRecord={onRecord} />,
        },
        {
          id: 'snapshots-tab',
          label: 'Snapshots',
          panelLabel: 'Snapshots',
          disabled: !snapshots.enabled,
          disabledReason: snapshots.enabled ? undefined : snapshots.reason,
          content: <SnapshotsTab record={record} onRecord={onRecord} />,
        },
      ]}
    />
  );
}

function tabOf(id: string): LaunchDetailTab {
  const tab = id.replace(/-tab$/, '');
  return tab === 'connect' || tab === 'health' || tab === 'snapshots' ? tab : 'install-log';
}
