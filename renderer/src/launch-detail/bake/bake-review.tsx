/**
 * The review of a Save as AMI, from bake.preview: what will be created, the volumes, what it costs per month, how
 * long it usually takes, and whether the agent can seal the instance; when it cannot (or sealing failed) the
 * image would be unsealed, which the operator must accept with a checkbox. Presentational.
 */
import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import Checkbox from '@cloudscape-design/components/checkbox';
import Container from '@cloudscape-design/components/container';
import Header from '@cloudscape-design/components/header';
import KeyValuePairs from '@cloudscape-design/components/key-value-pairs';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import type { BakePreview } from '../../../../electron/common/models';
import { ErrorAlert } from '../../common/error-alert';
import { formatUsd } from '../../common/format';
import type { BakePreviewState } from './use-bake-dialog';

export interface BakeReviewProps {
  preview: BakePreviewState;
  copies: number;
  needsUnsealedConsent: boolean;
  allowUnsealed: boolean;
  onAllowUnsealed: (allow: boolean) => void;
}

/** What the operator accepts with "Image it unsealed". */
export const UNSEALED_CONSEQUENCES =
  "The image will be UNSEALED: it keeps the agent's token hash, its TLS key and journal, and the install script, and it is tagged kiln:sealed=false.";

export function BakeReview(props: BakeReviewProps) {
  const { preview } = props;
  return (
    <div
      data-testid="bake-review"
      data-state={preview.blocked ? 'blocked' : preview.waiting ? 'loading' : preview.error ? 'error' : 'ready'}
    >
      <Container header={<Header variant="h3">Review</Header>}>
        <SpaceBetween size="s">
          {preview.blocked && <Box color="text-status-inactive">Fix the fields above to see what will be created.</Box>}
          {!preview.blocked && preview.waiting && (
            <StatusIndicator type="loading">Checking the name and the instance</StatusIndicator>
          )}
          {preview.error && <ErrorAlert error={preview.error} header="Kiln cannot save this launch as an AMI now" />}
          {preview.value && !preview.blocked && <PreviewFacts preview={preview.value} copies={props.copies} />}
          {props.needsUnsealedConsent && (
            <UnsealedConsent
              note={preview.value?.agentReachable === false ? preview.value.agentNote : undefined}
              {...props}
            />
          )}
        </SpaceBetween>
      </Container>
    </div>
  );
}

function PreviewFacts({ preview, copies }: { preview: BakePreview; copies: number }) {
  const allRegions =
    copies > 0 && preview.usdPerMonthAllRegions !== null
      ? ` (${formatUsd(preview.usdPerMonthAllRegions)} with the ${copies} ${copies === 1 ? 'copy' : 'copies'})`
      : '';
  return (
    <SpaceBetween size="s">
      <div data-testid="bake-will-create">
        <Box variant="awsui-key-label">Kiln will create</Box>
        <ul className="kiln-plain-list">
          {preview.willCreate.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      </div>
      <KeyValuePairs
        columns={3}
        items={[
          {
            label: 'Volumes',
            value: (
              <span data-testid="bake-volumes">
                {preview.volumes.map((v) => `${v.device ?? v.volumeId}: ${v.sizeGiB} GiB`).join(', ') ||
                  'none reported'}
              </span>
            ),
          },
          {
            label: 'Cost per month',
            value: (
              <span data-testid="bake-cost" data-value={preview.usdPerMonth ?? ''}>
                {formatUsd(preview.usdPerMonth)}
                {allRegions}
                <Box variant="small" color="text-body-secondary">
                  {preview.priceNote}
                </Box>
              </span>
            ),
          },
          {
            label: 'Usually takes',
            value: <span data-testid="bake-duration">about {preview.estimatedMinutes} min</span>,
          },
        ]}
      />
      {preview.agentReachable && (
        <StatusIndicator type="success">The agent seals the instance first. {preview.agentNote}</StatusIndicator>
      )}
    </SpaceBetween>
  );
}

function UnsealedConsent({ note, allowUnsealed, onAllowUnsealed }: BakeReviewProps & { note: string | undefined }) {
  return (
    <div data-testid="bake-unsealed-warning">
      <Alert type="warning" header="The agent cannot seal this instance">
        <SpaceBetween size="xs">
          {note && <Box variant="p">{note}</Box>}
          <Box variant="p">{UNSEALED_CONSEQUENCES}</Box>
          <Checkbox
            data-testid="bake-allow-unsealed"
            checked={allowUnsealed}
            onChange={(e) => onAllowUnsealed(e.detail.checked)}
          >
            Image it unsealed
          </Checkbox>
        </SpaceBetween>
      </Alert>
    </div>
  );
}
