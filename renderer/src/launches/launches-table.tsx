/**
 * The launches list: one row per launch record, newest first, with its row actions (Launch again, Terminate, Remove)
 * in a column that stays in view, and column preferences so a narrow window hides nothing without saying so.
 * Presentational.
 */
import { useState } from 'react';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import CollectionPreferences, {
  type CollectionPreferencesProps,
} from '@cloudscape-design/components/collection-preferences';
import Header from '@cloudscape-design/components/header';
import Link from '@cloudscape-design/components/link';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Table, { type TableProps } from '@cloudscape-design/components/table';
import Toggle from '@cloudscape-design/components/toggle';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import type { LaunchHealth, LaunchRecord } from '../../../electron/common/models';
import { HEALTH_VIEW } from '../health/probe-state-view';
import { formatDateTime } from '../common/format';
import { PhaseStatus } from '../common/phase-status';
import { StatusChecksIndicator } from '../common/status-checks';
import { appHref, paths } from '../shell/routes';
import { Visible } from '../common/visible';
import { visibleText } from '../common/visible-text';
import { BakeStatus } from './bake-status';
import { canTerminate, defaultLaunchColumns, isFinished, LAUNCH_COLUMNS } from './launch-columns';

export interface LaunchesTableProps {
  records: readonly LaunchRecord[];
  loading: boolean;
  onOpen: (launchId: string) => void;
  onNewLaunch: () => void;
  /** Opens the wizard filled from a launch; adds the row action when given. */
  onLaunchAgain?: (launchId: string) => void;
  /** Opens the terminate dialog for a launch; adds the row action when given. */
  onTerminate?: (launchId: string) => void;
  /** Asks to remove a terminated launch from the list; adds the row action when given. */
  onRemove?: (launchId: string) => void;
  /** Hides terminated and lost launches; the toggle shows when `onHideFinishedChange` is given. */
  hideFinished?: boolean;
  onHideFinishedChange?: (hide: boolean) => void;
  onRefresh: () => void;
  /** Extra header actions (e.g. Import from AWS), shown before the primary button. */
  extraActions?: React.ReactNode;
  /** Each launch's probe health (the Health column); launches not in it have no probes. */
  health?: ReadonlyMap<string, LaunchHealth>;
  /** The window width the default columns are chosen for (tests pass it; the app reads the window). */
  windowWidth?: number;
}

export function LaunchesTable(props: LaunchesTableProps) {
  const { records, loading, onOpen, onNewLaunch, onRefresh, extraActions, hideFinished = false } = props;
  const [columnDisplay, setColumnDisplay] = useState(() =>
    defaultLaunchColumns(props.windowWidth ?? (typeof window === 'undefined' ? 1400 : window.innerWidth)),
  );
  const shown = hideFinished ? records.filter((r) => !isFinished(r)) : records;
  const hiddenCount = records.length - shown.length;
  const hasActions = Boolean(props.onLaunchAgain ?? props.onTerminate ?? props.onRemove);

  const columns: TableProps.ColumnDefinition<LaunchRecord>[] = [
    {
      id: 'name',
      header: 'Name',
      minWidth: 140,
      cell: (record) => (
        <Link
          data-testid={`launch-link-${record.id}`}
          href={appHref(paths.launch(record.id))}
          onFollow={(event) => {
            event.preventDefault();
            onOpen(record.id);
          }}
        >
          <Visible text={record.spec.name} />
        </Link>
      ),
      isRowHeader: true,
    },
    { id: 'instanceId', header: 'Instance ID', cell: (record) => record.instanceId ?? '–' },
    { id: 'phase', header: 'Phase', minWidth: 170, cell: (record) => <PhaseStatus phase={record.phase} /> },
    { id: 'instanceState', header: 'Instance state', cell: (record) => record.instanceState ?? '–' },
    { id: 'statusChecks', header: 'Status checks', cell: (record) => <StatusChecksIndicator record={record} /> },
    {
      id: 'health',
      header: 'Health',
      cell: (record) => {
        const view = HEALTH_VIEW[props.health?.get(record.id) ?? 'none'];
        return (
          <span data-testid="launch-health" data-health={props.health?.get(record.id) ?? 'none'}>
            <StatusIndicator type={view.type}>{view.text}</StatusIndicator>
          </span>
        );
      },
    },
    { id: 'ami', header: 'AMI', minWidth: 140, cell: (record) => <BakeStatus record={record} /> },
    { id: 'region', header: 'Region', cell: (record) => record.spec.region },
    { id: 'createdAt', header: 'Created', cell: (record) => formatDateTime(record.createdAt) },
    ...(hasActions
      ? [
          {
            id: 'actions',
            header: 'Actions',
            minWidth: 120,
            cell: (record: LaunchRecord) => <RowActions record={record} {...props} />,
          },
        ]
      : []),
  ];

  const launchButton = (
    <Button variant="primary" data-testid="launch-instance-button" onClick={onNewLaunch}>
      Launch instance
    </Button>
  );

  return (
    <Table
      data-testid="launches-table"
      variant="full-page"
      items={shown}
      columnDefinitions={columns}
      columnDisplay={columnDisplay}
      // The row actions stay in view while the other columns scroll sideways in a narrow window.
      stickyColumns={{ first: 0, last: hasActions ? 1 : 0 }}
      wrapLines
      trackBy="id"
      loading={loading}
      loadingText="Loading launches"
      filter={
        props.onHideFinishedChange && (
          <Toggle
            data-testid="hide-finished-toggle"
            checked={hideFinished}
            onChange={(event) => props.onHideFinishedChange?.(event.detail.checked)}
          >
            Hide terminated launches{hiddenCount > 0 ? ` (${hiddenCount} hidden)` : ''}
          </Toggle>
        )
      }
      preferences={
        <CollectionPreferences
          title="Preferences"
          confirmLabel="Confirm"
          cancelLabel="Cancel"
          preferences={{ contentDisplay: columnDisplay }}
          contentDisplayPreference={{
            title: 'Columns',
            description: 'Choose the columns the table shows.',
            options: LAUNCH_COLUMNS.map(({ id, label, alwaysVisible }) => ({ id, label, alwaysVisible })),
          }}
          onConfirm={(event) => {
            const chosen: readonly CollectionPreferencesProps.ContentDisplayItem[] | undefined =
              event.detail.contentDisplay;
            if (chosen) setColumnDisplay([...chosen]);
          }}
        />
      }
      header={
        <Header
          variant="awsui-h1-sticky"
          counter={
            loading ? undefined : hiddenCount > 0 ? `(${shown.length} of ${records.length})` : `(${records.length})`
          }
          description="Instances Kiln launched, with their install progress."
          actions={
            <SpaceBetween direction="horizontal" size="xs">
              <Button iconName="refresh" ariaLabel="Refresh launches" loading={loading} onClick={onRefresh} />
              {extraActions}
              {launchButton}
            </SpaceBetween>
          }
        >
          Launches
        </Header>
      }
      empty={
        hiddenCount > 0 ? (
          <Box textAlign="center" color="inherit" padding="l">
            <SpaceBetween size="s">
              <Box variant="strong" color="inherit">
                No running launches
              </Box>
              <Box variant="p" color="inherit">
                {hiddenCount} terminated {hiddenCount === 1 ? 'launch is' : 'launches are'} hidden.
              </Box>
              <Button onClick={() => props.onHideFinishedChange?.(false)}>Show terminated launches</Button>
            </SpaceBetween>
          </Box>
        ) : (
          <Box textAlign="center" color="inherit" padding="l">
            <SpaceBetween size="s">
              <Box variant="strong" color="inherit">
                No launches yet
              </Box>
              <Box variant="p" color="inherit">
                Launch an instance and Kiln runs your install script on it, streaming the log here.
              </Box>
              <Button onClick={onNewLaunch}>Launch instance</Button>
            </SpaceBetween>
          </Box>
        )
      }
    />
  );
}

function RowActions({ record, onLaunchAgain, onTerminate, onRemove }: LaunchesTableProps & { record: LaunchRecord }) {
  const name = visibleText(record.spec.name);
  return (
    <SpaceBetween direction="horizontal" size="xs">
      {onLaunchAgain && (
        <Button
          data-testid={`launch-again-${record.id}`}
          variant="inline-link"
          ariaLabel={`Launch again like ${name}`}
          onClick={() => onLaunchAgain(record.id)}
        >
          Launch again
        </Button>
      )}
      {onTerminate && canTerminate(record) && (
        <Button
          data-testid={`terminate-${record.id}`}
          variant="inline-link"
          ariaLabel={`Terminate ${name}`}
          onClick={() => onTerminate(record.id)}
        >
          Terminate
        </Button>
      )}
      {onRemove && record.phase === 'terminated' && (
        <Button
          data-testid={`remove-${record.id}`}
          variant="inline-link"
          ariaLabel={`Remove ${name} from the list`}
          onClick={() => onRemove(record.id)}
        >
          Remove
        </Button>
      )}
    </SpaceBetween>
  );
}
