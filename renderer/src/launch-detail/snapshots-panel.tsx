/**
 * Snapshots on the launch page: every snapshot of the launch's volumes (time, size, state with progress, who made
 * it), Take snapshot now, and Restore… for a completed root-volume snapshot, which opens the restore dialog.
 */
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import Header from '@cloudscape-design/components/header';
import ProgressBar from '@cloudscape-design/components/progress-bar';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import Table from '@cloudscape-design/components/table';
import { useState } from 'react';
import type { LaunchRecord, LaunchSnapshot, SnapshotSource } from '../../../electron/common/models';
import { ErrorAlert } from '../common/error-alert';
import { formatDateTime } from '../common/format';
import { RestoreDialog } from './restore-dialog';
import { useSnapshots } from './use-snapshots';

const SOURCE_TEXT: Record<SnapshotSource, string> = {
  scheduled: 'Schedule (DLM)',
  manual: 'Taken by hand',
  bake: 'Save as AMI',
  other: 'Other',
};

export function SnapshotsPanel({ record, refreshMs }: { record: LaunchRecord; refreshMs?: number }) {
  const snapshots = useSnapshots(record, refreshMs);
  const [selected, setSelected] = useState<LaunchSnapshot>();
  const [restoring, setRestoring] = useState<LaunchSnapshot>();
  const live = record.instanceId !== undefined && !['terminating', 'terminated', 'lost'].includes(record.phase);
  const restoreRunning = record.restore?.state === 'running';
  const restoreReason = !selected
    ? 'Choose a snapshot'
    : !selected.root
      ? 'Only a snapshot of the root volume can be restored'
      : selected.state !== 'completed'
        ? 'The snapshot is not completed yet'
        : undefined;

  return (
    <Container
      data-testid="snapshots"
      header={
        <Header
          variant="h2"
          counter={snapshots.snapshots ? `(${snapshots.snapshots.length})` : undefined}
          description="EBS snapshots of this launch's volumes: the schedule's, and those taken by hand."
          actions={
            <SpaceBetween direction="horizontal" size="xs">
              <Button iconName="refresh" ariaLabel="Refresh snapshots" onClick={snapshots.refresh} />
              <Button
                data-testid="take-snapshot-button"
                loading={snapshots.takeLoading}
                disabled={!live}
                onClick={snapshots.take}
              >
                Take snapshot now
              </Button>
              <Button
                data-testid="restore-button"
                disabled={!live || restoreReason !== undefined || restoreRunning}
                disabledReason={restoreRunning ? 'A restore is running' : restoreReason}
                onClick={() => setRestoring(selected)}
              >
                Restore…
              </Button>
            </SpaceBetween>
          }
        >
          Snapshots
        </Header>
      }
    >
      <SpaceBetween size="m">
        <LastRestore record={record} />
        {snapshots.takeError && <ErrorAlert error={snapshots.takeError} header="No snapshot was taken" />}
        {snapshots.listError && <ErrorAlert error={snapshots.listError} header="Kiln could not list the snapshots" />}
        <SnapshotsTable
          snapshots={snapshots.snapshots}
          loading={snapshots.listLoading}
          selected={selected}
          onSelect={setSelected}
        />
      </SpaceBetween>
      {restoring && <RestoreDialog record={record} snapshot={restoring} onDismiss={() => setRestoring(undefined)} />}
    </Container>
  );
}

function SnapshotsTable(props: {
  snapshots: LaunchSnapshot[] | undefined;
  loading: boolean;
  selected: LaunchSnapshot | undefined;
  onSelect: (snapshot: LaunchSnapshot | undefined) => void;
}) {
  return (
    <Table
      data-testid="snapshots-table"
      variant="embedded"
      items={props.snapshots ?? []}
      loading={props.loading && props.snapshots === undefined}
      loadingText="Reading the snapshots"
      trackBy="snapshotId"
      selectionType="single"
      selectedItems={props.selected ? [props.selected] : []}
      onSelectionChange={({ detail }) => props.onSelect(detail.selectedItems[0])}
      ariaLabels={{
        tableLabel: 'Snapshots',
        selectionGroupLabel: 'Snapshot to restore',
        itemSelectionLabel: (_, snapshot) => snapshot.snapshotId,
      }}
      columnDefinitions={[
        { id: 'time', header: 'Time', cell: (s) => formatDateTime(s.startTime) },
        { id: 'id', header: 'Snapshot', cell: (s) => <Box variant="code">{s.snapshotId}</Box> },
        { id: 'size', header: 'Size', cell: (s) => (s.sizeGiB === null ? '–' : `${s.sizeGiB} GiB`) },
        {
          id: 'state',
          header: 'State',
          cell: (s) => (
            <span data-testid="snapshot-state" data-snapshot={s.snapshotId} data-state={s.state}>
              {s.state === 'pending' ? (
                <ProgressBar value={s.progress} label="Pending" ariaLabel={`${s.snapshotId} progress`} />
              ) : (
                <StatusIndicator type={s.state === 'completed' ? 'success' : s.state === 'error' ? 'error' : 'info'}>
                  {s.state}
                </StatusIndicator>
              )}
            </span>
          ),
        },
        {
          id: 'source',
          header: 'Source',
          cell: (s) => `${SOURCE_TEXT[s.source]}${s.root ? '' : ' · data volume'}`,
        },
      ]}
      empty={<Box color="text-body-secondary">No snapshots of this launch yet.</Box>}
    />
  );
}

/** The launch's latest restore while it runs, or how it failed (also one Kiln was stopped in the middle of). */
function LastRestore({ record }: { record: LaunchRecord }) {
  const restore = record.restore;
  if (restore?.state === 'running') {
    const step = restore.steps.at(-1)?.title ?? 'Starting';
    return (
      <div data-testid="restore-running">
        <StatusIndicator type="in-progress">
          Restoring from {restore.snapshotId}: {step}
        </StatusIndicator>
      </div>
    );
  }
  if (restore?.state === 'failed' && restore.error) {
    return (
      <ErrorAlert
        testId="restore-failed"
        error={restore.error}
        header={`The restore from ${restore.snapshotId} failed`}
      />
    );
  }
  return null;
}
