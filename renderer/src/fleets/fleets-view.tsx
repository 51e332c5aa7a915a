/**
 * Fleets: every fleet this workstation made, live through fleets.updated, with Scale… and Delete, and a failed
 * fleet's error, remedy and Delete above the table.
 */
import { useState } from 'react';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Header from '@cloudscape-design/components/header';
import SpaceBetween from '@cloudscape-design/components/space-between';
import type { FleetCapacity, FleetRecord } from '../../../electron/common/models';
import type { KilnError } from '../../../electron/common/result';
import { ErrorAlert } from '../common/error-alert';
import { useCommand } from '../common/use-command';
import { visibleText } from '../common/visible-text';
import { DeleteFleetModal } from './delete-fleet-modal';
import { FleetsTable } from './fleets-table';
import { ScaleFleetModal } from './scale-fleet-modal';
import { useFleetStatus } from './use-fleet-status';
import { useFleets } from './use-fleets';

export interface FleetsViewProps {
  onCreateFleet: () => void;
  onOpenFleet: (fleetId: string) => void;
}

export function FleetsView({ onCreateFleet, onOpenFleet }: FleetsViewProps) {
  const fleets = useFleets();
  // One fleets.status for every fleet (batched per region by the backend), not one per row.
  const status = useFleetStatus();
  const scale = useCommand('fleets.scale');
  const remove = useCommand('fleets.delete');
  const [scaling, setScaling] = useState<FleetRecord>();
  const [deleting, setDeleting] = useState<FleetRecord>();
  // A deletion takes minutes (the group drains first): the dialog closes at once and its failure shows here.
  const [deleteFailure, setDeleteFailure] = useState<{ fleet: FleetRecord; error: KilnError }>();

  async function confirmScale(capacity: FleetCapacity) {
    if (!scaling) return;
    const result = await scale.run({ fleetId: scaling.id, capacity });
    if (result.ok) {
      fleets.upsert(result.value);
      setScaling(undefined);
    }
  }

  function confirmDelete() {
    if (!deleting) return;
    const fleet = deleting;
    setDeleting(undefined);
    setDeleteFailure(undefined);
    void remove.run({ fleetId: fleet.id }).then((result) => {
      if (result.ok) fleets.upsert(result.value);
      else setDeleteFailure({ fleet, error: result.error });
    });
  }

  function openScale(fleet: FleetRecord) {
    scale.clearError();
    setScaling(fleet);
  }

  const failed = fleets.fleets.filter((f) => f.state === 'failed');
  // A deletion that failed halfway marks the fleet failed, which shows its own alert below.
  const deleteFailureShown =
    deleteFailure && !failed.some((f) => f.id === deleteFailure.fleet.id) ? deleteFailure : undefined;
  return (
    <div data-testid="fleets-view">
      <SpaceBetween size="l">
        {fleets.error && (
          <ErrorAlert
            error={fleets.error}
            header="Kiln could not list the fleets"
            action={<Button onClick={fleets.reload}>Retry</Button>}
          />
        )}
        {deleteFailureShown && (
          <ErrorAlert
            error={deleteFailureShown.error}
            header={`Fleet ${visibleText(deleteFailureShown.fleet.spec.name)} was not deleted`}
            onDismiss={() => setDeleteFailure(undefined)}
          />
        )}
        {failed.map((fleet) => (
          <ErrorAlert
            key={fleet.id}
            testId="fleet-failure"
            error={fleet.error ?? { code: 'Failed', message: 'The fleet failed.' }}
            header={`Fleet ${visibleText(fleet.spec.name)} failed: ${fleet.error?.message ?? 'no reason was recorded'}`}
            action={
              <Button data-testid="fleet-failure-delete" onClick={() => setDeleting(fleet)}>
                Delete
              </Button>
            }
          />
        ))}
        <FleetsTable
          fleets={fleets.fleets}
          loading={fleets.loading && !fleets.loaded}
          statusOf={status.byId}
          onOpen={onOpenFleet}
          onScale={openScale}
          onDelete={setDeleting}
          empty={
            <Box textAlign="center" data-testid="fleets-empty">
              <SpaceBetween size="s">
                <Box variant="p">No fleets yet. A fleet runs one image on many instances, with Auto Scaling.</Box>
                <Button onClick={onCreateFleet}>Create fleet</Button>
              </SpaceBetween>
            </Box>
          }
          header={
            <Header
              variant="awsui-h1-sticky"
              counter={fleets.loaded ? `(${fleets.fleets.length})` : undefined}
              description="Instances of one image on AWS Auto Scaling, optionally behind a load balancer with a DNS name."
              actions={
                <SpaceBetween direction="horizontal" size="xs">
                  <Button
                    iconName="refresh"
                    ariaLabel="Refresh fleets"
                    onClick={() => {
                      fleets.reload();
                      status.reload();
                    }}
                  />
                  <Button variant="primary" data-testid="create-fleet-button" onClick={onCreateFleet}>
                    Create fleet
                  </Button>
                </SpaceBetween>
              }
            >
              Fleets
            </Header>
          }
        />
      </SpaceBetween>
      {scaling && (
        <ScaleFleetModal
          fleet={scaling}
          loading={scale.loading}
          error={scale.error}
          onConfirm={(capacity) => void confirmScale(capacity)}
          onDismiss={() => setScaling(undefined)}
        />
      )}
      {deleting && (
        <DeleteFleetModal fleet={deleting} onConfirm={confirmDelete} onDismiss={() => setDeleting(undefined)} />
      )}
    </div>
  );
}
