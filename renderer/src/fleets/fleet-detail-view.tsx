/**
 * One fleet's page: its state and actions (Scale…, Roll out new image…, Pause/Resume scaling, Delete), and how it
 * stands in AWS, read on open, every 15 s and on each fleets.updated: counters, a rollout's progress, instances,
 * scaling activities, alarms and CPU. A group deleted outside Kiln and a failed read say so plainly.
 */
import { useMemo, useState } from 'react';
import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import ButtonDropdown from '@cloudscape-design/components/button-dropdown';
import Container from '@cloudscape-design/components/container';
import Header from '@cloudscape-design/components/header';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import type { FleetCapacity, FleetRecord } from '../../../electron/common/models';
import type { KilnError } from '../../../electron/common/result';
import { ErrorAlert } from '../common/error-alert';
import { useCommand } from '../common/use-command';
import { useNow } from '../common/use-now';
import { Visible } from '../common/visible';
import { visibleText } from '../common/visible-text';
import { DeleteFleetModal } from './delete-fleet-modal';
import { FleetCpuChart } from './fleet-cpu-chart';
import {
  FleetActivitiesTable,
  FleetAlarms,
  FleetCounters,
  FleetInstancesTable,
  FleetRolloutProgress,
} from './fleet-status-panels';
import { FLEET_STATUS } from './fleets-store';
import { RolloutFleetModal, type RolloutChoice } from './rollout-fleet-modal';
import { ScaleFleetModal } from './scale-fleet-modal';
import { FLEET_STATUS_INTERVAL_MS, useFleetStatus } from './use-fleet-status';
import { useFleets } from './use-fleets';

export interface FleetDetailViewProps {
  fleetId: string;
  onBack: () => void;
}

type Dialog = 'scale' | 'rollout' | 'delete' | undefined;

export function FleetDetailView({ fleetId, onBack }: FleetDetailViewProps) {
  const fleets = useFleets();
  const fleet = fleets.fleets.find((f) => f.id === fleetId);
  const ids = useMemo(() => [fleetId], [fleetId]);
  const status = useFleetStatus(ids);
  const now = useNow(FLEET_STATUS_INTERVAL_MS);
  const scale = useCommand('fleets.scale');
  const rollout = useCommand('fleets.rollout');
  const pause = useCommand('fleets.suspendScaling');
  const remove = useCommand('fleets.delete');
  const [dialog, setDialog] = useState<Dialog>();
  const [actionFailure, setActionFailure] = useState<{ header: string; error: KilnError }>();

  if (!fleet) {
    if (!fleets.loaded) {
      return fleets.error ? (
        <ErrorAlert
          error={fleets.error}
          header="Kiln could not read the fleets"
          action={<Button onClick={fleets.reload}>Retry</Button>}
        />
      ) : (
        <StatusIndicator type="loading">Loading the fleet</StatusIndicator>
      );
    }
    return (
      <Alert
        type="info"
        header="No such fleet"
        data-testid="fleet-not-found"
        action={<Button onClick={onBack}>Fleets</Button>}
      >
        {`There is no fleet ${fleetId} on this workstation (it may have been deleted).`}
      </Alert>
    );
  }

  const current = status.byId(fleetId);
  const active = fleet.state === 'active';
  const busy = fleet.state === 'creating' || fleet.state === 'deleting';
  const paused = current ? current.scalingSuspended : (fleet.scalingSuspended ?? false);

  async function confirmScale(capacity: FleetCapacity) {
    const result = await scale.run({ fleetId, capacity });
    if (result.ok) done(result.value);
  }

  async function confirmRollout(choice: RolloutChoice) {
    const result = await rollout.run({ fleetId, ...choice });
    if (result.ok) done(result.value);
  }

  async function togglePause() {
    const result = await pause.run({ fleetId, suspended: !paused });
    if (result.ok) done(result.value);
    else
      setActionFailure({ header: paused ? 'Scaling was not resumed' : 'Scaling was not paused', error: result.error });
  }

  function confirmDelete() {
    setDialog(undefined);
    // A deletion takes minutes (the group drains first): the dialog closes at once and a failure shows here.
    void remove.run({ fleetId }).then((result) => {
      if (result.ok) fleets.upsert(result.value);
      else setActionFailure({ header: 'The fleet was not deleted', error: result.error });
    });
  }

  function done(record: FleetRecord) {
    fleets.upsert(record);
    setDialog(undefined);
    setActionFailure(undefined);
    status.reload();
  }

  function open(next: Dialog) {
    scale.clearError();
    rollout.clearError();
    setDialog(next);
  }

  const notActive = active ? undefined : `The fleet is ${fleet.state}; only an active fleet can do this.`;
  return (
    <div data-testid="fleet-detail-view" data-fleet-id={fleetId}>
      <SpaceBetween size="l">
        <Header
          variant="h1"
          description={`${fleet.id} · ${fleet.spec.region} · ${fleet.spec.imageId} · ${fleet.spec.instanceType}`}
          info={
            <span data-testid="fleet-detail-state" data-state={fleet.state}>
              <StatusIndicator type={FLEET_STATUS[fleet.state].type}>{FLEET_STATUS[fleet.state].text}</StatusIndicator>
            </span>
          }
          actions={
            <SpaceBetween direction="horizontal" size="xs">
              <Button iconName="refresh" ariaLabel="Refresh the fleet's status" onClick={status.reload} />
              <ButtonDropdown
                data-testid="fleet-actions"
                onItemClick={({ detail }) => {
                  if (detail.id === 'fleet-scale') open('scale');
                  else if (detail.id === 'fleet-rollout') open('rollout');
                  else if (detail.id === 'fleet-pause') void togglePause();
                  else if (detail.id === 'fleet-delete') open('delete');
                }}
                items={[
                  { id: 'fleet-scale', text: 'Scale…', disabled: !active, disabledReason: notActive },
                  { id: 'fleet-rollout', text: 'Roll out new image…', disabled: !active, disabledReason: notActive },
                  {
                    id: 'fleet-pause',
                    text: paused ? 'Resume scaling' : 'Pause scaling',
                    disabled: !active || pause.loading,
                    disabledReason: notActive,
                  },
                  {
                    id: 'fleet-delete',
                    text: 'Delete',
                    disabled: busy,
                    disabledReason: busy ? `The fleet is ${fleet.state}; wait until it is done.` : undefined,
                  },
                ]}
              >
                Actions
              </ButtonDropdown>
            </SpaceBetween>
          }
        >
          <Visible text={fleet.spec.name} />
        </Header>
        {fleet.error && (
          <ErrorAlert
            error={fleet.error}
            header={`The fleet failed: ${fleet.error.message}`}
            testId="fleet-detail-failure"
          />
        )}
        {actionFailure && (
          <ErrorAlert
            error={actionFailure.error}
            header={actionFailure.header}
            onDismiss={() => setActionFailure(undefined)}
          />
        )}
        {status.error && (
          <ErrorAlert
            error={status.error}
            header="Kiln could not read how the fleet stands"
            action={<Button onClick={status.reload}>Retry</Button>}
          />
        )}
        {current?.readError && (
          <ErrorAlert
            error={current.readError}
            testId="fleet-read-error"
            header={`AWS did not answer for this fleet: ${current.readError.message}`}
            action={<Button onClick={status.reload}>Retry</Button>}
          />
        )}
        {current?.missing && (
          <Alert type="warning" header="The Auto Scaling group is gone" data-testid="fleet-missing">
            {`The group of ${visibleText(fleet.spec.name)} no longer exists in AWS: it was deleted outside Kiln. ` +
              'Delete the fleet to remove what is left of it.'}
          </Alert>
        )}
        <FleetCounters fleet={fleet} status={current} />
        {current?.refresh && <FleetRolloutProgress refresh={current.refresh} />}
        {current ? (
          <SpaceBetween size="l">
            <FleetInstancesTable instances={current.instances} />
            <FleetActivitiesTable activities={current.activities} />
            <FleetAlarms alarms={current.alarms} />
            <Container header={<Header variant="h2">CPU, last 3 hours</Header>}>
              <FleetCpuChart cpu={current.cpu} target={fleet.spec.cpuTarget} now={now} />
            </Container>
          </SpaceBetween>
        ) : (
          status.loading && (
            <Box>
              <StatusIndicator type="loading">Reading the fleet&apos;s status from AWS</StatusIndicator>
            </Box>
          )
        )}
      </SpaceBetween>
      {dialog === 'scale' && (
        <ScaleFleetModal
          fleet={fleet}
          loading={scale.loading}
          error={scale.error}
          onConfirm={(capacity) => void confirmScale(capacity)}
          onDismiss={() => setDialog(undefined)}
        />
      )}
      {dialog === 'rollout' && (
        <RolloutFleetModal
          fleet={fleet}
          loading={rollout.loading}
          error={rollout.error}
          onConfirm={(choice) => void confirmRollout(choice)}
          onDismiss={() => setDialog(undefined)}
        />
      )}
      {dialog === 'delete' && (
        <DeleteFleetModal fleet={fleet} onConfirm={confirmDelete} onDismiss={() => setDialog(undefined)} />
      )}
    </div>
  );
}
