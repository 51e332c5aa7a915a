/** Quick-start tiles: every distribution Kiln knows, those not published in the region disabled with the reason. */
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import FormField from '@cloudscape-design/components/form-field';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import Tiles, { type TilesProps } from '@cloudscape-design/components/tiles';
import type { QuickStartTile } from '../../../electron/common/models';
import { ErrorAlert } from '../common/error-alert';
import type { QueryState } from '../common/use-command';

export interface QuickStartTilesProps {
  quickStart: QueryState<QuickStartTile[]>;
  selectedImageId: string;
  errorText: string | undefined;
  onChange: (imageId: string) => void;
}

export function QuickStartTiles({ quickStart, selectedImageId, errorText, onChange }: QuickStartTilesProps) {
  if (quickStart.loading) return <StatusIndicator type="loading">Loading quick-start images</StatusIndicator>;
  if (quickStart.error) {
    return <ErrorAlert error={quickStart.error} action={<Button onClick={quickStart.reload}>Retry</Button>} />;
  }
  return (
    <FormField label="Quick start" errorText={errorText}>
      <Tiles
        data-testid="ami-tiles"
        ariaLabel="Quick-start AMIs"
        columns={3}
        value={selectedImageId || null}
        items={(quickStart.value ?? []).map(tileItem)}
        onChange={(event) => onChange(event.detail.value)}
      />
    </FormField>
  );
}

function tileItem(tile: QuickStartTile): TilesProps.TilesDefinition {
  const { image } = tile;
  return {
    // Unavailable tiles have no image id; their parameter keeps the value unique.
    value: image?.imageId ?? tile.parameter,
    label: tile.label,
    disabled: !image,
    description: (
      <SpaceBetween size="xxs">
        <span>{tile.description}</span>
        {image ? (
          <Box variant="small" color="text-body-secondary">
            {image.architecture} · {image.platform === 'windows' ? 'Windows' : 'Linux'} · {image.imageId}
          </Box>
        ) : (
          <Box variant="small" color="text-status-inactive" data-testid="tile-unavailable-reason">
            {tile.unavailableReason}
          </Box>
        )}
      </SpaceBetween>
    ),
  };
}
