/**
 * Images: every Kiln-baked AMI in the chosen profile's regions, live while pending, with Launch from this image,
 * Copy to region and Deregister (which deletes the snapshots, so nothing is left to pay for).
 */
import { useState } from 'react';
import Button from '@cloudscape-design/components/button';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Select from '@cloudscape-design/components/select';
import SpaceBetween from '@cloudscape-design/components/space-between';
import type { KilnImage } from '../../../electron/common/models';
import { ErrorAlert } from '../common/error-alert';
import { formatUsd } from '../common/format';
import { useQuery } from '../common/use-command';
import type { FleetPrefill } from '../fleets/fleet-form';
import type { ImageToLaunch } from '../launch-wizard/launch-from-image';
import { CopyImageModal } from './copy-image-modal';
import { DeregisterModal } from './deregister-modal';
import { ImageActionOutcomeAlerts } from './image-action-outcome';
import { ImagesTable } from './images-table';
import { monthlyTotal } from './images-store';
import { useBakedImages } from './use-baked-images';
import { useImageActions } from './use-image-actions';

export interface ImagesViewProps {
  /** The name of a launch this workstation knows, else undefined (its link then is plain text). */
  launchName: (launchId: string) => string | undefined;
  onOpenLaunch: (launchId: string) => void;
  onLaunchFromImage: (image: ImageToLaunch) => void;
  /** Opens Create fleet on an available image, with its region. */
  onCreateFleet?: (from: FleetPrefill) => void;
  onOpenCleanup?: () => void;
}

export function ImagesView({
  launchName,
  onOpenLaunch,
  onLaunchFromImage,
  onCreateFleet,
  onOpenCleanup,
}: ImagesViewProps) {
  const profiles = useQuery('profiles.list', {});
  const usable = (profiles.value ?? []).filter((p) => p.available);
  const [profileId, setProfileId] = useState<string>();
  const chosen = profileId ?? usable[0]?.id;
  const baked = useBakedImages(chosen);
  const regions = useQuery('regions.list', chosen ? { profileId: chosen } : null);
  const actions = useImageActions(chosen, baked);
  const total = monthlyTotal(baked.images);

  function launch(image: KilnImage) {
    if (chosen)
      onLaunchFromImage({ profileId: chosen, region: image.region, imageId: image.imageId, name: image.name });
  }

  function createFleet(image: KilnImage) {
    if (chosen) {
      onCreateFleet?.({ profileId: chosen, region: image.region, imageId: image.imageId, imageName: image.name });
    }
  }

  return (
    <div data-testid="images-view">
      <SpaceBetween size="l">
        {profiles.error && <ErrorAlert error={profiles.error} />}
        {baked.error && (
          <ErrorAlert
            error={baked.error}
            header="Kiln could not list the images"
            action={<Button onClick={baked.reload}>Retry</Button>}
          />
        )}
        {actions.outcome && (
          <ImageActionOutcomeAlerts
            outcome={actions.outcome}
            onDismiss={actions.dismissOutcome}
            onOpenCleanup={onOpenCleanup}
          />
        )}
        <FormField label="Profile" description="Kiln looks in every region this profile can use.">
          <Select
            data-testid="images-profile-select"
            selectedOption={
              chosen ? { value: chosen, label: usable.find((p) => p.id === chosen)?.label ?? chosen } : null
            }
            options={usable.map((p) => ({ value: p.id, label: p.label }))}
            onChange={(event) => setProfileId(event.detail.selectedOption.value)}
            statusType={profiles.loading ? 'loading' : 'finished'}
            placeholder="Choose a profile"
          />
        </FormField>
        <ImagesTable
          images={baked.images}
          loading={baked.loading && !baked.loaded}
          launchName={launchName}
          onOpenLaunch={onOpenLaunch}
          onLaunch={launch}
          onCreateFleet={onCreateFleet && createFleet}
          onCopy={actions.openCopy}
          onDeregister={actions.openDeregister}
          header={
            <Header
              variant="awsui-h1-sticky"
              counter={baked.loaded ? `(${baked.images.length})` : undefined}
              description={`AMIs Kiln baked from launches, in every region of the profile${total === null ? '' : `; together about ${formatUsd(total)} per month of snapshot storage`}.`}
              actions={
                <Button
                  data-testid="images-refresh"
                  iconName="refresh"
                  ariaLabel="Refresh images"
                  loading={baked.loading}
                  disabled={!chosen}
                  onClick={baked.reload}
                />
              }
            >
              Images
            </Header>
          }
        />
      </SpaceBetween>
      {actions.copying && (
        <CopyImageModal
          image={actions.copying}
          regions={{ names: (regions.value ?? []).map((r) => r.name), loading: regions.loading, error: regions.error }}
          loading={actions.copyLoading}
          error={actions.copyError}
          onConfirm={actions.copy}
          onDismiss={actions.closeCopy}
        />
      )}
      {actions.deregistering && (
        <DeregisterModal
          image={actions.deregistering}
          loading={actions.deregisterLoading}
          error={actions.deregisterError}
          onConfirm={actions.deregister}
          onDismiss={actions.closeDeregister}
        />
      )}
    </div>
  );
}
