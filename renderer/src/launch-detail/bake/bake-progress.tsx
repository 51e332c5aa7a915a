/**
 * One Save as AMI on the launch page: its steps, each image with its snapshots' progress, the time it has taken
 * and roughly how long is left, the failure with AWS's reason, and what the seal removed. Presentational.
 */
import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import ExpandableSection from '@cloudscape-design/components/expandable-section';
import Header from '@cloudscape-design/components/header';
import Link from '@cloudscape-design/components/link';
import ProgressBar from '@cloudscape-design/components/progress-bar';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import type { Bake, BakedImage, SealReport } from '../../../../electron/common/models';
import { CopyValue } from '../../common/copy-value';
import { ErrorAlert } from '../../common/error-alert';
import { formatDateTime } from '../../common/format';
import { imageStateType } from '../../common/image-state';
import { appHref, paths } from '../../shell/routes';
import { bakeSteps, bakeTiming } from './bake-steps';

/** Image states whose snapshots are still being taken (a failed image's stalled bars would only mislead). */
const WATCHED_STATES = ['pending', 'copy-requested'];

export interface BakeProgressProps {
  bake: Bake;
  /** Date.now() of the latest tick, for the elapsed time. */
  now: number;
  onLaunchFromImage?: (image: BakedImage) => void;
  onOpenImages?: () => void;
}

export function BakeProgress({ bake, now, onLaunchFromImage, onOpenImages }: BakeProgressProps) {
  const timing = bakeTiming(bake, now);
  return (
    <div data-testid="bake-progress" data-bake-id={bake.id} data-phase={bake.phase}>
      <Container
        header={
          <Header
            variant="h2"
            description={`Started ${formatDateTime(bake.startedAt)}`}
            actions={
              bake.phase === 'available' && onOpenImages ? (
                <Link
                  data-testid="bake-open-images"
                  href={appHref(paths.images)}
                  onFollow={(event) => {
                    event.preventDefault();
                    onOpenImages();
                  }}
                >
                  See it on the Images page
                </Link>
              ) : undefined
            }
          >
            AMI {bake.request.name}
          </Header>
        }
      >
        <SpaceBetween size="m">
          <SpaceBetween direction="horizontal" size="m">
            {bakeSteps(bake).map((step) => (
              <span key={step.id} data-testid="bake-step" data-step={step.id} data-type={step.type}>
                <StatusIndicator type={step.type}>
                  {step.label}
                  {step.note ? ` (${step.note})` : ''}
                </StatusIndicator>
              </span>
            ))}
          </SpaceBetween>
          <Box data-testid="bake-timing" color="text-body-secondary">
            {timing.elapsed}
            {timing.remaining ? `, ${timing.remaining}` : ''}
          </Box>
          {bake.error && <ErrorAlert testId="bake-error" error={bake.error} header="Saving the AMI failed" />}
          {bake.warnings?.map((warning) => (
            <Alert
              key={warning.code}
              type="warning"
              header={warning.message}
              data-testid="bake-warning"
              data-code={warning.code}
            >
              {warning.remedy}
            </Alert>
          ))}
          {bake.images.map((image) => (
            <ImageProgress
              key={image.imageId}
              image={image}
              onLaunch={onLaunchFromImage && (() => onLaunchFromImage(image))}
            />
          ))}
          {bake.seal && <SealDetails seal={bake.seal} />}
        </SpaceBetween>
      </Container>
    </div>
  );
}

function ImageProgress({ image, onLaunch }: { image: BakedImage; onLaunch?: () => void }) {
  return (
    <div data-testid="bake-image" data-image-id={image.imageId} data-state={image.state}>
      <SpaceBetween size="xs">
        <SpaceBetween direction="horizontal" size="s" alignItems="center">
          <Box fontWeight="bold">{image.region}</Box>
          <CopyValue value={image.imageId} label="AMI ID" testId="bake-image-id" />
          <StatusIndicator type={imageStateType(image.state)}>{image.state}</StatusIndicator>
          {image.copiedFrom && <Box color="text-body-secondary">copy of {image.copiedFrom}</Box>}
          {image.state === 'available' && onLaunch && (
            <Button
              data-testid="bake-launch-from-image"
              data-image-id={image.imageId}
              iconName="add-plus"
              onClick={onLaunch}
            >
              Launch from this image
            </Button>
          )}
        </SpaceBetween>
        {image.stateReason && <Box color="text-status-error">{image.stateReason}</Box>}
        {WATCHED_STATES.includes(image.state) &&
          image.snapshots.map((snapshot) => (
            <div
              key={snapshot.snapshotId}
              data-testid="snapshot-progress"
              data-snapshot-id={snapshot.snapshotId}
              data-value={snapshot.progress}
            >
              <ProgressBar
                value={snapshot.progress}
                label={snapshot.snapshotId}
                description={
                  snapshot.volumeSizeGiB === null ? snapshot.state : `${snapshot.volumeSizeGiB} GiB, ${snapshot.state}`
                }
              />
            </div>
          ))}
      </SpaceBetween>
    </div>
  );
}

function SealDetails({ seal }: { seal: SealReport }) {
  const header = seal.sealed ? 'Seal report: sealed' : `Seal report: unsealed${seal.reason ? `: ${seal.reason}` : ''}`;
  return (
    <div data-testid="bake-seal-report" data-sealed={String(seal.sealed)}>
      <ExpandableSection headerText={header}>
        <SpaceBetween size="s">
          {!seal.sealed && (
            <Box>
              Unsealed: {seal.reason ?? 'no reason recorded'}. The image keeps the agent&apos;s token hash, TLS key,
              journal and the install script, and is tagged kiln:sealed=false.
            </Box>
          )}
          <SealList title="Removed" items={seal.removed} />
          <SealList title="Kept" items={seal.kept} />
          {seal.actions.length > 0 && (
            <div>
              <Box variant="awsui-key-label">What the agent ran</Box>
              <ul className="kiln-plain-list">
                {seal.actions.map((action, i) => (
                  <li key={i}>
                    <StatusIndicator type={action.ok ? 'success' : 'error'}>
                      <code>{action.command}</code>
                      {action.detail ? `: ${action.detail}` : ''}
                    </StatusIndicator>
                  </li>
                ))}
              </ul>
            </div>
          )}
        </SpaceBetween>
      </ExpandableSection>
    </div>
  );
}

function SealList({ title, items }: { title: string; items: string[] }) {
  if (items.length === 0) return null;
  return (
    <div>
      <Box variant="awsui-key-label">{title}</Box>
      <ul className="kiln-plain-list">
        {items.map((item) => (
          <li key={item}>
            <code>{item}</code>
          </li>
        ))}
      </ul>
    </div>
  );
}
