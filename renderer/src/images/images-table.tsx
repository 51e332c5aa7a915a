/**
 * The Kiln-baked images of a profile: filterable, sortable and paged, with each image's state (progress while
 * pending), size, lineage, sealing and monthly cost, and the row actions. Presentational.
 */
import type { ReactNode } from 'react';
import { useCollection } from '@cloudscape-design/collection-hooks';
import Box from '@cloudscape-design/components/box';
import ButtonDropdown from '@cloudscape-design/components/button-dropdown';
import Pagination from '@cloudscape-design/components/pagination';
import Table, { type TableProps } from '@cloudscape-design/components/table';
import TextFilter from '@cloudscape-design/components/text-filter';
import type { KilnImage } from '../../../electron/common/models';
import { formatDateTime, formatUsd } from '../common/format';
import { ImageLaunchCell, ImageStateCell, sealedText } from './image-cells';
import { Visible } from '../common/visible';

export interface ImagesTableProps {
  images: KilnImage[];
  loading: boolean;
  header: ReactNode;
  /** The name of a launch this workstation knows, else undefined. */
  launchName: (launchId: string) => string | undefined;
  onOpenLaunch: (launchId: string) => void;
  onLaunch: (image: KilnImage) => void;
  /** Create fleet from this image; the item is left out without it. */
  onCreateFleet?: (image: KilnImage) => void;
  onCopy: (image: KilnImage) => void;
  onDeregister: (image: KilnImage) => void;
}

const PAGE_SIZE = 20;

export function ImagesTable(props: ImagesTableProps) {
  const { items, collectionProps, filterProps, filteredItemsCount, paginationProps } = useCollection(props.images, {
    filtering: {
      empty: <Box textAlign="center">No Kiln-baked images yet. Save a launch as an AMI from its page.</Box>,
      noMatch: <Box textAlign="center">No image matches the filter.</Box>,
      fields: ['name', 'imageId', 'region', 'state', 'sourceImageId', 'launchId', 'description'],
    },
    sorting: { defaultState: { sortingColumn: { sortingField: 'createdAt' }, isDescending: true } },
    pagination: { pageSize: PAGE_SIZE },
  });
  return (
    <Table
      {...collectionProps}
      data-testid="images-table"
      variant="full-page"
      items={items}
      trackBy="imageId"
      // The table is wider than most windows: the row actions stay in view.
      stickyColumns={{ first: 0, last: 1 }}
      loading={props.loading}
      loadingText="Looking for Kiln-baked images in every region"
      header={props.header}
      columnDefinitions={columns(props)}
      filter={
        <TextFilter
          {...filterProps}
          filteringPlaceholder="Find images by name, id, region, state or launch"
          filteringAriaLabel="Filter images"
          countText={filteredItemsCount === undefined ? undefined : `${filteredItemsCount} matches`}
        />
      }
      pagination={<Pagination {...paginationProps} />}
    />
  );
}

function columns({
  launchName,
  onOpenLaunch,
  onLaunch,
  onCreateFleet,
  onCopy,
  onDeregister,
}: ImagesTableProps): TableProps.ColumnDefinition<KilnImage>[] {
  const available = (image: KilnImage) => image.state === 'available';
  return [
    {
      id: 'name',
      header: 'Name',
      sortingField: 'name',
      isRowHeader: true,
      minWidth: 200,
      cell: (image) => (
        <span data-testid="image-row" data-image-id={image.imageId} data-state={image.state}>
          <Box fontWeight="bold">
            <Visible text={image.name} />
          </Box>
          <Box variant="small">{image.imageId}</Box>
        </span>
      ),
    },
    { id: 'region', header: 'Region', sortingField: 'region', minWidth: 100, cell: (image) => image.region },
    {
      id: 'state',
      header: 'State',
      sortingField: 'state',
      minWidth: 140,
      cell: (image) => <ImageStateCell image={image} />,
    },
    { id: 'size', header: 'GiB', sortingField: 'sizeGiB', minWidth: 60, cell: (image) => image.sizeGiB ?? '–' },
    {
      id: 'created',
      header: 'Created',
      sortingField: 'createdAt',
      minWidth: 150,
      cell: (image) => (image.createdAt ? formatDateTime(image.createdAt) : 'unknown'),
    },
    {
      id: 'lineage',
      header: 'Baked from',
      minWidth: 180,
      cell: (image) => (
        <>
          <ImageLaunchCell
            launchId={image.launchId}
            launchName={image.launchId ? launchName(image.launchId) : undefined}
            onOpen={onOpenLaunch}
          />
          <Box variant="small" display="block">
            {image.sourceImageId ? `on ${image.sourceImageId}` : 'source AMI unknown'}
          </Box>
        </>
      ),
    },
    {
      id: 'sealed',
      header: 'Sealed',
      minWidth: 70,
      cell: (image) => <span data-testid="image-sealed">{sealedText(image.sealed)}</span>,
    },
    {
      id: 'cost',
      header: 'Per month',
      sortingField: 'usdPerMonth',
      minWidth: 90,
      cell: (image) => formatUsd(image.usdPerMonth),
    },
    {
      id: 'actions',
      header: 'Actions',
      minWidth: 70,
      cell: (image) => (
        <ButtonDropdown
          variant="inline-icon"
          expandToViewport
          ariaLabel={`Actions for ${image.name} in ${image.region}`}
          onItemClick={({ detail }) => {
            if (detail.id === 'image-launch') onLaunch(image);
            else if (detail.id === 'image-create-fleet') onCreateFleet?.(image);
            else if (detail.id === 'image-copy') onCopy(image);
            else if (detail.id === 'image-deregister') onDeregister(image);
          }}
          // Cloudscape gives each item its id as data-testid.
          items={[
            {
              id: 'image-launch',
              text: 'Launch from this image',
              disabled: !available(image),
              disabledReason: available(image)
                ? undefined
                : `The image is ${image.state}; launch it once it is available.`,
            },
            ...(onCreateFleet
              ? [
                  {
                    id: 'image-create-fleet',
                    text: 'Create fleet',
                    disabled: !available(image),
                    disabledReason: available(image)
                      ? undefined
                      : `The image is ${image.state}; a fleet runs available images only.`,
                  },
                ]
              : []),
            {
              id: 'image-copy',
              text: 'Copy to region',
              disabled: !available(image),
              disabledReason: available(image)
                ? undefined
                : `The image is ${image.state}; EC2 copies available images only.`,
            },
            { id: 'image-deregister', text: 'Deregister' },
          ]}
        />
      ),
    },
  ];
}
