/**
 * The AMI step: quick-start tiles (unavailable ones disabled with the reason), the account's own and Kiln-baked
 * AMIs, a search by id or name, and an AMI id field; the chosen image is summarised on top, Windows flagged.
 */
import { useState } from 'react';
import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import Container from '@cloudscape-design/components/container';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import KeyValuePairs from '@cloudscape-design/components/key-value-pairs';
import SegmentedControl from '@cloudscape-design/components/segmented-control';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import type { ImageSummary, QuickStartTile } from '../../../electron/common/models';
import { errorText } from '../common/error-alert';
import { Visible } from '../common/visible';
import { formatDateTime } from '../common/format';
import type { QueryState } from '../common/use-command';
import { AmiSearch } from './ami-search';
import { ImageTable, PlatformLabel, rootDevice } from './image-table';
import { QuickStartTiles } from './quick-start-tiles';
import type { AmiLookupEntry } from './use-ami-lookup';
import { useImagePages } from './use-image-pages';
import type { FieldErrors } from './field-errors';

export type AmiSource = 'quick-start' | 'self' | 'kiln-baked' | 'search';

export interface AmiStepProps {
  profileId: string;
  region: string;
  quickStart: QueryState<QuickStartTile[]>;
  quickStartImageId: string;
  /** The AMI id typed, or picked from My AMIs, Kiln-baked AMIs or a search; it wins over the tile. */
  customImageId: string;
  customLookup: AmiLookupEntry | undefined;
  /** The image that will be launched, when known. */
  image: ImageSummary | undefined;
  errors: FieldErrors;
  onQuickStartChange: (imageId: string) => void;
  /** An image picked from a listing, already described. */
  onImageChoose: (image: ImageSummary) => void;
  onCustomImageChange(text: string): void;
  /** The operator is done typing an AMI id (blur or Enter): look it up. */
  onCustomImageCommit: () => void;
}

const SOURCES: { id: AmiSource; text: string }[] = [
  { id: 'quick-start', text: 'Quick start' },
  { id: 'self', text: 'My AMIs' },
  { id: 'kiln-baked', text: 'Kiln-baked AMIs' },
  { id: 'search', text: 'Search' },
];

export function AmiStep(props: AmiStepProps) {
  const [source, setSource] = useState<AmiSource>('quick-start');
  const where = props.profileId && props.region ? { profileId: props.profileId, region: props.region } : null;
  const listScope = source === 'self' || source === 'kiln-baked' ? source : null;
  const own = useImagePages(
    where && listScope ? { command: 'images.list', input: { ...where, scope: listScope } } : null,
  );
  const typingCustom = props.customImageId.trim() !== '';
  return (
    <SpaceBetween size="l">
      <SelectedImage image={props.image} />
      <Container header={<Header variant="h2">Application and OS image (AMI)</Header>}>
        <SpaceBetween size="l">
          <SegmentedControl
            data-testid="ami-source"
            label="Where the AMI comes from"
            selectedId={source}
            options={SOURCES}
            onChange={(event) => setSource(event.detail.selectedId as AmiSource)}
          />
          {source === 'quick-start' && (
            <QuickStartTiles
              quickStart={props.quickStart}
              selectedImageId={typingCustom ? '' : props.quickStartImageId}
              errorText={typingCustom ? undefined : props.errors.imageId}
              onChange={props.onQuickStartChange}
            />
          )}
          {listScope && (
            <ImageTable
              key={listScope}
              testId={`ami-table-${listScope}`}
              pages={own}
              selectedImageId={props.customImageId.trim()}
              onSelect={props.onImageChoose}
              empty={
                listScope === 'self'
                  ? `This account owns no AMIs in ${props.region}.`
                  : `No AMIs baked by Kiln in ${props.region} yet. Save a finished launch as an AMI to see it here.`
              }
            />
          )}
          {source === 'search' && where && (
            <AmiSearch where={where} selectedImageId={props.customImageId.trim()} onSelect={props.onImageChoose} />
          )}
          <CustomImageField {...props} />
        </SpaceBetween>
      </Container>
    </SpaceBetween>
  );
}

function CustomImageField(props: AmiStepProps) {
  const typingCustom = props.customImageId.trim() !== '';
  const tileId = typingCustom ? '' : props.quickStartImageId;
  return (
    <FormField
      label="AMI id"
      description="Any AMI this profile can launch in the region; Kiln checks that it exists. A pick from My AMIs, Kiln-baked AMIs or Search fills it in."
      constraintText={
        tileId ? (
          <span data-testid="ami-id-in-use">
            Empty: Kiln launches the quick-start tile&apos;s AMI, {tileId}. An id typed here replaces it.
          </span>
        ) : undefined
      }
      errorText={typingCustom ? customError(props) : undefined}
    >
      <SpaceBetween size="xs">
        <Input
          value={props.customImageId}
          placeholder={tileId || 'ami-0123456789abcdef0'}
          nativeInputAttributes={{ 'data-testid': 'ami-id-input' }}
          spellcheck={false}
          onChange={(event) => props.onCustomImageChange(event.detail.value)}
          onBlur={props.onCustomImageCommit}
          onKeyDown={(event) => {
            if (event.detail.key === 'Enter') props.onCustomImageCommit();
          }}
        />
        {typingCustom && <LookupStatus entry={props.customLookup} />}
      </SpaceBetween>
    </FormField>
  );
}

/** The schema's message for a malformed id comes first; then the lookup's own error. */
function customError({ errors, customLookup }: AmiStepProps): string | undefined {
  if (errors.imageId) return errors.imageId;
  if (customLookup?.status === 'done' && !customLookup.result.ok) return errorText(customLookup.result.error);
  return undefined;
}

function LookupStatus({ entry }: { entry: AmiLookupEntry | undefined }) {
  if (entry?.status === 'loading') return <StatusIndicator type="loading">Looking up the AMI</StatusIndicator>;
  if (entry?.status === 'done' && entry.result.ok) {
    const image = entry.result.value;
    return (
      <StatusIndicator type="success">
        {image.label ?? image.name} ({image.architecture}, {image.platform})
      </StatusIndicator>
    );
  }
  return null;
}

function SelectedImage({ image }: { image: ImageSummary | undefined }) {
  if (!image) return null;
  return (
    <Container
      data-testid="selected-ami"
      header={
        <Header variant="h2">
          Selected AMI: <Visible text={image.label ?? image.name} />
        </Header>
      }
    >
      <SpaceBetween size="s">
        <KeyValuePairs
          columns={3}
          items={[
            { label: 'AMI id', value: image.imageId },
            { label: 'Architecture', value: image.architecture },
            { label: 'Platform', value: <PlatformLabel image={image} /> },
            { label: 'Created', value: image.creationDate ? formatDateTime(image.creationDate) : '—' },
            { label: 'Root device', value: rootDevice(image) },
            {
              label: 'Name',
              value: (
                <Box variant="small">
                  <Visible text={image.name} />
                </Box>
              ),
            },
          ]}
        />
        {image.platform === 'windows' && (
          <Alert type="info" data-testid="windows-ami-notice">
            This is a Windows AMI: Kiln renders the PowerShell bootstrap, opens RDP instead of SSH, and needs an RSA key
            pair to decrypt the Administrator password.
          </Alert>
        )}
      </SpaceBetween>
    </Container>
  );
}
