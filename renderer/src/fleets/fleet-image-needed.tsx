/**
 * A fleet opened from a launch that has no Kiln-baked image yet: the fleet needs one, so the launch's Save as AMI is
 * offered here (the form takes the image once it is available), and the AMI the launch started from is offered too,
 * plainly marked as not holding what the install put on the instance.
 */
import { useState } from 'react';
import Alert from '@cloudscape-design/components/alert';
import Button from '@cloudscape-design/components/button';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import type { LaunchRecord } from '../../../electron/common/models';
import { visibleText } from '../common/visible-text';
import { bakeAvailability } from '../launch-detail/bake/bake-availability';
import { BakeDialog } from '../launch-detail/bake/bake-dialog';
import { bakeInProgress } from './fleet-prefill';

export interface FleetImageNeededProps {
  launch: LaunchRecord;
  /** A command returned a newer copy of the launch (its bake started). */
  onRecord: (record: LaunchRecord) => void;
  /** Use the AMI the launch started from, without its install. */
  onUseLaunchImage: () => void;
}

export function FleetImageNeeded({ launch, onRecord, onUseLaunchImage }: FleetImageNeededProps) {
  const [baking, setBaking] = useState(false);
  const bake = bakeAvailability(launch);
  const name = visibleText(launch.spec.name);
  if (bakeInProgress(launch)) {
    return (
      <Alert type="info" header="The fleet's image is being saved" data-testid="fleet-image-needed" data-state="baking">
        <StatusIndicator type="loading">
          Saving {name} as an AMI: the form takes the image as soon as it is available.
        </StatusIndicator>
      </Alert>
    );
  }
  return (
    <>
      <Alert
        type="warning"
        header="The fleet needs an image of this launch"
        data-testid="fleet-image-needed"
        data-state="no-image"
        action={
          <SpaceBetween direction="horizontal" size="xs">
            <Button data-testid="fleet-use-launch-ami" onClick={onUseLaunchImage}>
              Use {launch.spec.imageId} without the install
            </Button>
            <Button
              variant="primary"
              data-testid="fleet-save-as-ami"
              disabled={!bake.enabled}
              disabledReason={bake.enabled ? undefined : bake.reason}
              onClick={() => setBaking(true)}
            >
              Save as AMI
            </Button>
          </SpaceBetween>
        }
      >
        {name} has not been saved as an AMI yet. Every instance of a fleet starts from its image, and the AMI the launch
        started from ({launch.spec.imageId}) does not hold what the install put on the instance. Save the launch as an
        AMI: the form takes the image when it is available.
      </Alert>
      {baking && (
        <BakeDialog
          record={launch}
          onStarted={(next) => {
            onRecord(next);
            setBaking(false);
          }}
          onDismiss={() => setBaking(false)}
        />
      )}
    </>
  );
}
