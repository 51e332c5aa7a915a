/** A paged, single-select table of AMIs with what matters before launching one. Presentational. */
import { useState } from 'react';
import Badge from '@cloudscape-design/components/badge';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Pagination from '@cloudscape-design/components/pagination';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Table, { type TableProps } from '@cloudscape-design/components/table';
import type { ImageSummary } from '../../../electron/common/models';
import { ErrorAlert } from '../common/error-alert';
import { formatDateTime } from '../common/format';
import type { ImagePages } from './use-image-pages';
import { Visible } from '../common/visible';
import { visibleText } from '../common/visible-text';

const PAGE_SIZE = 10;

export interface ImageTableProps {
  pages: ImagePages;
  selectedImageId: string;
  onSelect: (image: ImageSummary) => void;
  /** What an empty listing means here (no own AMIs yet, nothing found…). */
  empty: string;
  testId: string;
}

export function ImageTable({ pages, selectedImageId, onSelect, empty, testId }: ImageTableProps) {
  const [pageIndex, setPageIndex] = useState(1);
  const pageCount = Math.max(1, Math.ceil(pages.images.length / PAGE_SIZE));
  const current = Math.min(pageIndex, pageCount);
  const items = pages.images.slice((current - 1) * PAGE_SIZE, current * PAGE_SIZE);
  return (
    <SpaceBetween size="s">
      {pages.error && (
        <ErrorAlert
          error={pages.error}
          action={<Button onClick={pages.images.length > 0 ? pages.loadMore : pages.reload}>Retry</Button>}
        />
      )}
      <Table
        data-testid={testId}
        variant="embedded"
        wrapLines
        items={items}
        columnDefinitions={COLUMNS}
        trackBy="imageId"
        selectionType="single"
        selectedItems={pages.images.filter((i) => i.imageId === selectedImageId)}
        onSelectionChange={(event) => {
          const [image] = event.detail.selectedItems;
          if (image) onSelect(image);
        }}
        isItemDisabled={(image) => image.state !== undefined && image.state !== 'available'}
        ariaLabels={{
          selectionGroupLabel: 'AMIs',
          itemSelectionLabel: (_, image) => `Select ${visibleText(image.name)}`,
          allItemsSelectionLabel: () => 'Select all',
        }}
        loading={pages.loading && pages.images.length === 0}
        loadingText="Loading AMIs"
        empty={
          <Box textAlign="center" color="inherit">
            {empty}
          </Box>
        }
        pagination={
          <Pagination
            currentPageIndex={current}
            pagesCount={pageCount}
            onChange={(e) => setPageIndex(e.detail.currentPageIndex)}
          />
        }
        footer={<TableFooter pages={pages} />}
      />
    </SpaceBetween>
  );
}

function TableFooter({ pages }: { pages: ImagePages }) {
  if (pages.hasMore) {
    return (
      <Box textAlign="center">
        <Button onClick={pages.loadMore} loading={pages.loading} data-testid="load-more-images">
          Load more AMIs
        </Button>
      </Box>
    );
  }
  if (pages.truncated) {
    return (
      <Box textAlign="center" color="text-body-secondary" data-testid="images-truncated">
        Showing the newest {pages.images.length} matches only; type more of the name to narrow the search.
      </Box>
    );
  }
  return null;
}

const COLUMNS: TableProps.ColumnDefinition<ImageSummary>[] = [
  {
    id: 'name',
    header: 'Name',
    minWidth: 240,
    cell: (image) => (
      <SpaceBetween size="xxxs">
        <span>
          <Visible text={image.name} /> {image.kilnBaked && <Badge color="blue">Kiln-baked</Badge>}
        </span>
        <Box variant="small" color="text-body-secondary">
          {image.imageId}
        </Box>
      </SpaceBetween>
    ),
  },
  { id: 'architecture', header: 'Architecture', width: 120, cell: (image) => image.architecture },
  { id: 'platform', header: 'Platform', width: 110, cell: (image) => <PlatformLabel image={image} /> },
  {
    id: 'created',
    header: 'Created',
    width: 150,
    cell: (image) => (image.creationDate ? formatDateTime(image.creationDate) : '—'),
  },
  { id: 'root', header: 'Root device', width: 140, cell: rootDevice },
  { id: 'state', header: 'State', width: 100, cell: (image) => image.state ?? '—' },
];

/** "/dev/xvda, 8 GiB" as the console shows it; what is unknown is left out. */
export function rootDevice(image: ImageSummary): string {
  const size = image.rootVolumeSizeGiB !== undefined ? `${image.rootVolumeSizeGiB} GiB` : undefined;
  return [image.rootDeviceName, size].filter(Boolean).join(', ') || '—';
}

export function PlatformLabel({ image }: { image: ImageSummary }) {
  return image.platform === 'windows' ? <Badge color="severity-low">Windows</Badge> : <span>Linux</span>;
}
